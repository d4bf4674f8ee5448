package se.tillit.fl.simulation;

import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import se.tillit.dp.fedavg.ClientLevelDp;
import se.tillit.dp.ledger.DatasetId;
import se.tillit.dp.ledger.JdbcBudgetLedger;
import se.tillit.dp.ledger.PrivacyBudget;
import se.tillit.fl.client.DataSource;
import se.tillit.fl.client.FleetClient;
import se.tillit.fl.coordinator.Coordinator;
import se.tillit.fl.coordinator.CoordinatorConfig;
import se.tillit.fl.coordinator.ModelInitializer;
import se.tillit.fl.coordinator.RoundView;
import se.tillit.fl.coordinator.RunSpec;
import se.tillit.fl.coordinator.RunStatus;
import se.tillit.fl.coordinator.RunView;
import se.tillit.fl.coordinator.StateStore;
import se.tillit.fl.coordinator.StrategyFactory;
import se.tillit.fl.coordinator.strategy.PlainSumAggregator;
import se.tillit.fl.model.EncodedData;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.LocalTrainer;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Models;
import se.tillit.fl.model.Table;
import se.tillit.fl.model.TableEncoder;
import se.tillit.fl.protocol.ModelParameters;

/**
 * A whole federation on one machine: a real coordinator (gRPC over Netty on loopback, its state in
 * an in-memory H2 database) and N real clients in this JVM, each holding one partition of a table,
 * all on one HTTP/2 connection. The same code paths as a real deployment run: tasks, chunked
 * models, local DL4J training, the client privacy pipeline, aggregation by the strategy.
 *
 * <p>The table is split once into a held-out test set ({@link SimulationConfig#testFraction()})
 * and the clients' data. The feature schema is inferred from the clients' data, which a real
 * federation would not do (its schema is public and written in the run file); here it keeps the
 * simulation to one command. {@code federated_accuracy} is the final global model's accuracy on
 * the held-out set; with a baseline, the same model is trained centrally on the union of the
 * clients' data ({@link SimulationConfig#baselineEpochs()} epochs) and evaluated on the same set.
 */
public final class Simulation {
  /** Callbacks while a simulation runs, for progress bars. */
  public interface Listener {
    default void started(int clients, int rounds) {}

    /** Called when training round {@code round} completed, with its metrics. */
    default void roundCompleted(long round, int rounds, Map<String, Double> metrics) {}

    default void baselineStarted() {}
  }

  private final SimulationConfig config;

