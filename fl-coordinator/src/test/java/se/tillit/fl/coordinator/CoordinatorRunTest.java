package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.v1.Task;

/** Whole runs over real gRPC (Netty loopback) and a real H2 file. */
class CoordinatorRunTest {
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void run_threeClientsThreeRounds_completesWithCheckpointsAndEvaluation() throws Exception {
    h = new Harness();
    h.start(b -> { });
    for (String a : List.of("skatteverket", "fk", "scb")) {
      h.client(a + "-client", a);
    }
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 3
        seed: 7
        sampling: {min_clients: 3}
        deadline: 10s
        evaluate_every: 1
        strategy: {name: mean-delta}
        train: {local_epochs: 2, batch_size: 16, learning_rate: 0.1}
        model: {type: mlp, hidden: [4]}
        features: {label: income}
        """));

    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.currentRound()).isEqualTo(3);
    assertThat(run.completed("TRAIN")).hasSize(3)
        .allSatisfy(r -> {
          assertThat(r.contributors()).isEqualTo(3);
          assertThat(r.failures()).isZero();
          assertThat(r.metrics()).containsEntry("loss", 1.0).containsEntry("round.sampled", 3.0);
        });
    assertThat(run.completed("EVALUATE")).hasSize(3)
        .allSatisfy(r -> assertThat(r.metrics()).containsEntry("accuracy", 0.8)
            .containsEntry("num_examples", 30.0));
    // Each round adds the mean delta 0.1 to every parameter of the zero model.
    ModelParameters last = h.coordinator.store().latestCheckpoint(id).orElseThrow().model();
    assertThat(last.specs()).isEqualTo(TestStrategies.initialModel(null).specs());
    for (double v : last.toFlatDoubles()) {
      assertThat(v).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
    }
    Task task = h.clients.get(0).trainTasks.get(0);
    assertThat(task.getHyperParameters().getLocalEpochs()).isEqualTo(2);
    assertThat(task.getHyperParameters().getBatchSize()).isEqualTo(16);
    assertThat(task.getConfig().getEntriesMap().get("tillit.model").getStringValue())
        .isEqualTo("{\"type\":\"mlp\",\"hidden\":[4]}");
    assertThat(task.getConfig().getEntriesMap().get("tillit.features").getStringValue())
        .isEqualTo("{\"label\":\"income\"}");
    assertThat(task.getConfig().getEntriesMap().get("tillit.seed").getIntValue()).isEqualTo(7);
    assertThat(task.hasPrivacy()).isFalse();
    assertThat(h.strategy.failuresByRound).hasSize(3).allSatisfy(f -> assertThat(f).isEmpty());
    assertThat(h.coordinator.store().audit().verify().intact()).isTrue();
    assertThat(h.coordinator.store().audit().records(1, 100))
        .extracting(se.tillit.dp.audit.AuditRecord::action)
        .containsSubsequence("fl.run.submitted", "fl.run.started", "fl.round.completed",
            "fl.run.completed");
    assertThat(h.coordinator.store().audit().records(1, 100))
        .allSatisfy(r -> assertThat(r.detailsJson()).doesNotContain("0.1"));
  }

  @Test
  void sampling_fractionAndAllowList_samplesOnlyAllowedAgencies() throws Exception {
    h = new Harness();
    h.start(b -> { });
    for (String a : List.of("a", "b", "c", "d", "e")) {
      h.client("client-" + a, a);
    }
    h.awaitConnected(5);
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 4
        sampling: {min_clients: 2, fraction: 0.5, allow: [a, b, c, client-d]}
        deadline: 10s
        strategy: {name: mean-delta}
        """));

    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.completed("TRAIN")).hasSize(4).allSatisfy(r -> {
      assertThat(r.sampled()).isEqualTo(2); // ceil(0.5 * 4 eligible)
      assertThat(r.sampledClients()).isSubsetOf(Set.of("client-a", "client-b", "client-c",
          "client-d"));
    });
    assertThat(h.clients.get(4).trainTasks).isEmpty();
  }

  @Test
  void round_stragglerAtDeadlineWithQuorum_droppedCancelledAndHandedToStrategy()
      throws Exception {
    h = new Harness();
    h.start(b -> { });
    h.client("fast-1", "a");
    h.client("fast-2", "b");
    FleetTestClient slow = h.client("slow", "c").mode(FleetTestClient.Mode.SILENT,
        FleetTestClient.Mode.SILENT);
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 2
        sampling: {min_clients: 3}
        quorum: 2
        deadline: 600ms
        strategy: {name: mean-delta}
        """));

    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.completed("TRAIN")).hasSize(2).allSatisfy(r -> {
      assertThat(r.contributors()).isEqualTo(2);
      assertThat(r.failureDetail()).singleElement().satisfies(f -> {
        assertThat(f).containsEntry("client", "slow").containsEntry("kind", "TIMEOUT");
      });
    });
    assertThat(h.strategy.failuresByRound).hasSize(2).allSatisfy(f ->
        assertThat(f).singleElement().satisfies(x -> {
          assertThat(x.clientId()).isEqualTo("slow");
          assertThat(x.kind()).isEqualTo(ClientFailure.Kind.TIMEOUT);
        }));
    awaitTrue(() -> slow.cancelled.size() == 2);
  }

  @Test
  void round_withoutQuorum_failsAndIsRetriedThenRunFails() throws Exception {
    h = new Harness();
    h.start(b -> { });
    h.client("ok", "a");
    h.client("silent", "b").mode(FleetTestClient.Mode.SILENT, FleetTestClient.Mode.SILENT);
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 3
        sampling: {min_clients: 2}
        quorum: 2
        deadline: 300ms
        max_round_attempts: 2
        strategy: {name: mean-delta}
        """));

    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.detail()).contains("round 1 failed 2 times")
        .contains("1 of 2 sampled clients contributed; the quorum is 2");
    assertThat(run.roundHistory()).hasSize(2).allSatisfy(r -> {
      assertThat(r.round()).isEqualTo(1);
      assertThat(r.status()).isEqualTo("FAILED");
    });
    assertThat(run.roundHistory()).extracting(RoundView::attempt).containsExactly(1, 2);
    assertThat(h.strategy.roundsAggregated).isEmpty();
  }

  @Test
  void round_clientBudgetExceeded_failureKindHandedToStrategy() throws Exception {
    h = new Harness();
    h.start(b -> { });
    h.client("ok-1", "a");
    h.client("ok-2", "b");
    h.client("poor", "c").mode(FleetTestClient.Mode.BUDGET_EXCEEDED);
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 1
        sampling: {min_clients: 3}
        quorum: 2
        deadline: 10s
        strategy: {name: mean-delta}
        """));

    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.strategy.failuresByRound.get(0)).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(ClientFailure.Kind.BUDGET_EXCEEDED));
  }

  @Test
  void cancel_activeAndQueuedRuns_cancelledAndClientsGetCancelTask() throws Exception {
    h = new Harness();
    h.start(b -> { });
    FleetTestClient c1 = h.client("c1", "a").mode(FleetTestClient.Mode.SILENT);
    FleetTestClient c2 = h.client("c2", "b").mode(FleetTestClient.Mode.SILENT);
    String active = h.coordinator.submit(Harness.spec("""
        rounds: 5
        sampling: {min_clients: 2}
        deadline: 60s
        strategy: {name: mean-delta}
        """));
    String queued = h.coordinator.submit(Harness.spec("rounds: 1\nstrategy: {name: x}\n"));
    awaitTrue(() -> c1.trainTasks.size() == 1 && c2.trainTasks.size() == 1);
    assertThat(h.coordinator.status(queued).orElseThrow().status())
        .isEqualTo(RunStatus.SUBMITTED);

    assertThat(h.coordinator.cancel(queued)).isTrue();
    assertThat(h.coordinator.cancel(active)).isTrue();

    RunView run = h.coordinator.awaitCompletion(active, Duration.ofSeconds(10));
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.roundHistory()).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("CANCELLED"));
    assertThat(h.coordinator.status(queued).orElseThrow().status())
        .isEqualTo(RunStatus.CANCELLED);
    awaitTrue(() -> c1.cancelled.size() == 1 && c2.cancelled.size() == 1);
    assertThat(h.coordinator.cancel(active)).isFalse();
    assertThat(h.coordinator.cancel("no-such-run")).isFalse();
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
