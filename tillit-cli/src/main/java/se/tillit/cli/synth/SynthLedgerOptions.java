package se.tillit.cli.synth;

import picocli.CommandLine.Option;
import se.tillit.dp.ledger.JdbcBudgetLedger;

/** The privacy ledger a DP fit is charged to (same options as {@code tillit privacy ledger}). */
final class SynthLedgerOptions {
  @Option(names = "--dataset", paramLabel = "OWNER/DATASET",
      description = "Charge the fit to this dataset's privacy budget (DP methods only).")
  String dataset;

  @Option(names = "--db", paramLabel = "JDBC-URL",
      description = "Ledger database (default: H2 file under TILLIT_HOME, as 'tillit privacy ledger').")
  String db;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user (PostgreSQL).")
  String dbUser;

  @Option(names = "--db-password-env", paramLabel = "VAR",
      description = "Environment variable that holds the database password.")
  String dbPasswordEnv;

  @Option(names = "--actor", paramLabel = "NAME",
      description = "Who is acting, for the audit log (default: the operating-system user).")
  String actor;

  String actor() {
    String a = actor != null ? actor : System.getProperty("user.name", "unknown");
    if (a.isBlank()) {
      throw new IllegalArgumentException("--actor must not be blank. Provided value: '" + a + "'");
    }
    return a;
  }

  JdbcBudgetLedger open() {
    String url = db;
    if (url == null) {
      String home = System.getenv("TILLIT_HOME");
      java.nio.file.Path dir = home != null && !home.isBlank()
          ? java.nio.file.Path.of(home)
          : java.nio.file.Path.of(System.getProperty("user.home"), ".tillit");
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "cannot create the Tillit home directory " + dir + "; set TILLIT_HOME or pass --db");
      }
      url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("tillit") + ";AUTO_SERVER=TRUE";
    }
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--db must be a jdbc:h2: or jdbc:postgresql: URL. Provided value: " + url);
    }
    String password = null;
    if (dbPasswordEnv != null) {
      password = System.getenv(dbPasswordEnv);
      if (password == null) {
        throw new IllegalArgumentException(
            "--db-password-env names an environment variable that is not set. Provided value: "
                + dbPasswordEnv);
      }
    }
    return JdbcBudgetLedger.builder().url(url).credentials(dbUser, password).open();
  }
}
