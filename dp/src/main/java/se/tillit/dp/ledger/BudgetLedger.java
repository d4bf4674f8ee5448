package se.tillit.dp.ledger;

import java.util.List;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.audit.AuditLog;

/**
 * The privacy budget ledger: one budget per dataset, covering every release made from it (training
 * rounds, synthetic data, DP statistics).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Spending is the epsilon that the ledger's privacy accountant certifies, at the dataset's
 *       budget delta, for the composition of ALL events charged to the dataset; never a sum of
 *       per-release epsilons.
 *   <li>A charge that would take spending above the budget's epsilon is refused with
 *       {@link BudgetExceededException} before anything is stored.
 *   <li>Charges on one dataset are serialised, also across processes sharing the database: two
 *       racing charges can never both pass on the strength of the same remaining budget.
 *   <li>Every change (dataset created, charge accepted, charge refused) is written to the
 *       hash-chained {@link #auditLog()} in the same transaction as the change.
 * </ul>
 *
 * <p>Errors: bad parameters give {@link IllegalArgumentException} (an unknown dataset
 * {@link UnknownDatasetException}, a second create {@link DuplicateDatasetException}) whose message
 * names the parameter, the allowed range and the value; database failures give
 * {@link LedgerStorageException} after rolling back. Calls after {@link #close()} give
 * {@link IllegalStateException}.
 *
 * <p>Implementations are thread-safe.
 */
public interface BudgetLedger extends AutoCloseable {

  /**
   * Registers a dataset with its lifetime budget.
   *
   * @param actor who does it (non-empty, at most 200 characters)
   * @param description free text, may be null or empty; no personal data
   * @return the new dataset's status (nothing spent)
   * @throws DuplicateDatasetException if the dataset already exists
   */
  DatasetStatus createDataset(
      String actor, DatasetId id, PrivacyBudget budget, String description);

  /** Every dataset with its current spending, ordered by id. */
  List<DatasetStatus> listDatasets();

  /**
   * A dataset's budget and spending.
   *
   * @throws UnknownDatasetException if there is no such dataset
   */
  DatasetStatus dataset(DatasetId id);

  /**
   * Charges {@code event} to the dataset, if the budget allows it.
   *
   * @param actor who does it (non-empty, at most 200 characters)
   * @param purpose why (non-empty, at most 2000 characters); no personal data
   * @return the stored charge
   * @throws BudgetExceededException if the composition of all charges plus this one would exceed
   *     the epsilon budget (the refusal is audited, nothing is charged)
   * @throws UnknownDatasetException if there is no such dataset
   * @throws IllegalArgumentException if the accountant cannot account for the event
   */
  Charge charge(String actor, DatasetId id, String purpose, DpEvent event);

  /**
   * The dataset's accepted charges in the order they were made.
   *
   * @throws UnknownDatasetException if there is no such dataset
   */
  List<Charge> charges(DatasetId id);

  /**
   * What charging {@code event} now would do; stores nothing and audits nothing. A later charge
   * may still be refused if other charges are made in between.
   *
   * @throws UnknownDatasetException if there is no such dataset
   * @throws IllegalArgumentException if the accountant cannot account for the event
   */
  ChargePreview canAfford(DatasetId id, DpEvent event);

  /**
   * The audit log that records this ledger's changes (in the same database). It stays usable until
   * this ledger is closed; closing it does not close the ledger.
   */
  AuditLog auditLog();

  /** Releases the database; idempotent. */
  @Override
  void close();
}
