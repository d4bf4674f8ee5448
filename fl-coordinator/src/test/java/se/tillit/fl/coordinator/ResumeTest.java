package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A coordinator stopped mid-run; a new one on the same H2 file and port finishes the run. */
class ResumeTest {
  private Harness first;
  private Coordinator second;
  private final TestStrategies.MeanDelta strategy2 = new TestStrategies.MeanDelta();

  @AfterEach
  void tearDown() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void restart_midRun_resumesAtLastCompletedRoundAndFinishes() throws Exception {
    int port = Harness.freePort();
    first = new Harness();
    first.start(b -> b.listen("127.0.0.1", port));
    for (String a : List.of("a", "b", "c")) {
      FleetTestClient c = first.client("client-" + a, a);
      c.answerDelayMs = 60;
      c.autoReconnect = true;
    }
    String id = first.coordinator.submit(Harness.spec("""
        rounds: 6
        sampling: {min_clients: 3}
        deadline: 10s
        strategy: {name: mean-delta}
        """));
    CoordinatorRunTest.awaitTrue(() ->
        first.coordinator.status(id).orElseThrow().currentRound() >= 2);

    first.coordinator.close(); // mid-run: sends Reconnect, leaves the run RUNNING
    StateStore peek = StateStore.open(first.dbUrl, null, null);
    RunView stopped = peek.run(id).orElseThrow();
    peek.close();
    assertThat(stopped.status()).isEqualTo(RunStatus.RUNNING);
    long doneBefore = stopped.currentRound();
    assertThat(doneBefore).isBetween(2L, 5L);
    CoordinatorRunTest.awaitTrue(() -> first.clients.stream().allMatch(c -> c.reconnects.get() == 1));

    // A new coordinator (new strategy object) on the same database and port.
    Coordinator c2 = Coordinator.builder()
        .config(first.config().listen("127.0.0.1", port).build())
        .initializer(spec -> {
          throw new AssertionError("a resumed run must start from its checkpoint");
        })
        .strategies(spec -> strategy2)
        .aggregator(new TestStrategies.PlainSum())
        .build()
        .start();
    second = c2;

    RunView run = c2.awaitCompletion(id, Duration.ofSeconds(30));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.currentRound()).isEqualTo(6);
    assertThat(run.completed("TRAIN")).extracting(RoundView::round)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(strategy2.restoredRounds).isGreaterThanOrEqualTo(doneBefore);
    assertThat(strategy2.roundsAggregated.get(0)).isEqualTo(
        strategy2.restoredRounds + 1);
    // Six rounds of +0.1 each, none applied twice and none lost.
    for (double v : c2.store().latestCheckpoint(id).orElseThrow().model().toFlatDoubles()) {
      assertThat(v).isCloseTo(0.6, Offset.offset(1e-5));
    }
    assertThat(first.clients).allSatisfy(c -> assertThat(c.welcomes.get()).isEqualTo(2));
    assertThat(c2.store().audit().records(1, 200)).anyMatch(r -> r.action().equals("fl.run.resumed"));
  }
}