  public Simulation(SimulationConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Runs the simulation to the end and returns its figures. */
  public SimulationResult run(Listener listener) throws Exception {
    long t0 = System.nanoTime();
    Table data = config.data();
    int labelColumn = data.columnIndex(config.label());
    Random rnd = new Random(config.seed());
    Table test;
    Table train;
    List<Table> locals = new ArrayList<>();
    if (config.clientTables() != null) {
      Table testUnion = null;
      Table trainUnion = null;
      for (Table t : config.clientTables()) {
        Table[] split = holdOut(t, labelColumn, rnd);
        testUnion = testUnion == null ? split[0] : testUnion.concat(split[0]);
        trainUnion = trainUnion == null ? split[1] : trainUnion.concat(split[1]);
        locals.add(split[1]);
      }
      test = testUnion;
      train = trainUnion;
    } else {
      Table[] split = holdOut(data, labelColumn, rnd);
      test = split[0];
      train = split[1];
      List<List<Integer>> parts = config.partitioner().split(
          train, config.label(), config.clients(), config.minRowsPerClient(), config.seed());
      for (List<Integer> part : parts) {
        locals.add(train.select(part.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    FeatureSchema schema = config.schema() != null
        ? config.schema() : FeatureSchema.infer(train, config.label());

    String dbName = "tillit-sim-" + UUID.randomUUID();
    StateStore store = StateStore.open("jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1", null, null);
    CoordinatorConfig cc = CoordinatorConfig.builder()
        .coordinatorId("simulation")
        .listen("127.0.0.1", 0)
        .http("127.0.0.1", -1)
        .heartbeatInterval(Duration.ofSeconds(30))
        .maxConcurrentUploads(Math.max(4, Math.min(64, config.clients())))
        .insecure()
        .build();
    Coordinator coordinator = Coordinator.builder()
        .config(cc)
        .store(store)
        .credentials(InsecureServerCredentials.create())
        .initializer(ModelInitializer.fromRunFile())
        .strategies(StrategyFactory.fromRunFile())
        .aggregator(new PlainSumAggregator())
        .build()
        .start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", coordinator.port(),
            InsecureChannelCredentials.create())
        .maxInboundMessageSize(8 << 20)
        .build();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    ExecutorService training = Executors.newFixedThreadPool(config.trainingThreads());
    JdbcBudgetLedger ledger = null;
    List<FleetClient> clients = new ArrayList<>();
    try {
      if (config.recordLevel() != null) {
        ledger = JdbcBudgetLedger.builder()
            .url("jdbc:h2:mem:" + dbName + "-ledger;DB_CLOSE_DELAY=-1")
            .open();
      }
      for (int c = 0; c < config.clients(); c++) {
        String id = config.clientName(c);
        Table local = locals.get(c);
        FleetClient.Builder b = FleetClient.builder()
            .clientId(id)
            .channel(channel)
            .dataSource(DataSource.inMemory(local, 0.2, config.seed() + c))
            .properties(Map.of("agency", id))
            .scheduler(scheduler)
            .trainingExecutor(training)
            .backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        if (ledger != null) {
          DatasetId dataset = new DatasetId(id, "simulation");
          ledger.createDataset("simulation", dataset, PrivacyBudget.of(
              config.recordLevel().budgetEpsilon(), config.recordLevel().delta()),
              "simulated agency data");
          b.ledger(ledger, dataset);
        }
        FleetClient client = b.build();
        clients.add(client);
        client.start();
      }
      listener.started(config.clients(), config.rounds());
      RunSpec spec = RunSpec.fromMap(runFile(schema));
      String runId = coordinator.submit(spec, "simulation");
      long seen = 0;
      long deadline = System.nanoTime() + config.timeout().toNanos();
      RunView view;
      while (true) {
        view = coordinator.status(runId).orElseThrow();
        boolean ended = view.status() != RunStatus.SUBMITTED && view.status() != RunStatus.RUNNING;
        Map<Long, Map<String, Double>> evaluations = new java.util.HashMap<>();
        for (RoundView r : view.completed("EVALUATE")) {
          evaluations.put(r.round(), r.metrics());
        }
        for (RoundView r : view.completed("TRAIN")) {
          if (r.round() <= seen) {
            continue;
          }
          boolean evaluated = config.evaluateEvery() > 0 && r.round() % config.evaluateEvery() == 0;
          if (evaluated && !evaluations.containsKey(r.round()) && !ended) {
            break; // report it with its evaluation
          }
          seen = r.round();
          Map<String, Double> metrics = new LinkedHashMap<>(r.metrics());
          Map<String, Double> eval = evaluations.get(r.round());
          if (eval != null) {
            eval.forEach((k, v) -> metrics.put("eval." + k, v));
          }
          listener.roundCompleted(r.round(), config.rounds(), metrics);
        }
        if (ended) {
          break;
        }
        if (System.nanoTime() > deadline) {
          coordinator.cancel(runId, "simulation");
          throw new IllegalStateException("the simulation did not finish within " + config.timeout());
        }
        Thread.sleep(100);
      }
      if (view.status() != RunStatus.COMPLETED) {
        throw new IllegalStateException("the federated run ended " + view.status()
            + (view.detail() == null ? "" : ": " + view.detail()));
      }
      double trainingSeconds = (System.nanoTime() - t0) / 1e9;
      ModelParameters global = store.latestCheckpoint(runId).orElseThrow().model();
      ModelSpec modelSpec = config.model();
      LocalTrainer trainer = LocalTrainer.create(modelSpec, schema);
      TableEncoder encoder = TableEncoder.forSchema(schema);
      EncodedData testData = encoder.encode(test);
      LocalTrainer.Evaluation fed = trainer.evaluate(global, testData);

      Map<String, Double> epsilons = new LinkedHashMap<>();
      if (config.recordLevel() != null) {
        for (int c = 0; c < config.clients(); c++) {
          String id = config.clientName(c);
          epsilons.put(id, ledger.dataset(new DatasetId(id, "simulation")).spentEpsilon());
        }
      } else if (config.clientLevel() != null) {
        double q = config.fraction();
        double z = config.clientLevel().noiseMultiplier();
        double eps = ClientLevelDp.epsilon(z, q, config.rounds(), config.clientLevel().delta());
        for (int c = 0; c < config.clients(); c++) {
          epsilons.put(config.clientName(c), eps);
        }
      }
      Double central = null;
      if (config.baseline()) {
        listener.baselineStarted();
        EncodedData union = encoder.encode(train);
        LocalTrainer.TrainResult r = trainer.train(Models.initialParameters(modelSpec, schema), union,
            LocalTrainer.TrainOptions.builder()
                .epochs(config.baselineEpochs())
                .batchSize(config.batchSize())
                .learningRate(config.learningRate())
                .seed(config.seed())
                .build());
        central = trainer.evaluate(r.parameters(), testData).accuracy();
      }
      List<Map<String, Object>> rounds = new ArrayList<>();
      for (RoundView r : view.completed("TRAIN")) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", r.round());
        m.put("contributors", r.contributors());
        m.put("failures", r.failures());
        if (r.startedAt() != null && r.finishedAt() != null) {
          m.put("seconds", Duration.between(r.startedAt(), r.finishedAt()).toNanos() / 1e9);
        }
        m.put("metrics", r.metrics());
        rounds.add(m);
      }
      return new SimulationResult(config.clients(), view.completed("TRAIN").size(), fed.accuracy(),
          fed.loss(), central, epsilons, config.deltaForReport(), testData.size(), train.rowCount(),
          trainingSeconds, (System.nanoTime() - t0) / 1e9, rounds);
    } finally {
      for (FleetClient c : clients) {
        c.close();
      }
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      coordinator.close();
      training.shutdownNow();
      scheduler.shutdownNow();
      store.close();
      if (ledger != null) {
        ledger.close();
      }
    }
  }

  /** Splits off the held-out share: [test, train], rows without a label dropped. */
  private Table[] holdOut(Table t, int labelColumn, Random rnd) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < t.rowCount(); i++) {
      if (!t.cell(i, labelColumn).isEmpty()) {
        order.add(i);
      }
    }
    Collections.shuffle(order, rnd);
    int testRows = (int) Math.round(order.size() * config.testFraction());
    return new Table[] {
        t.select(order.subList(0, testRows).stream().mapToInt(Integer::intValue).toArray()),
        t.select(order.subList(testRows, order.size()).stream().mapToInt(Integer::intValue).toArray())};
  }

  private Map<String, Object> runFile(FeatureSchema schema) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("name", "simulation");
    run.put("rounds", config.rounds());
    run.put("seed", config.seed());
    int min = Math.max(1, (int) Math.ceil(config.fraction() * config.clients()));
    run.put("sampling", Map.of("min_clients", min, "fraction", config.fraction()));
    run.put("deadline", config.roundDeadline().toMillis() + "ms");
    run.put("quorum", Math.max(1, (int) Math.ceil(min * 0.8)));
    run.put("evaluate_every", config.evaluateEvery());
    run.put("strategy", config.strategy());
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("local_epochs", config.localEpochs());
    train.put("batch_size", config.batchSize());
    train.put("learning_rate", config.learningRate());
    if (config.maxSteps() > 0) {
      train.put("max_steps", config.maxSteps());
    }
    run.put("train", train);
    Map<String, Object> privacy = new LinkedHashMap<>();
    if (config.clientLevel() != null) {
      privacy.put("client_level", config.clientLevel().toMap());
    }
    if (config.recordLevel() != null) {
      privacy.put("record_level", Map.of("noise_multiplier", config.recordLevel().noiseMultiplier(),
          "max_grad_norm", config.recordLevel().maxGradNorm(), "delta", config.recordLevel().delta()));
    }
    run.put("privacy", privacy);
    run.put("model", config.model().toMap());
    run.put("features", schema.toMap());
    return run;
  }
}
