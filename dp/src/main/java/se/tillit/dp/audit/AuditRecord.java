package se.tillit.dp.audit;

import java.time.Instant;

/**
 * One record of the {@link AuditLog}.
 *
 * @param sequence 1 for the first record, then consecutive
 * @param timestamp when the record was written, UTC, microsecond precision
 * @param actor who did it (a user or service name as given by the caller)
 * @param action what was done, a dotted name such as {@code privacy.charge}
 * @param subject what it was done to, such as a dataset id
 * @param detailsJson a JSON object with the particulars; never personal data
 * @param previousHash {@link #hash()} of record {@code sequence - 1}, or 64 zeros for record 1
 * @param hash lowercase hex SHA-256 over the canonical encoding of all the fields above
 */
public record AuditRecord(
    long sequence,
    Instant timestamp,
    String actor,
    String action,
    String subject,
    String detailsJson,
    String previousHash,
    String hash) {}
