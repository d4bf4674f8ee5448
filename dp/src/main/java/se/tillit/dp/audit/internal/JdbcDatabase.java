package se.tillit.dp.audit.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The database that holds the dp module's ledger and audit log: opens connections from a JDBC URL
 * and, on {@link #open}, applies the migrations under {@code db/migration/tillit-dp} with their own
 * Flyway history table {@value #HISTORY_TABLE}, so that other modules can keep their own migrations
 * (and history tables) in the same database.
 *
 * <p>On H2, Flyway creates the history table with a quoted lower-case name
 * ({@code "tillit_dp_schema_history"}) while our own tables are unquoted (upper-case in H2's
 * catalogue); query the history table with quotes there.
 *
 * <p>Every operation takes a fresh connection from {@link #connection()} and closes it. For an
 * embedded H2 database one extra connection is held open for the lifetime of this object, so that
 * the database is not closed and reopened between operations.
 *
 * <p>Internal: not part of the public API.
 */
public final class JdbcDatabase implements AutoCloseable {
  /** Flyway's history table for the dp module's migrations. */
  public static final String HISTORY_TABLE = "tillit_dp_schema_history";

  /** Where the migrations live on the class path. */
  public static final String MIGRATIONS = "classpath:db/migration/tillit-dp";

  /** The database products this code is written and tested for. */
  public enum Product {
    H2,
    POSTGRESQL
  }

  private final String url;
  private final String user;
  private final String password;
  private final Duration lockTimeout;
  private final Product product;
  private final Connection keepAlive;
  private volatile boolean closed;

  private JdbcDatabase(
      String url, String user, String password, Duration lockTimeout, Product product,
      Connection keepAlive) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.lockTimeout = lockTimeout;
    this.product = product;
    this.keepAlive = keepAlive;
  }

  /**
   * Connects, checks that the database is H2 or PostgreSQL, and runs the migrations (a no-op when
   * they are already applied).
   *
   * @param user may be null (then the URL or driver default applies)
   * @param password may be null
   * @throws IllegalArgumentException if the URL is not a JDBC URL or names an unsupported database
   * @throws SQLException if the database cannot be reached or migrated
   */
  public static JdbcDatabase open(String url, String user, String password, Duration lockTimeout)
      throws SQLException {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "JDBC URL must be non-empty, e.g. jdbc:h2:file:~/.tillit/tillit;AUTO_SERVER=TRUE or "
              + "jdbc:postgresql://host:5432/tillit. Provided value: '" + url + "'");
    }
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "JDBC URL must start with 'jdbc:' (jdbc:h2:... or jdbc:postgresql:...). Provided value "
              + "starts with: '" + url.substring(0, Math.min(url.length(), 12)) + "'");
    }
    if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException(
          "lock timeout must be > 0. Provided value: " + lockTimeout);
    }
    Connection first = rawConnection(url, user, password);
    Product product;
    try {
      product = productOf(first);
    } catch (RuntimeException | SQLException e) {
      first.close();
      throw e;
    }
    boolean embeddedH2 = product == Product.H2 && !url.startsWith("jdbc:h2:tcp:")
        && !url.startsWith("jdbc:h2:ssl:");
    Connection keepAlive = embeddedH2 ? first : null;
    if (!embeddedH2) {
      first.close();
    }
    JdbcDatabase db = new JdbcDatabase(url, user, password, lockTimeout, product, keepAlive);
    try {
      db.migrate();
    } catch (RuntimeException | SQLException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static Connection rawConnection(String url, String user, String password)
      throws SQLException {
    if (user == null && password == null) {
      return DriverManager.getConnection(url);
    }
    return DriverManager.getConnection(url, user, password);
  }

  private static Product productOf(Connection connection) throws SQLException {
    String name = connection.getMetaData().getDatabaseProductName();
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (lower.equals("h2")) {
      return Product.H2;
    }
    if (lower.contains("postgres")) {
      return Product.POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "database product must be H2 or PostgreSQL. Provided value: " + name);
  }

  private void migrate() throws SQLException {
    try {
      Flyway.configure(JdbcDatabase.class.getClassLoader())
          .dataSource(url, user, password)
          .locations(MIGRATIONS)
          .table(HISTORY_TABLE)
          // Another module may already have created its own tables (with its own history table)
          // in the same schema; then start our history at version 0 and apply V1 onwards.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new SQLException("database migration of the dp module failed: " + e.getMessage(), e);
    }
  }

  /** H2 or PostgreSQL. */
  public Product product() {
    return product;
  }

  /**
   * A new connection in auto-commit mode with the lock timeout set; the caller closes it.
   *
   * @throws IllegalStateException if this database has been closed
   */
  public Connection connection() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the ledger database has been closed");
    }
    Connection c = rawConnection(url, user, password);
    try (Statement s = c.createStatement()) {
      long millis = Math.max(1, Math.min(Integer.MAX_VALUE, lockTimeout.toMillis()));
      if (product == Product.H2) {
        s.execute("SET LOCK_TIMEOUT " + millis);
      } else {
        s.execute("SET lock_timeout = " + millis);
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (keepAlive != null) {
      try {
        keepAlive.close();
      } catch (SQLException e) {
        // Nothing to do: the database closes itself when the last connection goes.
      }
    }
  }
}
