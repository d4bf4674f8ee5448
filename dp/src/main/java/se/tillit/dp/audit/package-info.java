/**
 * The tamper-evident audit log: append-only, hash-chained records of who did what to which
 * dataset, kept in the same database as the budget ledger. Start at {@link
 * se.tillit.dp.audit.AuditLog}.
 */
package se.tillit.dp.audit;
