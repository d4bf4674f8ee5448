package se.tillit.dp.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.tillit.dp.audit.internal.JdbcAuditLog;
import se.tillit.dp.audit.internal.JdbcDatabase;

/**
 * An append-only, hash-chained audit log kept in a relational database (embedded H2 or
 * PostgreSQL).
 *
 * <p>Guarantees: records are numbered 1, 2, 3, ... without gaps, even when several processes
 * append at once (appends lock the chain's head row). Each record carries the hash of its
 * predecessor and a SHA-256 hash over the canonical encoding of all its fields, so that
 * {@link #verify()} detects a record that was edited, deleted, inserted or moved in the database
 * after it was written, and reports the first broken sequence number.
 *
 * <p>Limits: the chain proves integrity relative to its own head. Someone with write access to the
 * database who rewrites a record AND every record after it (and the head row) is not detected by
 * {@code verify()} alone; to detect that, keep the latest hash ({@link #latest()}) somewhere else
 * (a signed report, another system) and compare it later.
 *
 * <p>Details are stored as a JSON object; callers must not put personal data there, nor in the
 * subject.
 *
 * <p>Implementations are thread-safe. After {@link #close()} every method throws
 * {@link IllegalStateException}.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Appends a record.
   *
   * @param actor non-empty, at most 200 characters
   * @param action non-empty, at most 100 characters, e.g. {@code privacy.charge}
   * @param subject non-empty, at most 300 characters, e.g. a dataset id
   * @param details values that Jackson can write as JSON (strings, numbers, booleans, lists,
   *     maps); may be empty, never personal data
   * @return the stored record, with its sequence number and hash
   * @throws IllegalArgumentException if a parameter is out of range
   * @throws AuditStorageException if the database fails
   */
  AuditRecord append(String actor, String action, String subject, Map<String, ?> details);

  /**
   * Up to {@code limit} records with {@code sequence >= fromSequence}, in sequence order.
   *
   * @param fromSequence >= 1
   * @param limit >= 1
   */
  List<AuditRecord> records(long fromSequence, int limit);

  /** The last record, or empty if the log is empty. */
  Optional<AuditRecord> latest();

  /** Recomputes the whole chain; see {@link AuditVerification}. */
  AuditVerification verify();

  /** Releases the database; idempotent. */
  @Override
  void close();

  /** Opens the audit log in the database at {@code jdbcUrl}; see {@link #open(String, String, String)}. */
  static AuditLog open(String jdbcUrl) {
    return open(jdbcUrl, null, null);
  }

  /**
   * Opens the audit log in the database at {@code jdbcUrl}, creating or upgrading its tables
   * (Flyway history table {@code tillit_dp_schema_history}).
   *
   * @param user may be null
   * @param password may be null
   * @throws IllegalArgumentException if the URL is malformed or names a database other than H2 or
   *     PostgreSQL
   * @throws AuditStorageException if the database cannot be reached or migrated
   */
  static AuditLog open(String jdbcUrl, String user, String password) {
    try {
      JdbcDatabase db = JdbcDatabase.open(jdbcUrl, user, password, Duration.ofSeconds(30));
      return new JdbcAuditLog(db, true, Clock.systemUTC());
    } catch (SQLException e) {
      throw new AuditStorageException("could not open the audit log database: " + e.getMessage(), e);
    }
  }
}
