package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboundStreamTest {

  /** A call whose readiness the test controls. */
  static class FakeCall extends ClientCallStreamObserver<String> {
    boolean ready = true;
    int readyBudget = Integer.MAX_VALUE;
    Runnable onReady;
    final List<String> written = new ArrayList<>();
    boolean completed;
    Throwable error;

    @Override
    public boolean isReady() {
      return ready && readyBudget > 0;
    }

    @Override
    public void setOnReadyHandler(Runnable r) {
      onReady = r;
    }

    @Override
    public void onNext(String v) {
      written.add(v);
      readyBudget--;
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
      completed = true;
    }

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    void becomeReady(int budget) {
      readyBudget = budget;
      onReady.run();
    }
  }

  /** Counts how many elements were pulled. */
  static final class Counting implements Iterator<String> {
    final int size;
    int pulled;

    Counting(int size) {
      this.size = size;
    }

    @Override
    public boolean hasNext() {
      return pulled < size;
    }

    @Override
    public String next() {
      return "c" + pulled++;
    }
  }

  @Test
  void sendAll_pullsOnlyWhatTheTransportTakes_resumesOnReady() {
    FakeCall call = new FakeCall();
    call.readyBudget = 3;
    OutboundStream<String> out = OutboundStream.forClient(call, m -> m);
    Counting seq = new Counting(10);
    out.sendAll(seq);
    assertThat(call.written).containsExactly("c0", "c1", "c2");
    assertThat(seq.pulled).isEqualTo(3); // nothing buffered beyond what was written

    call.becomeReady(4);
    assertThat(call.written).hasSize(7);
    call.becomeReady(100);
    assertThat(call.written).containsExactlyElementsOf(
        IntStream.range(0, 10).mapToObj(i -> "c" + i).toList());
    assertThat(out.isIdle()).isTrue();
  }

  @Test
  void send_overtakesAPendingSequence_sequencesStayWhole() {
    FakeCall call = new FakeCall();
    call.readyBudget = 2;
    OutboundStream<String> out = OutboundStream.forClient(call, m -> m);
    out.sendAll(List.of("a0", "a1", "a2", "a3").iterator());
    out.sendAll(List.of("b0", "b1").iterator());
    out.send("heartbeat");
    call.becomeReady(100);
    assertThat(call.written).containsExactly("a0", "a1", "heartbeat", "a2", "a3", "b0", "b1");
  }

  @Test
  void complete_waitsForTheQueue_thenCompletes() {
    FakeCall call = new FakeCall();
    call.readyBudget = 1;
    OutboundStream<String> out = OutboundStream.forClient(call, m -> m);
    out.sendAll(List.of("x", "y").iterator());
    out.complete();
    assertThat(call.completed).isFalse();
    call.becomeReady(10);
    assertThat(call.written).containsExactly("x", "y");
    assertThat(call.completed).isTrue();
    assertThat(out.isTerminated()).isTrue();
  }

  @Test
  void beforeWrite_appliedInWriteOrder() {
    FakeCall call = new FakeCall();
    int[] n = {0};
    OutboundStream<String> out = OutboundStream.forClient(call, m -> (++n[0]) + ":" + m);
    call.readyBudget = 0;
    out.sendAll(List.of("a", "b").iterator());
    out.send("h");
    call.becomeReady(10);
    assertThat(call.written).containsExactly("1:h", "2:a", "3:b");
  }

  @Test
  void failingSequence_failsTheStreamWithInternal() {
    FakeCall call = new FakeCall();
    OutboundStream<String> out = OutboundStream.forClient(call, m -> m);
    out.sendAll(new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public String next() {
        throw new IllegalStateException("boom");
      }
    });
    assertThat(Status.fromThrowable(call.error).getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(out.isTerminated()).isTrue();
    out.send("ignored");
    assertThat(call.written).isEmpty();
  }

  @Test
  void reentrantSend_fromInsideAWrite_isQueuedNotRecursed() {
    java.util.concurrent.atomic.AtomicReference<OutboundStream<String>> holder =
        new java.util.concurrent.atomic.AtomicReference<>();
    FakeCall call = new FakeCall() {
      @Override
      public void onNext(String v) {
        written.add(v);
        if (v.equals("ping")) {
          holder.get().send("pong"); // e.g. a peer answering on the same thread
        }
      }
    };
    holder.set(OutboundStream.forClient(call, m -> m));
    holder.get().send("ping");
    assertThat(call.written).containsExactly("ping", "pong");
  }
}
