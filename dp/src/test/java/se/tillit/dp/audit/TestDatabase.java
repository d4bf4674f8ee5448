package se.tillit.dp.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Test helper: a fresh, empty database for one test, embedded H2 in a directory or a throwaway
 * schema in the PostgreSQL server named by {@code TILLIT_TEST_POSTGRES_URL}.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String POSTGRES_URL_ENV = "TILLIT_TEST_POSTGRES_URL";
  public static final String POSTGRES_USER_ENV = "TILLIT_TEST_POSTGRES_USER";
  public static final String POSTGRES_PASSWORD_ENV = "TILLIT_TEST_POSTGRES_PASSWORD";

  private final String url;
  private final String user;
  private final String password;
  private final String adminUrl;
  private final String schema;

  private TestDatabase(String url, String user, String password, String adminUrl, String schema) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.adminUrl = adminUrl;
    this.schema = schema;
  }

  /** An H2 file database in {@code dir}, shareable between processes (AUTO_SERVER). */
  public static TestDatabase h2(Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("tillit").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    return new TestDatabase(url, null, null, null, null);
  }

  /**
   * A new schema in the PostgreSQL test server; skips the calling test (JUnit assumption) when
   * {@code TILLIT_TEST_POSTGRES_URL} is not set.
   */
  public static TestDatabase postgres() {
    String base = System.getenv(POSTGRES_URL_ENV);
    assumeTrue(
        base != null && !base.isBlank(),
        "PostgreSQL tests skipped: set " + POSTGRES_URL_ENV + " (and " + POSTGRES_USER_ENV + ", "
            + POSTGRES_PASSWORD_ENV + "; default tillit/tillit). Start a throwaway server with "
            + "`scripts/postgres-test-server.sh`, which prints the URL.");
    String user = envOr(POSTGRES_USER_ENV, "tillit");
    String password = envOr(POSTGRES_PASSWORD_ENV, "tillit");
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String schema = "tillit_test_" + HexFormat.of().formatHex(random);
    try (Connection c = DriverManager.getConnection(base, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test schema in " + base, e);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase(url, user, password, base, schema);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** A raw connection, for tests that tamper with the tables behind the code's back. */
  public Connection connect() throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  /** Runs one SQL statement; returns the update count. */
  public int execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
      return s.getUpdateCount();
    }
  }

  @Override
  public void close() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(adminUrl, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
