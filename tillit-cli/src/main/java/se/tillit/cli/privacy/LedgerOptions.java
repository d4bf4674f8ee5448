package se.tillit.cli.privacy;

import picocli.CommandLine.Option;
import se.tillit.cli.DatabaseOptions;

/** Where the ledger lives, who is acting, and --json: shared by every {@code ledger} subcommand. */
public final class LedgerOptions extends DatabaseOptions {
  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;
}
