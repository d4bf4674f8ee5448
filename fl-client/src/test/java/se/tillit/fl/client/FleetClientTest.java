package se.tillit.fl.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.dp.ledger.DatasetId;
import se.tillit.dp.ledger.JdbcBudgetLedger;
import se.tillit.dp.ledger.PrivacyBudget;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.LocalTrainer;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Models;
import se.tillit.fl.model.TableEncoder;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.v1.ClientLevelDp;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.HyperParameters;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.PrivacySettings;
import se.tillit.fl.protocol.v1.RecordLevelDp;
import se.tillit.fl.protocol.v1.Task;

/** FleetClient against a test coordinator over real in-process gRPC, with real DL4J training. */
class FleetClientTest {
  private static final FeatureSchema SCHEMA = ToyData.schema();
  private static final ModelSpec SPEC = ModelSpec.logistic(7);

  @TempDir Path dir;
  private String name;
  private Server server;
  private TestCoordinator coordinator;
  private ManagedChannel channel;
  private final List<FleetClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    name = InProcessServerBuilder.generateName();
    coordinator = new TestCoordinator(200);
    server = InProcessServerBuilder.forName(name).addService(coordinator).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(FleetClient::close);
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private FleetClient.Builder clientBuilder(String id) {
    return FleetClient.builder().clientId(id).channel(channel)
        .dataSource(DataSource.inMemory(ToyData.table(400, id.hashCode()), 0.25, 1))
        .properties(Map.of("agency", id))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  private FleetClient start(FleetClient.Builder b) {
    FleetClient c = b.build();
    clients.add(c);
    c.start();
    return c;
  }

  private static Task.Builder train(int epochs, double lr) {
    return Task.newBuilder()
        .setHyperParameters(HyperParameters.newBuilder().setLocalEpochs(epochs).setBatchSize(20)
            .setLearningRate(lr))
        .setResultKind(ParametersKind.PARAMETERS_KIND_DELTA)
        .setTimeoutMs(60_000)
        .setConfig(Messages.configRecord(Map.of("tillit.model", SPEC.toJson(),
            "tillit.features", SCHEMA.toJson(), "tillit.seed", 1L)));
  }

  private static Task.Builder evaluate() {
    return Task.newBuilder().setTimeoutMs(60_000)
        .setConfig(Messages.configRecord(Map.of("tillit.model", SPEC.toJson(),
            "tillit.features", SCHEMA.toJson(), "tillit.seed", 1L)));
  }

  private static ModelParameters plus(ModelParameters a, ModelParameters delta) {
    double[] x = a.toFlatDoubles();
    double[] d = delta.toFlatDoubles();
    for (int i = 0; i < x.length; i++) {
      x[i] += d[i];
    }
    return a.withFlatDoubles(x);
  }

  @Test
  void trainTask_deltaShapedAsModel_trainingImprovedLoss() throws Exception {
    LocalLog localLog = LocalLog.open(dir.resolve("log/client.jsonl"));
    FleetClient client = start(clientBuilder("agency-a").localLog(localLog));
    TestCoordinator.Session s = coordinator.awaitSession("agency-a", 10_000);
    ModelParameters global = Models.initialParameters(SPEC, SCHEMA);

    TestCoordinator.Reply r = TestCoordinator.await(
        s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, train(3, 1.0), 1), 60);

    assertThat(r.error()).isNull();
    assertThat(r.result().getKind()).isEqualTo(ParametersKind.PARAMETERS_KIND_DELTA);
    assertThat(r.result().getNumExamples()).isEqualTo(300);
    assertThat(r.update().specs()).isEqualTo(global.specs());
    assertThat(r.metadata().getReplyTo()).isEqualTo(s.lastTaskId);
    assertThat(r.metadata().getRound()).isEqualTo(1);
    // Loss of the trained model (start + delta) on the client's training rows fell.
    var local = DataSource.inMemory(ToyData.table(400, "agency-a".hashCode()), 0.25, 1)
        .load(SCHEMA).train();
    LocalTrainer t = LocalTrainer.create(SPEC, SCHEMA);
    double before = t.evaluate(global, local).loss();
    double after = t.evaluate(plus(global, r.update()), local).loss();
    assertThat(after).isLessThan(before * 0.8);
    Map<String, Double> metrics = Messages.toMap(r.result().getMetrics());
    assertThat(metrics.get("loss")).isCloseTo(after, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(metrics.get("accuracy")).isGreaterThan(0.8);
    assertThat(coordinator.refusals).isEmpty();

    // The local log lists what was sent: Hello, the result with the update's digests and norm.
    List<Map<String, Object>> lines = LocalLog.read(localLog.path());
    assertThat(lines).extracting(l -> l.get("body")).contains("hello", "result");
    Map<String, Object> result = lines.stream().filter(l -> "result".equals(l.get("body")))
        .findFirst().orElseThrow();
    assertThat(result.get("reply_to")).isEqualTo(s.lastTaskId);
    assertThat(result.get("type")).isEqualTo("TRAIN");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tensors = (List<Map<String, Object>>) result.get("tensors");
    assertThat(tensors).extracting(m -> m.get("name")).containsExactly("0_W", "0_b");
    assertThat(tensors.get(0).get("sha256"))
        .isEqualTo(LocalLog.sha256(r.update().get("0_W")));
    assertThat((Double) result.get("update_l2_norm"))
        .isCloseTo(se.tillit.dp.fedavg.ClientLevelDp.l2Norm(r.update().toFlatDoubles()),
            org.assertj.core.data.Offset.offset(1e-9));
    assertThat(java.nio.file.Files.readString(localLog.path())).doesNotContain("green", "0.4");
    localLog.close();
    assertThat(client.sessionCount()).isEqualTo(1);
  }

  @Test
  void evaluateTask_returnsAccuracyOnEvaluationRows() throws Exception {
    start(clientBuilder("agency-e"));
    TestCoordinator.Session s = coordinator.awaitSession("agency-e", 10_000);
    ModelParameters global = Models.initialParameters(SPEC, SCHEMA);
    ModelParameters trained = plus(global, TestCoordinator.await(
        s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, train(5, 1.0), 1), 60).update());

    TestCoordinator.Reply r = TestCoordinator.await(
        s.sendTask(MessageType.MESSAGE_TYPE_EVALUATE, trained, evaluate(), 2), 60);

    assertThat(r.error()).isNull();
    assertThat(r.result().getNumExamples()).isEqualTo(100);
    assertThat(r.result().getUpdate().getTensorsCount()).isZero();
    assertThat(Messages.toMap(r.result().getMetrics())).containsKeys("loss", "accuracy");
    assertThat(r.result().getMetrics().getEntriesMap().get("accuracy")).isGreaterThan(0.85);
  }

