package se.tillit.cli.fl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.dp.ledger.JdbcBudgetLedger;
import se.tillit.fl.client.ClientConfig;
import se.tillit.fl.client.FleetClient;
import se.tillit.fl.client.LocalLog;

/** {@code tillit client start}: an agency's federated-learning client. */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    header = "[agency data scientist] Run this agency's federated-learning client.",
    subcommands = {ClientCommand.Start.class})
public final class ClientCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  /** {@code tillit client start --config client.yaml}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      header = "Connect to the coordinator and take part in its runs until stopped.",
      description = {
        "The client dials out to the coordinator (mutual TLS with this agency's kit from 'tillit"
            + " provision'), waits for tasks, trains on the local table named in the config with"
            + " DL4J, and uploads only the model update, after its privacy pipeline (clipping for"
            + " client-level DP; DP-SGD charged to this agency's own ledger for record-level DP,"
            + " refusing rounds the ledger cannot afford). Raw rows never leave this machine.",
        "It reconnects with backoff whenever the connection drops, and appends everything it"
            + " sends (metadata, tensor digests and norms, metrics; never data rows) to its local"
            + " log (the config's 'log', default client-log.jsonl)."
      })
  public static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "client.yaml",
        description = "This agency's configuration (made by 'tillit provision'; set data.path).")
    Path config;

    @Override
    public Integer call() throws Exception {
      ServerLogging.lifecycleAtInfo();
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("--config: no such file: " + config);
      }
      ClientConfig cfg = ClientConfig.load(config);
      if (!Files.isRegularFile(cfg.dataPath())) {
        throw new IllegalArgumentException("data.path: no such file: " + cfg.dataPath()
            + " (set it in " + config + " to this agency's table)");
      }
      LocalLog log = LocalLog.open(cfg.logPath());
      FleetClient.Builder b = FleetClient.builder(cfg).localLog(log);
      JdbcBudgetLedger ledger = null;
      if (cfg.ledgerUrl().isPresent()) {
        JdbcBudgetLedger.Builder lb = JdbcBudgetLedger.builder().url(cfg.ledgerUrl().get());
        if (cfg.ledgerUser() != null) {
          lb.credentials(cfg.ledgerUser(), cfg.ledgerPassword());
        }
        ledger = lb.open();
        b.ledger(ledger, cfg.dataset());
      }
      FleetClient client = b.build();
      CountDownLatch stopped = new CountDownLatch(1);
      JdbcBudgetLedger openedLedger = ledger;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        client.close();
        log.close();
        if (openedLedger != null) {
          openedLedger.close();
        }
        stopped.countDown();
      }, "tillit-client-shutdown"));
      client.start();
      System.err.printf("client %s connecting to %s; local log %s%n", cfg.clientId(),
          cfg.coordinator(), cfg.logPath());
      System.err.flush();
      stopped.await();
      return 0;
    }
  }
}
