package se.tillit.dp.ledger;

import java.time.Instant;
import se.tillit.dp.accounting.DpEvent;

/**
 * An accepted charge: one release from a dataset, described by the mechanism event it ran.
 *
 * @param id the ledger's number for this charge (increasing, unique in the database)
 * @param datasetId the dataset charged
 * @param timestamp when it was recorded (UTC)
 * @param actor who charged it
 * @param purpose why (free text; no personal data)
 * @param event the mechanism that was or will be run on the data
 * @param accountant the accountant that approved it
 * @param epsilonAfter the dataset's spent epsilon right after this charge, as that accountant
 *     computed it then
 */
public record Charge(
    long id,
    DatasetId datasetId,
    Instant timestamp,
    String actor,
    String purpose,
    DpEvent event,
    String accountant,
    double epsilonAfter) {}
