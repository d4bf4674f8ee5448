package se.tillit.cli.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import se.tillit.dp.ledger.JdbcBudgetLedger;

/** Where the ledger lives and who is acting: shared by every {@code ledger} subcommand. */
public final class LedgerOptions {
  @Option(
      names = "--db",
      paramLabel = "JDBC-URL",
      description = {
        "Ledger database. Default: an embedded H2 file, jdbc:h2:file:$TILLIT_HOME/tillit"
            + ";AUTO_SERVER=TRUE (TILLIT_HOME defaults to ~/.tillit).",
        "PostgreSQL: jdbc:postgresql://HOST:5432/DB"
      })
  String db;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user (PostgreSQL).")
  String dbUser;

  @Option(
      names = "--db-password-env",
      paramLabel = "VAR",
      description = "Name of the environment variable that holds the database password.")
  String dbPasswordEnv;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Who is acting, for the audit log (default: the operating-system user).")
  String actor;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;

  String actor() {
    String a = actor != null ? actor : System.getProperty("user.name", "unknown");
    if (a.isBlank()) {
      throw new IllegalArgumentException("--actor must not be blank. Provided value: '" + a + "'");
    }
    return a;
  }

  /** Default JDBC URL: an H2 file under TILLIT_HOME (default ~/.tillit), created on demand. */
  static String defaultUrl() {
    String home = System.getenv("TILLIT_HOME");
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

  JdbcBudgetLedger open() {
    String url = db != null ? db : defaultUrl();
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
