package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.ErrorInfo;

/**
 * Every kind of bad client input gets an ErrorInfo with the right code and a clear message; the
 * coordinator keeps running, keeps the session (unless the identity is wrong) and the run
 * completes.
 */
class BadInputTest {
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  /** Runs 2 rounds with two good clients and one that follows {@code modes}. */
  private RunView runWithBadClient(FleetTestClient.Mode... modes) throws Exception {
    h = new Harness();
    h.start(b -> b.maxModelBytes(1 << 20));
    h.client("good-1", "a");
    h.client("good-2", "b");
    FleetTestClient bad = h.client("bad", "c").mode(modes);
    bad.lateMs = 900;
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 2
        sampling: {min_clients: 3}
        quorum: 2
        deadline: 600ms
        strategy: {name: mean-delta}
        """));
    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.completed("TRAIN")).hasSize(2);
    assertThat(bad.closedWith).as("the bad client's stream stays open").isNull();
    return run;
  }

  private FleetTestClient bad() {
    return h.clients.get(2);
  }

  private ErrorInfo onlyError(ErrorCode code) throws InterruptedException {
    CoordinatorRunTest.awaitTrue(() -> !bad().errors.isEmpty());
    assertThat(bad().errorCodes()).containsOnly(code);
    assertThat(h.coordinator.prometheusMetrics())
        .contains("tillit_fl_rejected_messages_total{code=\"" + code.name() + "\"} ");
    return bad().errors.get(0);
  }

  @Test
  void malformedResult_refusedMalformed_thenGoodResultCounts() throws Exception {
    RunView run = runWithBadClient(FleetTestClient.Mode.MALFORMED_THEN_OK);
    assertThat(onlyError(ErrorCode.ERROR_CODE_MALFORMED).getMessage())
        .isEqualTo("TaskResult.num_examples must be >= 1. Provided value: 0");
    assertThat(run.completed("TRAIN").get(0).contributors()).isEqualTo(3);
  }

  @Test
  void oversizedUpdate_refusedOversized_roundCompletesWithoutIt() throws Exception {
    RunView run = runWithBadClient(FleetTestClient.Mode.OVERSIZED);
    assertThat(onlyError(ErrorCode.ERROR_CODE_OVERSIZED).getMessage())
        .contains("size of tensor '0_W' must be <= 1048576 bytes");
    assertThat(run.completed("TRAIN").get(0).failureDetail()).singleElement()
        .satisfies(f -> assertThat(f).containsEntry("kind", "REJECTED"));
    assertThat(h.strategy.failuresByRound.get(0)).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(ClientFailure.Kind.REJECTED));
  }

  @Test
  void nanUpdate_refusedNonFinite() throws Exception {
    runWithBadClient(FleetTestClient.Mode.NAN);
    assertThat(onlyError(ErrorCode.ERROR_CODE_NON_FINITE).getMessage()).contains("'0_W'");
    // The global model stayed finite.
    for (double v : h.coordinator.store().latestCheckpoint(h.coordinator.runs().get(0).id())
        .orElseThrow().model().toFlatDoubles()) {
      assertThat(v).isFinite();
    }
  }

  @Test
  void wrongShape_refusedShapeMismatch() throws Exception {
    runWithBadClient(FleetTestClient.Mode.WRONG_SHAPE);
    assertThat(onlyError(ErrorCode.ERROR_CODE_SHAPE_MISMATCH).getMessage())
        .isEqualTo("shape of tensor '0_W' must be [3, 2]. Provided value: [2, 3]");
  }

  @Test
  void wrongDtype_refusedDtypeMismatch() throws Exception {
    runWithBadClient(FleetTestClient.Mode.WRONG_DTYPE);
    assertThat(onlyError(ErrorCode.ERROR_CODE_DTYPE_MISMATCH).getMessage())
        .isEqualTo("dtype of tensor '0_W' must be FLOAT32. Provided value: FLOAT64");
  }

  @Test
  void unknownTask_refusedStale_thenGoodResultCounts() throws Exception {
    RunView run = runWithBadClient(FleetTestClient.Mode.UNKNOWN_TASK_THEN_OK);
    assertThat(onlyError(ErrorCode.ERROR_CODE_STALE_MESSAGE).getMessage())
        .contains("an unknown task");
    assertThat(run.completed("TRAIN").get(0).contributors()).isEqualTo(3);
  }

  @Test
  void lateResultAfterRoundClosed_refusedStale() throws Exception {
    RunView run = runWithBadClient(FleetTestClient.Mode.LATE);
    assertThat(onlyError(ErrorCode.ERROR_CODE_STALE_MESSAGE).getMessage())
        .contains("is closed: the result of task").contains("came too late");
    assertThat(run.completed("TRAIN").get(0).failureDetail()).singleElement()
        .satisfies(f -> assertThat(f).containsEntry("kind", "TIMEOUT"));
    assertThat(bad().cancelled).isNotEmpty();
  }

  @Test
  void replayedSequence_refusedStale_thenGoodResultCounts() throws Exception {
    RunView run = runWithBadClient(FleetTestClient.Mode.REPLAY_THEN_OK);
    assertThat(onlyError(ErrorCode.ERROR_CODE_STALE_MESSAGE).getMessage())
        .contains("a repeat or replay");
    assertThat(run.completed("TRAIN").get(0).contributors()).isEqualTo(3);
  }

  @Test
  void unregisteredClient_refusedUnknownClientAndClosed_registeredOnesTrain() throws Exception {
    h = new Harness();
    h.start(b -> b.registeredClients(List.of("good-1", "good-2")));
    h.client("good-1", "a");
    h.client("good-2", "b");
    FleetTestClient mallory = h.client("mallory", "x");
    CoordinatorRunTest.awaitTrue(() -> mallory.closedWith != null);
    assertThat(mallory.closedWith.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(mallory.errorCodes()).containsExactly(ErrorCode.ERROR_CODE_UNKNOWN_CLIENT);
    assertThat(mallory.errors.get(0).getMessage())
        .isEqualTo("client 'mallory' is not registered with this coordinator");
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 1
        sampling: {min_clients: 2}
        deadline: 5s
        strategy: {name: mean-delta}
        """));
    assertThat(h.coordinator.awaitCompletion(id, Duration.ofSeconds(30)).status())
        .isEqualTo(RunStatus.COMPLETED);
    assertThat(h.coordinator.connectedClients()).isEqualTo(2);
    CoordinatorRunTest.awaitTrue(() -> h.coordinator.store().audit().records(1, 100).stream()
        .anyMatch(r -> r.action().equals("fl.client.rejected")
            && r.subject().equals("client/mallory")));
  }
}
