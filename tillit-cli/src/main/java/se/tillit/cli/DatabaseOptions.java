package se.tillit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import se.tillit.dp.ledger.JdbcBudgetLedger;

/**
 * Where Tillit's state database lives (privacy ledger and audit log) and who is acting. Commands
 * that touch the ledger extend this class, so every one of them has the same options.
 */
public class DatabaseOptions {
  @Option(
      names = "--db",
      paramLabel = "JDBC-URL",
      description = {
        "State database (ledger and audit log). Default: an embedded H2 file,"
            + " jdbc:h2:file:$TILLIT_HOME/tillit;AUTO_SERVER=TRUE (TILLIT_HOME defaults to ~/.tillit).",
        "PostgreSQL: jdbc:postgresql://HOST:5432/DB"
      })
  public String db;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user (PostgreSQL).")
  public String dbUser;

  @Option(
      names = "--db-password-env",
      paramLabel = "VAR",
      description = "Name of the environment variable that holds the database password.")
  public String dbPasswordEnv;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Who is acting, for the audit log (default: the operating-system user).")
  public String actor;

  /** The acting person or service; never blank. */
  public String actor() {
    String a = actor != null ? actor : System.getProperty("user.name", "unknown");
    if (a.isBlank()) {
      throw new IllegalArgumentException("--actor must not be blank. Provided value: '" + a + "'");
    }
    return a;
  }

  /**
   * Default JDBC URL: an H2 file under TILLIT_HOME (default ~/.tillit), created on demand. The
   * system property {@code tillit.home}, when set, takes precedence (the tests set it).
   */
  public static String defaultUrl() {
    String home = System.getProperty("tillit.home", System.getenv("TILLIT_HOME"));
    Path dir = home != null && !home.isBlank()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".tillit");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot create the Tillit home directory " + dir + " (" + e.getMessage()
              + "); set TILLIT_HOME or pass --db");
    }
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("tillit") + ";AUTO_SERVER=TRUE";
  }

  /** The JDBC URL to use, validated. */
  public String url() {
    String url = db != null ? db : defaultUrl();
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--db must be a jdbc:h2: or jdbc:postgresql: URL. Provided value: " + url);
    }
    return url;
  }

  /** The password from the named environment variable, or null when none was named. */
  public String password() {
    if (dbPasswordEnv == null) {
      return null;
    }
    String password = System.getenv(dbPasswordEnv);
    if (password == null) {
      throw new IllegalArgumentException(
          "--db-password-env names an environment variable that is not set. Provided value: "
              + dbPasswordEnv);
    }
    return password;
  }

  /** Opens the hash-chained audit log (migrating the database if needed). */
  public se.tillit.dp.audit.AuditLog openAuditLog() {
    return se.tillit.dp.audit.AuditLog.open(url(), dbUser, password());
  }

  /** Opens the privacy budget ledger (migrating the database if needed). */
  public JdbcBudgetLedger openLedger() {
    return JdbcBudgetLedger.builder().url(url()).credentials(dbUser, password()).open();
  }
}
