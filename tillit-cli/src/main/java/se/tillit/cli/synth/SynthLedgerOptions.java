package se.tillit.cli.synth;

import picocli.CommandLine.Option;
import se.tillit.cli.DatabaseOptions;

/** The privacy ledger a DP fit is charged to (same options as {@code tillit privacy ledger}). */
final class SynthLedgerOptions extends DatabaseOptions {
  @Option(names = "--dataset", paramLabel = "OWNER/DATASET",
      description = "Charge the fit to this dataset's privacy budget (DP methods only).")
  String dataset;
}
