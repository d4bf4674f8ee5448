package se.tillit.cli.privacy;

import picocli.CommandLine.Option;

/** {@code --accountant} and {@code --json}, shared by the accounting commands. */
public final class AccountantOptions {
  @Option(
      names = "--accountant",
      paramLabel = "rdp|pld",
      defaultValue = "pld",
      description = "Accountant: pld (tight, default) or rdp (Renyi DP, faster, looser).")
  AccountantChoice accountant;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;
}
