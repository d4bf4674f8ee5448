package se.tillit.cli.fl;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.fl.coordinator.Coordinator;
import se.tillit.fl.coordinator.CoordinatorConfig;
import se.tillit.fl.coordinator.ModelInitializer;
import se.tillit.fl.coordinator.StrategyFactory;
import se.tillit.fl.coordinator.strategy.PlainSumAggregator;

/** {@code tillit coordinator start}: the central team's federated-learning coordinator. */
@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    header = "[central team] Run the federated-learning coordinator.",
    subcommands = {CoordinatorCommand.Start.class})
public final class CoordinatorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  /** Builds a coordinator with the product's model initialiser, strategies and plain sum. */
  public static Coordinator build(CoordinatorConfig config) {
    return Coordinator.builder()
        .config(config)
        .initializer(ModelInitializer.fromRunFile())
        .strategies(StrategyFactory.fromRunFile())
        .aggregator(new PlainSumAggregator())
        .build();
  }

  /** {@code tillit coordinator start --config coordinator.yaml}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      header = "Start the coordinator and serve until stopped (Ctrl-C or SIGTERM).",
      description = {
        "Agencies' clients connect to it (they dial out; the coordinator never dials in) over"
            + " mutual TLS with the kits from 'tillit provision'. Runs are submitted with"
            + " 'tillit run submit' to its HTTP endpoint, which also serves /v1/status (JSON) and"
            + " /metrics (Prometheus).",
        "State (runs, rounds, checkpoints, clients, audit log) is kept in its database: a"
            + " coordinator that is stopped or killed resumes its run at the last completed round"
            + " when started again, and clients reconnect by themselves.",
        "On SIGTERM it tells connected clients to reconnect later, then stops."
      })
  public static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "coordinator.yaml",
        description = "The coordinator's configuration (made by 'tillit provision').")
    Path config;

    @Override
    public Integer call() throws Exception {
      ServerLogging.lifecycleAtInfo();
      CoordinatorConfig cfg;
      try {
        cfg = CoordinatorConfig.load(config);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("--config: no such file: " + config);
      }
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("--config: not a file: " + config);
      }
      Coordinator coordinator = build(cfg).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        coordinator.close();
        stopped.countDown();
      }, "tillit-coordinator-shutdown"));
      System.err.printf("coordinator %s serving gRPC on port %d%s%n", cfg.coordinatorId(),
          coordinator.port(), coordinator.httpAddress()
              .map(a -> ", HTTP on http://" + a.getHostString() + ":" + a.getPort()).orElse(""));
      System.err.flush();
      stopped.await();
      return 0;
    }
  }
}