  @Test
  void cancelTask_trainingStops_nothingSent() throws Exception {
    FleetClient client = start(clientBuilder("agency-c"));
    TestCoordinator.Session s = coordinator.awaitSession("agency-c", 10_000);
    ModelParameters global = Models.initialParameters(SPEC, SCHEMA);
    CompletableFuture<TestCoordinator.Reply> reply =
        s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, train(100_000, 0.1), 1);
    Thread.sleep(300);
    s.cancel(s.lastTaskId);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reply.get(1500, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(s.clientMessages(ClientMessage.BodyCase.RESULT)).isZero();
    assertThat(s.clientMessages(ClientMessage.BodyCase.ERROR)).isZero();
    // The client is free again: the next task is answered.
    TestCoordinator.Reply next = TestCoordinator.await(
        s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, train(1, 0.1), 2), 60);
    assertThat(next.error()).isNull();
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void serverRestart_clientReconnectsWithBackoff() throws Exception {
    FleetClient client = start(clientBuilder("agency-r"));
    coordinator.awaitSession("agency-r", 10_000);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    Thread.sleep(300); // a few failed attempts while the server is down
    assertThat(client.isConnected()).isFalse();

    coordinator = new TestCoordinator(200);
    server = InProcessServerBuilder.forName(name).addService(coordinator).build().start();
    TestCoordinator.Session s = coordinator.awaitSession("agency-r", 15_000);

    assertThat(client.sessionCount()).isEqualTo(2);
    assertThat(client.connectAttempts()).isGreaterThan(2);
    // And it works: a task is answered on the new session.
    ModelParameters global = Models.initialParameters(SPEC, SCHEMA);
    assertThat(TestCoordinator.await(
        s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, train(1, 0.1), 1), 60).error())
        .isNull();
  }

  @Test
  void reconnectMessage_clientComesBackAfterDelay() throws Exception {
    FleetClient client = start(clientBuilder("agency-m"));
    TestCoordinator.Session first = coordinator.awaitSession("agency-m", 10_000);
    coordinator.sessions.clear();
    long t0 = System.nanoTime();
    first.reconnect(300);
    TestCoordinator.Session second = coordinator.awaitSession("agency-m", 10_000);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(290);
    assertThat(second).isNotSameAs(first);
    assertThat(client.sessionCount()).isEqualTo(2);
  }

  @Test
  void recordLevelDp_unaffordable_budgetExceededAndNothingTrained() throws Exception {
    try (JdbcBudgetLedger ledger = JdbcBudgetLedger.builder()
        .url("jdbc:h2:file:" + dir.resolve("ledger") + ";AUTO_SERVER=FALSE").open()) {
      DatasetId ds = DatasetId.of("agency-d", "toy");
      ledger.createDataset("test", ds, PrivacyBudget.of(1.0, 1e-5), "toy data");
      start(clientBuilder("agency-d").ledger(ledger, ds));
      TestCoordinator.Session s = coordinator.awaitSession("agency-d", 10_000);
      ModelParameters global = Models.initialParameters(SPEC, SCHEMA);
      Task.Builder task = train(5, 0.5).setPrivacy(PrivacySettings.newBuilder()
          .setRecordLevel(RecordLevelDp.newBuilder().setNoiseMultiplier(0.5)
              .setMaxGradNorm(1.0).setDelta(1e-5)));

      TestCoordinator.Reply r = TestCoordinator.await(
          s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, task, 1), 60);

      assertThat(r.result()).isNull();
      assertThat(r.error().getCode()).isEqualTo(ErrorCode.ERROR_CODE_BUDGET_EXCEEDED);
      assertThat(r.error().getMessage()).contains("agency-d/toy", "round 1");
      assertThat(ledger.charges(ds)).isEmpty();
    }
  }

  @Test
  void recordLevelDp_affordable_chargesExactEventAndReportsEpsilon() throws Exception {
    try (JdbcBudgetLedger ledger = JdbcBudgetLedger.builder()
        .url("jdbc:h2:file:" + dir.resolve("ledger2") + ";AUTO_SERVER=FALSE").open()) {
      DatasetId ds = DatasetId.of("agency-p", "toy");
      ledger.createDataset("test", ds, PrivacyBudget.of(50.0, 1e-5), "toy data");
      start(clientBuilder("agency-p").ledger(ledger, ds));
      TestCoordinator.Session s = coordinator.awaitSession("agency-p", 10_000);
      ModelParameters global = Models.initialParameters(SPEC, SCHEMA);
      Task.Builder task = train(1, 0.5).setPrivacy(PrivacySettings.newBuilder()
          .setRecordLevel(RecordLevelDp.newBuilder().setNoiseMultiplier(1.0)
              .setMaxGradNorm(1.0).setDelta(1e-5)));

      TestCoordinator.Reply r = TestCoordinator.await(
          s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, task, 1), 60);

      assertThat(r.error()).isNull();
      assertThat(ledger.charges(ds)).hasSize(1);
      // 300 rows, batch 20: q = 20/300, 15 steps.
      assertThat(ledger.charges(ds).get(0).event())
          .isEqualTo(se.tillit.dp.accounting.DpEvent.dpSgd(1.0, 20.0 / 300, 15));
      Map<String, Double> metrics = Messages.toMap(r.result().getMetrics());
      assertThat(metrics.get("dp.epsilon")).isEqualTo(ledger.dataset(ds).spentEpsilon())
          .isGreaterThan(0);
      assertThat(metrics).doesNotContainKeys("loss", "accuracy");
    }
  }

  @Test
  void clientLevelClipping_updateNormBoundedAndReported() throws Exception {
    start(clientBuilder("agency-k"));
    TestCoordinator.Session s = coordinator.awaitSession("agency-k", 10_000);
    ModelParameters global = Models.initialParameters(SPEC, SCHEMA);
    Task.Builder task = train(2, 1.0).setPrivacy(PrivacySettings.newBuilder()
        .setClientLevel(ClientLevelDp.newBuilder().setClipNorm(0.05).setReportUnclipped(true)));

    TestCoordinator.Reply r = TestCoordinator.await(
        s.sendTask(MessageType.MESSAGE_TYPE_TRAIN, global, task, 1), 60);

    double norm = se.tillit.dp.fedavg.ClientLevelDp.l2Norm(r.update().toFlatDoubles());
    assertThat(norm).isLessThanOrEqualTo(0.05).isGreaterThan(0.0499);
    assertThat(r.result().getMetrics().getEntriesMap()).containsEntry("dp.unclipped", 0.0);
  }

  @Test
  void manyIdleClientsOnOneChannel_allConnectAndHeartbeat() throws Exception {
    int n = 200;
    for (int i = 0; i < n; i++) {
      start(FleetClient.builder().clientId("sim-" + i).channel(channel)
          .dataSource(DataSource.encoded(
              TableEncoder.forSchema(SCHEMA).encode(ToyData.table(10, i)),
              TableEncoder.forSchema(SCHEMA).encode(ToyData.table(2, i))))
          .properties(Map.of("agency", "sim")));
    }
    long end = System.currentTimeMillis() + 20_000;
    while (coordinator.sessions.size() < n && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    assertThat(coordinator.sessions).hasSize(n);
    Thread.sleep(500);
    assertThat(coordinator.heartbeats.get()).isGreaterThanOrEqualTo(n);
    assertThat(clients).allMatch(FleetClient::isConnected);
    assertThat(coordinator.refusals).isEmpty();
  }
}
