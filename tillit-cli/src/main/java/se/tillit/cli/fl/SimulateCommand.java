package se.tillit.cli.fl;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import se.tillit.fl.model.CsvReader;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Table;
import se.tillit.fl.simulation.Partitioner;
import se.tillit.fl.simulation.Simulation;
import se.tillit.fl.simulation.SimulationConfig;
import se.tillit.fl.simulation.SimulationResult;

/** {@code tillit simulate}: a whole federation on this machine over real gRPC. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "[researcher] Simulate a federation on one machine: a coordinator and N clients over"
        + " real gRPC.",
    description = {
      "Splits --data into a held-out test set (--test-fraction) and N clients' local tables"
          + " (--partition), runs a real coordinator and N real clients in this JVM over gRPC on"
          + " loopback, trains --rounds rounds with --strategy, and reports the final global"
          + " model's accuracy on the held-out set. --baseline also trains the same model"
          + " centrally on the union of the clients' data (--baseline-epochs).",
      "Privacy: --dp client adds DP-FedAvg (each client clips its update to --clip-norm, the"
          + " coordinator adds Gaussian noise with --noise-multiplier; epsilon is per client, at"
          + " --delta). --dp record runs DP-SGD at every client (--noise-multiplier,"
          + " --max-grad-norm), charged to each client's own privacy ledger.",
      "The feature schema (numeric bounds, categories) is inferred from the clients' data: fine"
          + " for a simulation, but a real federation writes it in the run file.",
      "Example: tillit simulate --data adult.csv --label income --clients 5 --rounds 20"
          + " --partition dirichlet:0.5 --baseline"
    })
public final class SimulateCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE.csv",
      description = "The table (CSV with a header row).")
  Path data;

  @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The column to predict.")
  String label;

  @Option(names = "--clients", defaultValue = "5", paramLabel = "N",
      description = "Simulated clients (1 to 100000). Default: ${DEFAULT-VALUE}.")
  int clients;

  @Option(names = "--rounds", defaultValue = "10", paramLabel = "R",
      description = "Training rounds. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--partition", defaultValue = "iid", paramLabel = "iid|dirichlet:ALPHA",
      description = "How rows are split among clients: iid, or dirichlet:ALPHA label skew"
          + " (smaller ALPHA, more skew). Default: ${DEFAULT-VALUE}.")
  String partition;

  @Option(names = "--strategy", defaultValue = "fedavg", paramLabel = "NAME",
      description = "fedavg, fedprox, fedadam, fedyogi, fedadagrad, median, trimmed_mean, krum."
          + " Default: ${DEFAULT-VALUE}.")
  String strategy;

  @Option(names = "--strategy-param", paramLabel = "KEY=VALUE",
      description = "A strategy parameter, e.g. mu=0.1, server_lr=0.01, beta=0.2; repeatable.")
  Map<String, String> strategyParams = new LinkedHashMap<>();

  @Option(names = "--dp", defaultValue = "none", paramLabel = "none|client|record",
      description = "Differential privacy: none, client (DP-FedAvg) or record (DP-SGD at each"
          + " client). Default: ${DEFAULT-VALUE}.")
  String dp;

  @Option(names = "--noise-multiplier", paramLabel = "Z",
      description = "Noise standard deviation over the clip norm. Default: 1.0 for --dp client,"
          + " 1.1 for --dp record.")
  Double noiseMultiplier;

  @Option(names = "--clip-norm", defaultValue = "1.0", paramLabel = "C",
      description = "--dp client: L2 bound on each client's update. Default: ${DEFAULT-VALUE}.")
  double clipNorm;

  @Option(names = "--adaptive-clip", description = "--dp client: adapt the clip norm to the"
      + " median update norm (Andrew et al. 2021), starting from --clip-norm.")
  boolean adaptiveClip;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", paramLabel = "C",
      description = "--dp record: L2 bound on each record's gradient. Default: ${DEFAULT-VALUE}.")
  double maxGradNorm;

  @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D",
      description = "The delta at which epsilon is reported. Default: ${DEFAULT-VALUE}.")
  double delta;

  @Option(names = "--budget", defaultValue = "100", paramLabel = "EPSILON",
      description = "--dp record: each client's ledger budget; a round it cannot afford is"
          + " refused. Default: ${DEFAULT-VALUE}.")
  double budget;

  @Option(names = "--fraction", defaultValue = "1.0", paramLabel = "F",
      description = "Fraction of clients sampled per round, (0, 1]. Default: ${DEFAULT-VALUE}.")
  double fraction;

  @Option(names = "--model", defaultValue = "mlp", paramLabel = "logistic|mlp",
      description = "The model: logistic regression or an MLP. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--hidden", defaultValue = "32", split = ",", paramLabel = "N[,N...]",
      description = "--model mlp: hidden layer sizes. Default: ${DEFAULT-VALUE}.")
  List<Integer> hidden;

  @Option(names = "--local-epochs", defaultValue = "1", paramLabel = "E",
      description = "Passes over the local data per round. Default: ${DEFAULT-VALUE}.")
  int localEpochs;

  @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B",
      description = "Local mini-batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.05", paramLabel = "LR",
      description = "Local learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--max-steps", defaultValue = "0", paramLabel = "K",
      description = "Upper bound on local optimiser steps per round (0: none). Few steps keep"
          + " strongly non-IID clients from drifting apart. Default: ${DEFAULT-VALUE}.")
  int maxSteps;

  @Option(names = "--baseline-epochs", defaultValue = "0", paramLabel = "E",
      description = "Epochs of the centralised baseline (0: rounds x local epochs, at most 20)."
          + " Default: ${DEFAULT-VALUE}.")
  int baselineEpochs;

  @Option(names = "--evaluate-every", defaultValue = "0", paramLabel = "N",
      description = "A federated evaluation round (on each client's own evaluation rows) after"
          + " every N training rounds; 0: none. Default: ${DEFAULT-VALUE}.")
  int evaluateEvery;

  @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "sgd|adam",
      description = "Local optimiser. Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Held-out share of the rows for the final evaluation. Default: ${DEFAULT-VALUE}.")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
      description = "Seed of the split, partition, model initialisation and local shuffles"
          + " (never of privacy noise, which always comes from SecureRandom)."
          + " Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", paramLabel = "T",
      description = "Clients training at the same time. Default: the number of cores.")
  Integer threads;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(data)) {
      throw new IllegalArgumentException("--data: no such file: " + data);
    }
    Table table = CsvReader.read(data);
    SimulationConfig.Builder b = SimulationConfig.builder()
        .data(table, label)
        .clients(clients)
        .rounds(rounds)
        .partition(Partitioner.parse(partition))
        .strategy(strategySection())
        .baseline(baseline)
        .seed(seed)
        .model(modelSpec())
        .training(localEpochs, batchSize, learningRate)
        .maxSteps(maxSteps)
        .baselineEpochs(baselineEpochs)
        .evaluateEvery(evaluateEvery)
        .testFraction(testFraction)
        .fraction(fraction)
        .minRowsPerClient(Math.min(10, Math.max(1, table.rowCount() / (4 * clients))));
    if (threads != null) {
      b.trainingThreads(threads);
    }
    switch (dp.toLowerCase(Locale.ROOT)) {
      case "none" -> { }
      case "client" -> b.clientLevel(new SimulationConfig.ClientLevel(
          noiseMultiplier == null ? 1.0 : noiseMultiplier, clipNorm, adaptiveClip, 0.5, delta));
      case "record" -> b.recordLevel(new SimulationConfig.RecordLevel(
          noiseMultiplier == null ? 1.1 : noiseMultiplier, maxGradNorm, delta, budget));
      default -> throw new IllegalArgumentException(
          "--dp must be none, client or record. Provided value: " + dp);
    }
    SimulationResult r = new Simulation(b.build()).run(new RoundProgress(spec.commandLine().getErr()));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(out, r.toJson(false));
    } else {
      out.printf(Locale.ROOT, "federated accuracy    %.4f  (%d clients, %d rounds, %d held-out rows)%n",
          r.federatedAccuracy(), r.clients(), r.rounds(), r.testRows());
      if (r.centralizedAccuracy() != null) {
        out.printf(Locale.ROOT, "centralized accuracy  %.4f  (gap %+.4f)%n",
            r.centralizedAccuracy(), r.centralizedAccuracy() - r.federatedAccuracy());
      }
      if (!r.epsilonByClient().isEmpty()) {
        out.printf(Locale.ROOT, "epsilon per client    max %.3f at delta %.1e%n", r.maxEpsilon(), r.delta());
      }
      out.printf(Locale.ROOT, "took %.1f s%n", r.totalSeconds());
    }
    return 0;
  }

  @Option(names = "--baseline", description = "Also train the same model centrally for comparison.")
  boolean baseline;

  private Map<String, Object> strategySection() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", strategy.toLowerCase(Locale.ROOT));
    s.putAll(strategyParams);
    return s;
  }

  private ModelSpec modelSpec() {
    ModelSpec m = switch (model.toLowerCase(Locale.ROOT)) {
      case "logistic" -> ModelSpec.logistic(seed);
      case "mlp" -> ModelSpec.mlp(hidden, "relu", seed);
      default -> throw new IllegalArgumentException(
          "--model must be logistic or mlp. Provided value: " + model);
    };
    return switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "sgd" -> m.withOptimizer(ModelSpec.Optimizer.SGD);
      case "adam" -> m.withOptimizer(ModelSpec.Optimizer.ADAM);
      default -> throw new IllegalArgumentException(
          "--optimizer must be sgd or adam. Provided value: " + optimizer);
    };
  }
}
