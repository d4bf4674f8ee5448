package se.tillit.fl.coordinator;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import se.tillit.fl.protocol.AssemblyLimits;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.OutboundStream;
import se.tillit.fl.protocol.ProtocolException;
import se.tillit.fl.protocol.ProtocolVersion;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.TensorAssembler;
import se.tillit.fl.protocol.TensorChunker;
import se.tillit.fl.protocol.v1.ArrayRecord;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.ErrorInfo;
import se.tillit.fl.protocol.v1.FleetGrpc;
import se.tillit.fl.protocol.v1.Heartbeat;
import se.tillit.fl.protocol.v1.Hello;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.Task;
import se.tillit.fl.protocol.v1.TaskResult;
import se.tillit.fl.protocol.v1.TensorChunk;

/**
 * A scripted agency client for coordinator tests, over a real Netty loopback channel. It answers
 * TRAIN tasks with a delta whose every element is {@link #delta}, EVALUATE tasks with fixed
 * metrics, heartbeats, and reconnects after Reconnect or a lost stream when asked to. Per TRAIN
 * task it follows the next {@link Mode} queued (NORMAL when none), which is how the tests send
 * bad input.
 */
final class FleetTestClient implements AutoCloseable {
  private static final ScheduledExecutorService TIMER =
      Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "test-client-timer");
        t.setDaemon(true);
        return t;
      });

  /** What to do with a TRAIN task. */
  enum Mode {
    NORMAL,
    SILENT,            // never answer
    LATE,              // answer after lateMs, ignoring CancelTask
    MALFORMED_THEN_OK, // a TaskResult with num_examples 0, then a good one
    NAN,
    WRONG_SHAPE,
    WRONG_DTYPE,
    OVERSIZED,         // announce a 1 GiB tensor
    UNKNOWN_TASK_THEN_OK,
    REPLAY_THEN_OK,    // replay the Hello (old sequence number), then answer
    BUDGET_EXCEEDED    // answer with ErrorInfo BUDGET_EXCEEDED
  }

  final String id;
  final String agency;
  private final ManagedChannel channel;
  volatile float delta = 0.1f;
  volatile long examples = 100;
  volatile long answerDelayMs = 0;
  volatile long lateMs = 0;
  volatile boolean autoReconnect;
  final Queue<Mode> modes = new ConcurrentLinkedQueue<>();
  final List<ErrorInfo> errors = new CopyOnWriteArrayList<>();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  final List<Task> trainTasks = new CopyOnWriteArrayList<>();
  final AtomicInteger evaluateTasks = new AtomicInteger();
  final AtomicInteger welcomes = new AtomicInteger();
  final AtomicInteger reconnects = new AtomicInteger();
  volatile Status closedWith;
  private volatile Stream stream;
  private volatile boolean closed;
  private final ScheduledFuture<?> heartbeat;

  private final boolean ownsChannel;

  FleetTestClient(String id, String agency, int port) {
    this(id, agency, NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(16 << 20).build(), true, 100);
  }

  /** A client on a shared channel (many streams over one connection), heartbeating every beatMs. */
  FleetTestClient(String id, String agency, ManagedChannel channel, boolean ownsChannel,
      long beatMs) {
    this.id = id;
    this.agency = agency;
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.heartbeat = TIMER.scheduleAtFixedRate(this::beat, beatMs, beatMs, TimeUnit.MILLISECONDS);
  }

  static FleetTestClient connect(String id, String agency, int port) {
    FleetTestClient c = new FleetTestClient(id, agency, port);
    c.open();
    return c;
  }

  FleetTestClient mode(Mode... m) {
    modes.addAll(List.of(m));
    return this;
  }

  synchronized void open() {
    if (closed) {
      return;
    }
    Stream s = new Stream();
    stream = s;
    FleetGrpc.newStub(channel).connect(s);
    s.send(ClientMessage.newBuilder()
        .setMetadata(s.sender.metadata(MessageType.MESSAGE_TYPE_HELLO))
        .setHello(Hello.newBuilder().setMaxVersion(ProtocolVersion.CURRENT.toProto())
            .setSoftware("tillit-test/0")
            .setProperties(Messages.configRecord(Map.of("agency", agency))))
        .build());
  }

  private void beat() {
    Stream s = stream;
    if (s != null && s.welcomed && !s.done) {
      s.send(ClientMessage.newBuilder()
          .setMetadata(s.sender.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT))
          .setHeartbeat(Heartbeat.getDefaultInstance()).build());
    }
  }

  List<ErrorCode> errorCodes() {
    List<ErrorCode> out = new ArrayList<>();
    for (ErrorInfo e : errors) {
      out.add(e.getCode());
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    heartbeat.cancel(false);
    Stream s = stream;
    if (s != null && !s.done) {
      s.out.complete();
    }
    if (ownsChannel) {
      channel.shutdownNow();
    }
  }

  /** One Connect stream. */
  private final class Stream implements ClientResponseObserver<ClientMessage, CoordinatorMessage> {
    final Messages.Sender sender = Messages.Sender.of(id);
    final Messages.InboundSequence inbound = new Messages.InboundSequence();
    final List<ClientMessage> sent = Collections.synchronizedList(new ArrayList<>());
    OutboundStream<ClientMessage> out;
    volatile boolean welcomed;
    volatile boolean done;
    TensorAssembler assembler;
    CoordinatorMessage pendingTask;

    void send(ClientMessage m) {
      out.send(m);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
      AtomicLong n = new AtomicLong();
      UnaryOperator<ClientMessage> seq = m -> {
        if (m.getMetadata().getSequence() != 0) {
          return m; // a deliberate replay keeps its old number
        }
        ClientMessage numbered = m.toBuilder().setMetadata(
            m.getMetadata().toBuilder().setSequence(n.incrementAndGet())).build();
        sent.add(numbered);
        return numbered;
      };
      out = OutboundStream.forClient(requestStream, seq);
    }

    @Override
    public synchronized void onNext(CoordinatorMessage m) {
      try {
        Messages.validate(m);
        inbound.check(m.getMetadata());
      } catch (ProtocolException e) {
        throw new AssertionError("the coordinator sent an invalid message: " + e.getMessage(), e);
      }
      switch (m.getBodyCase()) {
        case WELCOME -> {
          sender.useVersion(ProtocolVersion.CURRENT);
          welcomed = true;
          welcomes.incrementAndGet();
        }
        case TASK -> {
          try {
            assembler = TensorAssembler.start(m.getMetadata().getMessageId(),
                m.getTask().getModel(), AssemblyLimits.DEFAULT);
            pendingTask = m;
            maybeTaskComplete();
          } catch (ProtocolException e) {
            throw new AssertionError(e);
          }
        }
        case CHUNK -> {
          try {
            assembler.accept(m.getChunk());
            maybeTaskComplete();
          } catch (ProtocolException e) {
            throw new AssertionError(e);
          }
        }
        case CANCEL -> cancelled.add(m.getCancel().getTaskMessageId());
        case ERROR -> errors.add(m.getError());
        case RECONNECT -> reconnects.incrementAndGet();
        default -> { }
      }
    }

    private void maybeTaskComplete() throws ProtocolException {
      if (!assembler.isComplete()) {
        return;
      }
      ModelParameters model = assembler.finish();
      CoordinatorMessage task = pendingTask;
      assembler = null;
      pendingTask = null;
      if (task.getMetadata().getType() == MessageType.MESSAGE_TYPE_EVALUATE) {
        evaluateTasks.incrementAndGet();
        later(answerDelayMs, () -> send(ClientMessage.newBuilder()
            .setMetadata(sender.replyTo(task.getMetadata()))
            .setResult(TaskResult.newBuilder().setNumExamples(10)
                .setMetrics(Messages.metricRecord(Map.of("loss", 0.5, "accuracy", 0.8))))
            .build()));
        return;
      }
      trainTasks.add(task.getTask());
      Mode mode = modes.poll();
      if (mode == null) {
        mode = Mode.NORMAL;
      }
      Mode m = mode;
      long delay = m == Mode.LATE ? lateMs : answerDelayMs;
      if (m == Mode.SILENT) {
        return;
      }
      later(delay, () -> answer(task, model, m));
    }

    private void later(long ms, Runnable r) {
      if (ms <= 0) {
        TIMER.execute(r);
      } else {
        TIMER.schedule(r, ms, TimeUnit.MILLISECONDS);
      }
    }

    private void answer(CoordinatorMessage task, ModelParameters model, Mode mode) {
      if (done) {
        return;
      }
      MessageMetadata taskMd = task.getMetadata();
      ModelParameters update = deltaLike(model, delta);
      switch (mode) {
        case MALFORMED_THEN_OK -> send(ClientMessage.newBuilder()
            .setMetadata(sender.replyTo(taskMd))
            .setResult(TaskResult.newBuilder().setNumExamples(0)
                .setKind(ParametersKind.PARAMETERS_KIND_DELTA))
            .build());
        case NAN -> {
          double[] flat = update.toFlatDoubles();
          flat[1] = Double.NaN;
          update = update.withFlatDoubles(flat);
        }
        case WRONG_SHAPE -> update = ModelParameters.of(
            Tensor.ofFloats("0_W", new long[] {2, 3}, new float[6]),
            Tensor.ofFloats("0_b", new long[] {2}, new float[2]));
        case WRONG_DTYPE -> update = ModelParameters.of(
            Tensor.ofDoubles("0_W", new long[] {3, 2}, new double[6]),
            Tensor.ofDoubles("0_b", new long[] {2}, new double[2]));
        case UNKNOWN_TASK_THEN_OK -> sendUpdate(taskMd.toBuilder()
            .setMessageId(Messages.newMessageId()).build(), update);
        case REPLAY_THEN_OK -> send(sent.get(0)); // the Hello, with its old sequence number
        case BUDGET_EXCEEDED -> {
          send(ClientMessage.newBuilder().setMetadata(sender.replyTo(taskMd))
              .setError(Messages.errorInfo(ErrorCode.ERROR_CODE_BUDGET_EXCEEDED,
                  "the dataset's ledger cannot afford this round", false))
              .build());
          return;
        }
        case OVERSIZED -> {
          send(ClientMessage.newBuilder().setMetadata(sender.replyTo(taskMd))
              .setResult(TaskResult.newBuilder().setNumExamples(examples)
                  .setKind(ParametersKind.PARAMETERS_KIND_DELTA)
                  .setUpdate(ArrayRecord.newBuilder().addTensors(
                      se.tillit.fl.protocol.v1.TensorSpec.newBuilder().setName("0_W")
                          .setDtype(se.tillit.fl.protocol.v1.DType.DTYPE_FLOAT32)
                          .addShape(1 << 28))))
              .build());
          return;
        }
        default -> { }
      }
      sendUpdate(taskMd, update);
    }

    private void sendUpdate(MessageMetadata taskMd, ModelParameters update) {
      MessageMetadata md = sender.replyTo(taskMd).build();
      ClientMessage result = ClientMessage.newBuilder().setMetadata(md)
          .setResult(TaskResult.newBuilder().setNumExamples(examples)
              .setKind(ParametersKind.PARAMETERS_KIND_DELTA)
              .setMetrics(Messages.metricRecord(Map.of("loss", 1.0, "accuracy", 0.5)))
              .setUpdate(update.toArrayRecord()))
          .build();
      Iterator<TensorChunk> chunks = TensorChunker.withChunkBytes(16).chunks(md.getMessageId(),
          update);
      Iterator<ClientMessage> wrapped = Messages.clientChunks(sender, md, chunks);
      List<ClientMessage> all = new ArrayList<>();
      all.add(result);
      wrapped.forEachRemaining(all::add);
      out.sendAll(all.iterator());
    }

    @Override
    public void onError(Throwable t) {
      done = true;
      closedWith = Status.fromThrowable(t);
      maybeReconnect();
    }

    @Override
    public void onCompleted() {
      done = true;
      closedWith = Status.OK;
      out.complete();
      maybeReconnect();
    }

    private void maybeReconnect() {
      if (autoReconnect && !closed) {
        TIMER.schedule(FleetTestClient.this::open, 200, TimeUnit.MILLISECONDS);
      }
    }
  }

  static ModelParameters deltaLike(ModelParameters model, double value) {
    double[] flat = new double[(int) model.totalElements()];
    java.util.Arrays.fill(flat, value);
    return model.withFlatDoubles(flat);
  }
}
