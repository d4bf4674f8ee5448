package se.tillit.fl.protocol;

import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The sending side of one gRPC stream, with back-pressure: messages are written only while the
 * transport is ready ({@link CallStreamObserver#isReady()}), and writing resumes from the
 * stream's on-ready handler. A model of any size can thus be queued as a lazy sequence of chunk
 * messages ({@link #sendAll}) and is pulled one chunk at a time as the peer takes them, instead of
 * filling memory with serialized messages.
 *
 * <p>Two queues: single messages ({@link #send}) go first, even between two messages of a
 * sequence already being written (heartbeats, errors, cancellations may do that); sequences
 * ({@link #sendAll}) are written one after the other, each without interruption by another
 * sequence (a header and its chunks belong in one sequence).
 *
 * <p>Thread-safe: any thread may send. Exactly one thread writes at a time, and no lock is held
 * while writing, so a peer answering on the same thread (in-process transport, direct executor)
 * cannot deadlock it. Every message passes {@code beforeWrite} at the moment it is written, which is
 * where {@link Messages#clientSequencer()} numbers it.
 */
public final class OutboundStream<T> {
  private final CallStreamObserver<T> observer;
  private final UnaryOperator<T> beforeWrite;
  private final Queue<T> single = new ConcurrentLinkedQueue<>();
  private final Queue<Iterator<? extends T>> sequences = new ConcurrentLinkedQueue<>();
  private final AtomicInteger work = new AtomicInteger();
  // Touched only by the thread that holds the work counter.
  private volatile Iterator<? extends T> current;
  private volatile boolean terminated;
  private volatile RuntimeException writeFailure;
  // Requests from any thread.
  private volatile boolean completeRequested;
  private volatile Throwable closeWithErrorRequested;
  private volatile Throwable failRequested;
  private volatile boolean cancelled;
  private final AtomicInteger written = new AtomicInteger();

  private OutboundStream(CallStreamObserver<T> observer, UnaryOperator<T> beforeWrite) {
    this.observer = observer;
    this.beforeWrite = Objects.requireNonNull(beforeWrite, "beforeWrite");
  }

  /**
   * The outbound side of a server call. Call it inside the service method, before returning: it
   * installs the call's on-ready and on-cancel handlers (which gRPC allows only then).
   *
   * @param responseObserver the service method's response observer
   * @param beforeWrite applied to each message as it is written (e.g. a sequencer)
   * @param onCancel run once if the client cancels or goes away; may be null
   */
  public static <T> OutboundStream<T> forServer(
      StreamObserver<T> responseObserver, UnaryOperator<T> beforeWrite, Runnable onCancel) {
    ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) responseObserver;
    OutboundStream<T> out = new OutboundStream<>(call, beforeWrite);
    call.setOnReadyHandler(out::drain);
    call.setOnCancelHandler(() -> {
      out.cancelled = true;
      if (onCancel != null) {
        onCancel.run();
      }
    });
    return out;
  }

  /**
   * The outbound side of a client call. Call it from
   * {@link io.grpc.stub.ClientResponseObserver#beforeStart}, the only time gRPC allows the
   * on-ready handler to be set.
   */
  public static <T> OutboundStream<T> forClient(
      ClientCallStreamObserver<T> requestStream, UnaryOperator<T> beforeWrite) {
    OutboundStream<T> out = new OutboundStream<>(requestStream, beforeWrite);
    requestStream.setOnReadyHandler(out::drain);
    return out;
  }

  /** Queues one message, to be written before any further message of a queued sequence. */
  public void send(T message) {
    single.add(Objects.requireNonNull(message, "message"));
    drain();
  }

  /**
   * Queues a sequence, written after the sequences queued before it and without interruption by
   * another sequence. Its messages are pulled as the stream becomes ready; the iterator is used by
   * one thread at a time. If it throws, the stream fails with INTERNAL.
   */
  public void sendAll(Iterator<? extends T> messages) {
    sequences.add(Objects.requireNonNull(messages, "messages"));
    drain();
  }

  /**
   * Queues {@code header} followed by {@code rest} as one sequence: a message and the chunks that
   * belong to it, which no other sequence may interrupt.
   */
  public void sendAll(T header, Iterator<? extends T> rest) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(rest, "rest");
    sendAll(new Iterator<T>() {
      private boolean headerDone;

      @Override
      public boolean hasNext() {
        return !headerDone || rest.hasNext();
      }

      @Override
      public T next() {
        if (!headerDone) {
          headerDone = true;
          return header;
        }
        return rest.next();
      }
    });
  }

  /** Ends the stream normally once everything queued has been written. */
  public void complete() {
    completeRequested = true;
    drain();
  }

  /**
   * Ends the stream with {@code error} (e.g. {@code protocolException.toStatus().asRuntimeException()})
   * once everything queued has been written, so that an ErrorInfo sent just before still arrives.
   */
  public void closeWithError(Throwable error) {
    closeWithErrorRequested = Objects.requireNonNull(error, "error");
    drain();
  }

  /** Ends the stream at once with {@code error}; whatever is still queued is dropped. */
  public void fail(Throwable error) {
    failRequested = Objects.requireNonNull(error, "error");
    drain();
  }

  /** Whether nothing is left to write (the stream may still be open). */
  public boolean isIdle() {
    return single.isEmpty() && sequences.isEmpty() && current == null;
  }

  /** Whether the stream has ended (completed, failed, cancelled, or a write threw). */
  public boolean isTerminated() {
    return terminated;
  }

  /** The exception a write threw, which ended the stream; null if none did. */
  public RuntimeException writeFailure() {
    return writeFailure;
  }

  /** Messages written so far. */
  public int writtenCount() {
    return written.get();
  }

  /**
   * Writes what it can. Called by the stream's on-ready handler and after every request; safe to
   * call from any thread at any time.
   */
  public void drain() {
    if (work.getAndIncrement() != 0) {
      return; // another thread is writing and will see the new work
    }
    int missed = 1;
    do {
      writeWhileReady();
      missed = work.addAndGet(-missed);
    } while (missed != 0);
  }

  private void writeWhileReady() {
    while (!terminated) {
      if (cancelled) {
        terminated = true;
        dropQueued();
        return;
      }
      Throwable error = failRequested;
      if (error != null) {
        terminated = true;
        dropQueued();
        observer.onError(error);
        return;
      }
      if (!observer.isReady()) {
        return; // the on-ready handler calls drain() again
      }
      T next = single.poll();
      try {
        if (next == null) {
          if (current != null && !current.hasNext()) {
            current = null;
          }
          if (current == null) {
            current = sequences.poll();
            if (current == null) {
              Throwable closing = closeWithErrorRequested;
              if (closing != null) {
                terminated = true;
                observer.onError(closing);
              } else if (completeRequested) {
                terminated = true;
                observer.onCompleted();
              }
              return;
            }
            continue;
          }
          next = current.next();
        }
        next = beforeWrite.apply(next);
      } catch (RuntimeException e) {
        terminated = true;
        dropQueued();
        observer.onError(Status.INTERNAL
            .withDescription("could not make the next message to send: " + e)
            .withCause(e).asRuntimeException());
        return;
      }
      try {
        observer.onNext(next);
      } catch (RuntimeException e) {
        // The call is gone (cancelled or closed under us): nothing more can be written.
        writeFailure = e;
        terminated = true;
        dropQueued();
        return;
      }
      written.incrementAndGet();
    }
  }

  private void dropQueued() {
    single.clear();
    sequences.clear();
    current = null;
  }
}
