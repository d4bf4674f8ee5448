package se.tillit.cli.fl;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Table;
import se.tillit.fl.simulation.DemoAgencyData;
import se.tillit.fl.simulation.Simulation;
import se.tillit.fl.simulation.SimulationConfig;
import se.tillit.fl.simulation.SimulationResult;

/**
 * {@code tillit demo}: a few agencies train a model together on generated data, with differential
 * privacy, over real gRPC on this machine, and the result is compared with central training.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "[everyone] See federated learning with differential privacy in two minutes.",
    description = {
      "Generates a fictitious table of housing-allowance applications for each of --agencies"
          + " agencies (each agency's population is skewed differently; see the README,"
          + " 'The demo data'), writes them to --out, and runs a real coordinator and one real"
          + " client per agency in this JVM over gRPC on loopback. Each agency trains locally"
          + " with DP-SGD (clipped per-record gradients plus Gaussian noise), charged to its own"
          + " privacy ledger; the coordinator averages the updates (FedAvg).",
      "It ends with the federated model's accuracy on held-out rows against the same model"
          + " trained centrally on all agencies' data (which the agencies could not do in real"
          + " life), and the epsilon each agency spent."
    })
public final class DemoCommand implements Callable<Integer>, JsonOutput.Capable {
  /** Relative sizes of the agencies' tables. */
  private static final double[] SIZES = {1.0, 1.6, 0.6, 1.2, 0.8};

  @Spec CommandSpec spec;

  @Option(names = "--agencies", defaultValue = "4", paramLabel = "N",
      description = "Agencies taking part, 3 to 5. Default: ${DEFAULT-VALUE}.")
  int agencies;

  @Option(names = "--rounds", defaultValue = "10", paramLabel = "R",
      description = "Federated rounds. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--rows", defaultValue = "3000", paramLabel = "N",
      description = "Generated applications per agency on average; agencies differ in size"
          + " (x1.0, x1.6, x0.6, x1.2, x0.8), so their privacy spending differs too."
          + " Default: ${DEFAULT-VALUE}.")
  int rows;

  @Option(names = "--noise-multiplier", defaultValue = "1.0", paramLabel = "Z",
      description = "DP-SGD noise over the clipping bound. Default: ${DEFAULT-VALUE}.")
  double noiseMultiplier;

  @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D",
      description = "The delta of each agency's (epsilon, delta) guarantee. Default: ${DEFAULT-VALUE}.")
  double delta;

  @Option(names = "--out", defaultValue = "tillit-demo", paramLabel = "DIR",
      description = "Where the generated agency tables are written. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--seed", defaultValue = "2026", paramLabel = "S",
      description = "Seed of the generated data and the model initialisation (privacy noise always"
          + " comes from SecureRandom). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws Exception {
    if (agencies < 3 || agencies > 5) {
      throw new IllegalArgumentException("--agencies must be 3 to 5. Provided value: " + agencies);
    }
    if (rounds < 1 || rounds > 100) {
      throw new IllegalArgumentException("--rounds must be 1 to 100. Provided value: " + rounds);
    }
    if (rows < 200 || rows > 1_000_000) {
      throw new IllegalArgumentException("--rows must be 200 to 1000000. Provided value: " + rows);
    }
    List<String> names = DemoAgencyData.agencyNames(agencies);
    Files.createDirectories(out);
    List<Table> tables = new ArrayList<>();
    for (int a = 0; a < agencies; a++) {
      Table t = DemoAgencyData.generate(a, agencies, (int) Math.round(rows * SIZES[a]), seed);
      DemoAgencyData.writeCsv(t, out.resolve(names.get(a) + ".csv"));
      tables.add(t);
    }
    StringBuilder sizes = new StringBuilder();
    for (int a = 0; a < agencies; a++) {
      sizes.append(a == 0 ? "" : ", ").append(names.get(a)).append(' ').append(tables.get(a).rowCount());
    }
    spec.commandLine().getErr().printf(Locale.ROOT, "generated applications (%s) in %s%n", sizes, out.toAbsolutePath());
    SimulationConfig config = SimulationConfig.builder()
        .clientTables(tables, DemoAgencyData.LABEL)
        .clientNames(names)
        .rounds(rounds)
        .strategy(Map.of("name", "fedavg"))
        .recordLevel(new SimulationConfig.RecordLevel(noiseMultiplier, 1.0, delta, 10.0))
        .baseline(true)
        .evaluateEvery(1)
        .seed(seed)
        .model(ModelSpec.mlp(List.of(16), "relu", seed).withOptimizer(ModelSpec.Optimizer.ADAM))
        .training(1, 128, 0.02)
        .testFraction(0.2)
        .build();
    SimulationResult r = new Simulation(config).run(new RoundProgress(spec.commandLine().getErr()));
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(r.toJson(false));
      m.put("data_dir", out.toAbsolutePath().toString());
      JsonOutput.print(w, m);
      return 0;
    }
    w.println();
    w.printf(Locale.ROOT, "federated accuracy    %.3f   (%d agencies, %d rounds of FedAvg with DP-SGD)%n",
        r.federatedAccuracy(), agencies, r.rounds());
    w.printf(Locale.ROOT, "centralized accuracy  %.3f   (same model, all data in one place, no DP)%n",
        r.centralizedAccuracy());
    w.printf(Locale.ROOT, "held-out rows         %d%n", r.testRows());
    w.printf(Locale.ROOT, "%nprivacy spent, each agency's own ledger (delta %.0e):%n", r.delta());
    for (int a = 0; a < agencies; a++) {
      w.printf(Locale.ROOT, "  %-20s epsilon %.3f   (%d applications)%n", names.get(a),
          r.epsilonByClient().get(names.get(a)), tables.get(a).rowCount());
    }
    w.printf(Locale.ROOT, "%nfinished in %.1f s; the agencies' tables are in %s%n", r.totalSeconds(),
        out.toAbsolutePath());
    return 0;
  }
}
