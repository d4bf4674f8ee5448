package se.tillit.cli.privacy;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The privacy officer's commands: accounting, calibration, budget ledger and curves. */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    header = "[privacy officer] Epsilon accounting, noise calibration, budget ledger, curves.",
    description = {
      "Answers (epsilon, delta) questions for DP-SGD style training (T steps of the Poisson-"
          + "subsampled Gaussian mechanism with noise multiplier S and sampling rate Q), finds the"
          + " noise for a target, and keeps the per-dataset budget ledger.",
      "Accountants: pld (privacy loss distributions, tight; the default) and rdp (Renyi DP).",
      "Neighbouring datasets differ by adding or removing one record."
    },
    subcommands = {
      EpsilonCommand.class,
      DeltaCommand.class,
      CalibrateCommand.class,
      LedgerCommand.class,
      CurveCommand.class
    })
public final class PrivacyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }
}
