package se.tillit.cli.synth;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.cli.ProgressBar;
import se.tillit.synth.report.PrivacyResult;
import se.tillit.synth.report.ReportOptions;
import se.tillit.synth.report.SynthesisReport;

/** {@code tillit synth report}: quality and privacy of a synthetic table against the real one. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Quality and privacy of a synthetic table against the real one, as an HTML report.",
    description = {
      "Fidelity: mean 1-way and 2-way marginal total variation distance (TVD), association"
          + " differences. Utility (with --target): accuracy on real test rows of a random forest"
          + " trained on synthetic rows (TSTR) against one trained on real rows (TRTR). Privacy:"
          + " distance to closest record against a holdout baseline, exact-match rate, and a"
          + " membership-inference attack's AUC (0.5 = no measurable leakage).",
      "Give --holdout with real rows the synthesizer never saw; without it the real table is"
          + " split 80/20 at random, and if the synthesizer saw all of it the attack AUC is biased"
          + " towards 0.5.",
      "CSV: a header line; missing values are empty, '?' or 'NA'; values are stripped of"
          + " surrounding spaces.",
      "Example: tillit synth report --real adult.csv --synthetic synthetic.csv --target income"
          + " --out report.html"
    })
public final class ReportCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;

  @Option(names = "--real", required = true, paramLabel = "FILE", description = "Real table (CSV).")
  Path real;

  @Option(
      names = "--synthetic",
      required = true,
      paramLabel = "FILE",
      description = "Synthetic table (CSV) with the same columns.")
  Path synthetic;

  @Option(
      names = "--holdout",
      paramLabel = "FILE",
      description = "Real rows the synthesizer never saw (CSV); default: 20%% of --real at random.")
  Path holdout;

  @Option(
      names = "--target",
      paramLabel = "COLUMN",
      description = "Column to predict for TSTR/TRTR accuracy (a class label, at most 100 values).")
  String target;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "HTML report to write.")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed for the split, subsamples and forests (reproducible report).")
  Long seed;

  @Option(
      names = "--max-query-rows",
      paramLabel = "N",
      defaultValue = "5000",
      description = "Rows queried per side in nearest-neighbour searches; default ${DEFAULT-VALUE}.")
  int maxQueryRows;

  @Option(
      names = "--trees",
      paramLabel = "N",
      defaultValue = "20",
      description = "Trees of each random forest; default ${DEFAULT-VALUE}.")
  int trees;

  @Option(names = "--json", description = "Print one JSON object as the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws Exception {
    Path parent = out.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "--out must be in an existing directory. Provided value: " + out);
    }
    ReportOptions.Builder b =
        ReportOptions.builder().target(target).maxQueryRows(maxQueryRows).trees(trees);
    if (seed != null) {
      b.seed(seed);
    }
    ReportOptions options = b.build();
    SynthesisReport report;
    try (ProgressBar bar = new ProgressBar("synth report", 5)) {
      int[] last = {0};
      report =
          SynthesisReport.fromCsv(
              real,
              synthetic,
              holdout,
              options,
              (stage, done, total) -> {
                bar.step(done - 1 - last[0]);
                last[0] = done - 1;
              });
      bar.step(5 - last[0]);
    }
    report.writeHtml(out);

    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> answer = report.toJson();
      answer.put("out", out.toString());
      JsonOutput.print(w, answer);
    } else {
      PrivacyResult p = report.privacy();
      w.printf(
          Locale.ROOT,
          "%d real rows, %d synthetic rows; mean 1-way TVD %.3f, mean 2-way TVD %.3f%n",
          report.realRows(),
          report.syntheticRows(),
          report.meanMarginalTvd(),
          report.meanPairwiseTvd());
      report.utility().ifPresent(u -> w.printf(
          Locale.ROOT, "accuracy for '%s': TSTR %.3f, TRTR %.3f%n",
          u.target(), u.tstrAccuracy(), u.trtrAccuracy()));
      w.printf(
          Locale.ROOT,
          "DCR ratio %.3f, exact-match rate %.4f, membership-inference AUC %.3f%n",
          p.dcrRatio(),
          p.exactMatchRate(),
          p.miaAuc());
      for (String line : report.interpretation()) {
        w.println("  " + line);
      }
      w.println("report written to " + out + " (seed " + report.seed() + ")");
      w.flush();
    }
    return 0;
  }
}
