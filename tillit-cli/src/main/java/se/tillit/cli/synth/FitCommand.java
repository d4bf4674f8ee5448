package se.tillit.cli.synth;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.cli.ProgressBar;
import se.tillit.cli.RefusedException;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEventJson;
import se.tillit.dp.ledger.BudgetExceededException;
import se.tillit.dp.ledger.Charge;
import se.tillit.dp.ledger.DatasetId;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.ledger.ChargePreview;
import se.tillit.dp.ledger.JdbcBudgetLedger;
import se.tillit.synth.FitOptions;
import se.tillit.synth.Synthesizer;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.SynthesizerModels;
import se.tillit.synth.Synthesizers;
import se.tillit.synth.data.Table;
import se.tillit.synth.encode.DpMarginalAdapter;
import se.tillit.synth.io.Csv;
import se.tillit.synth.io.CsvOptions;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;
import se.tillit.synth.schema.SchemaYaml;

/** {@code tillit synth fit}: learns a synthesizer model from a CSV file. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    header = "Fit a synthesizer (mst, aim, privbayes with DP; cart, copula without) to a CSV file.",
    description = {
      "DP methods need --epsilon and --delta; cart and copula reject them. With --dataset, the"
          + " fit's privacy cost is charged to the ledger before the model is written; a fit the"
          + " budget cannot afford is refused (exit 3) and no model is written.",
      "A schema file (--schema) declares public domains and overrides inference. For DP methods"
          + " undeclared categorical columns are refused and undeclared numeric columns get"
          + " differentially private bounds paid from 5% of epsilon.",
      "--seed makes the fit reproducible, for experiments only: anyone who knows the seed knows"
          + " the noise."
    })
public final class FitCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin SynthLedgerOptions ledger;

  @Option(names = "--in", required = true, paramLabel = "DATA.csv", description = "Input CSV (UTF-8, header).")
  Path in;

  @Option(names = "--schema", paramLabel = "SCHEMA.yaml", description = "Schema file (public domains).")
  Path schemaFile;

  @Option(names = "--method", required = true, paramLabel = "METHOD",
      description = "One of mst, aim, privbayes, cart, copula.")
  String method;

  @Option(names = "--epsilon", paramLabel = "E", description = "DP methods: total epsilon, > 0.")
  Double epsilon;

  @Option(names = "--delta", paramLabel = "D", description = "DP methods: delta in (0, 1).")
  Double delta;

  @Option(names = "--target", paramLabel = "COLUMN",
      description = "mst: the column a model trained on the synthetic data will predict (public"
          + " knowledge, not read from the data). MST then also measures that column's 2-way"
          + " marginal with every other column, within the same epsilon.")
  String target;

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
  Path out;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed for reproducibility experiments (INSECURE: not for real releases).")
  Long seed;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    boolean dp = Synthesizers.isDifferentiallyPrivate(method);
    if (dp && (epsilon == null || delta == null)) {
      throw new IllegalArgumentException(
          "method " + method + " is differentially private: --epsilon and --delta are required");
    }
    if (!dp && (epsilon != null || delta != null)) {
      throw new IllegalArgumentException(
          "method " + method + " is not differentially private: --epsilon and --delta are only"
              + " for mst, aim and privbayes");
    }
    if (!dp && ledger.dataset != null) {
      throw new IllegalArgumentException(
          "--dataset is only for DP methods: method " + method
              + " gives no privacy guarantee, so there is nothing to charge");
    }
    if (ledger.dataset == null && ledger.db != null) {
      throw new IllegalArgumentException("--db needs --dataset (the dataset to charge)");
    }
    if (target != null && !"mst".equals(method.toLowerCase(Locale.ROOT).trim())) {
      throw new IllegalArgumentException(
          "--target is used only by --method mst. Provided value: method " + method);
    }
    if (target != null && target.isBlank()) {
      throw new IllegalArgumentException(
          "--target must name a column of the data. Provided value: a blank name");
    }
    if (dp) {
      FitOptions.dp(epsilon, delta, null); // checks the ranges before anything is read
    }
    Synthesizer synth = Synthesizers.byName(method);
    PrintWriter err = spec.commandLine().getErr();
    SecureRandom random;
    if (seed != null) {
      random = Randomness.insecureSeededForTesting(seed);
      err.println("tillit: --seed given: reproducible but INSECURE randomness; not for real releases");
    } else {
      random = Randomness.secure();
    }
    DatasetId id = ledger.dataset == null ? null : DatasetId.parse(ledger.dataset);
    JdbcBudgetLedger l = null;
    try {
      if (id != null) {
        l = ledger.openLedger();
        // Before reading any data: would an (epsilon, delta)-DP release fit in the budget? The
        // fit's actual mechanisms (charged below) are composed more tightly than this bound.
        ChargePreview preview = l.canAfford(id, new DpEvent.EpsilonDelta(epsilon, delta));
        if (!preview.affordable()) {
          throw new RefusedException(
              "charge refused: dataset " + id + " has epsilon budget " + preview.budget().epsilon()
                  + "; spent " + preview.spentEpsilon() + "; a fit at epsilon " + epsilon
                  + " would make it " + preview.epsilonAfterCharge() + "; nothing was read", null);
        }
      }
      Table data = Csv.read(in, CsvOptions.DEFAULT);
      if (target != null && !data.hasColumn(target)) {
        throw new IllegalArgumentException("--target must be one of the columns "
            + data.columns() + ". Provided value: " + target);
      }
      Schema given = schemaFile == null ? null : SchemaYaml.read(schemaFile);
      SynthesizerModel model;
      long t0 = System.nanoTime();
      try (ProgressBar bar = new ProgressBar("fit " + method, 1000)) {
        long[] done = {0};
        FitOptions options = new FitOptions(epsilon, delta, random, f -> {
          long now = Math.round(Math.max(0, Math.min(1, f)) * 1000);
          if (now > done[0]) {
            bar.step(now - done[0]);
            done[0] = now;
          }
        }, target);
        if (dp) {
          model = ((DpMarginalAdapter) synth).fitWithPrivateBounds(data, given, options);
        } else {
          Schema schema = SchemaInference.defaults().infer(data, given);
          model = synth.fit(data, schema, options);
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("method", model.method());
      result.put("model", out.toString());
      result.put("rows", data.rowCount());
      result.put("columns", model.schema().columns().size());
      result.put("differentially_private", dp);
      result.put("fit_seconds", secs);
      if (target != null) {
        result.put("target", target);
      }
      if (dp) {
        result.put("epsilon", epsilon);
        result.put("delta", delta);
        result.put("privacy_cost", DpEventJson.toTree(model.privacyCost()));
      }
      if (l != null) {
        Charge c;
        try {
          c = l.charge(ledger.actor(), id, "synth fit " + model.method(), model.privacyCost());
        } catch (BudgetExceededException e) {
          throw new RefusedException(e.getMessage() + "; no model was written", e);
        }
        result.put("dataset", id.toString());
        result.put("charge_id", c.id());
        result.put("dataset_epsilon_after", c.epsilonAfter());
      }
      Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
      SynthesizerModels.save(model, tmp);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      PrintWriter o = spec.commandLine().getOut();
      if (json) {
        JsonOutput.print(o, result);
      } else {
        o.printf(Locale.ROOT, "fitted %s on %d rows x %d columns in %.1f s; model written to %s%s%n",
            model.method(), data.rowCount(), model.schema().columns().size(), secs, out,
            dp ? String.format(Locale.ROOT, " (epsilon %s, delta %s%s)", epsilon, delta,
                id == null ? "" : ", charged to " + id)
                : " (NOT differentially private; the model holds data values)");
      }
      return 0;
    } finally {
      if (l != null) {
        l.close();
      }
    }
  }
}
