package se.tillit.cli.synth;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tillit synth}: synthetic copies of a table. To add a subcommand, add its class to
 * {@code subcommands} below.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    header = "[researcher] Synthetic data: schema, fit, sample, quality and privacy report.",
    description = {
      "DP methods (mst, aim, privbayes) give (epsilon, delta)-differential privacy; with"
          + " --dataset the fit is charged to that dataset's privacy ledger and refused (exit 3)"
          + " when over budget. They need public domains: categorical columns must be declared in"
          + " a schema file (--schema); numeric columns without declared bounds get private bounds"
          + " paid from 5% of epsilon.",
      "cart and copula are NOT differentially private, and their models hold values of the data:"
          + " protect a model file like the data itself."
    },
    subcommands = {
      SchemaCommand.class, FitCommand.class, SampleCommand.class, ReportCommand.class
    })
public final class SynthCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }
}
