package se.tillit.dp.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.tillit.dp.audit.AuditLog;
import se.tillit.dp.audit.AuditRecord;
import se.tillit.dp.audit.AuditStorageException;
import se.tillit.dp.audit.AuditVerification;

/**
 * {@link AuditLog} on a {@link JdbcDatabase}. Internal: obtain one through {@link AuditLog#open} or
 * from a budget ledger.
 */
public final class JdbcAuditLog implements AuditLog {
  private final JdbcDatabase db;
  private final boolean ownsDatabase;
  private final Clock clock;
  private volatile boolean closed;

  /**
   * @param ownsDatabase whether {@link #close()} closes {@code db} (false when the log is a view
   *     of a ledger's database)
   */
  public JdbcAuditLog(JdbcDatabase db, boolean ownsDatabase, Clock clock) {
    this.db = db;
    this.ownsDatabase = ownsDatabase;
    this.clock = clock;
  }

  @Override
  public AuditRecord append(String actor, String action, String subject, Map<String, ?> details) {
    // Check before touching the database, so bad input never costs a connection.
    AuditChain.checkText("actor", actor, 200);
    AuditChain.checkText("action", action, 100);
    AuditChain.checkText("subject", subject, 300);
    AuditChain.detailsJson(details);
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        AuditRecord r = AuditChain.append(c, clock.instant(), actor, action, subject, details);
        c.commit();
        return r;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new AuditStorageException("could not append to the audit log: " + e.getMessage(), e);
    }
  }

  @Override
  public List<AuditRecord> records(long fromSequence, int limit) {
    if (fromSequence < 1) {
      throw new IllegalArgumentException(
          "fromSequence must be >= 1. Provided value: " + fromSequence);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1. Provided value: " + limit);
    }
    try (Connection c = connection()) {
      return AuditChain.records(c, fromSequence, limit);
    } catch (SQLException e) {
      throw new AuditStorageException("could not read the audit log: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<AuditRecord> latest() {
    try (Connection c = connection()) {
      return AuditChain.latest(c);
    } catch (SQLException e) {
      throw new AuditStorageException("could not read the audit log: " + e.getMessage(), e);
    }
  }

  @Override
  public AuditVerification verify() {
    try (Connection c = connection()) {
      return AuditChain.verify(c);
    } catch (SQLException e) {
      throw new AuditStorageException("could not verify the audit log: " + e.getMessage(), e);
    }
  }

  private Connection connection() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the audit log has been closed");
    }
    return db.connection();
  }

  @Override
  public void close() {
    closed = true;
    if (ownsDatabase) {
      db.close();
    }
  }
}
