package se.tillit.fl.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.ledger.BudgetExceededException;
import se.tillit.dp.ledger.BudgetLedger;
import se.tillit.dp.ledger.ChargePreview;
import se.tillit.dp.ledger.DatasetId;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.LocalTrainer;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.protocol.FleetCalls;
import se.tillit.fl.protocol.AssemblyLimits;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.ProtocolException;
import se.tillit.fl.protocol.ProtocolVersion;
import se.tillit.fl.protocol.TensorAssembler;
import se.tillit.fl.protocol.TensorChunker;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.ClientState;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.Heartbeat;
import se.tillit.fl.protocol.v1.Hello;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.Task;
import se.tillit.fl.protocol.v1.TaskResult;

/**
 * An agency's federated-learning client: it holds one outbound Fleet {@code Connect} stream to the
 * coordinator (the coordinator never dials in), answers its tasks, and reconnects by itself.
 *
 * <h2>Session</h2>
 *
 * After {@link #start()} the client opens the stream and sends Hello (with its properties, such as
 * "agency"); after Welcome it sends a Heartbeat every interval Welcome gives. Whenever the stream
 * ends or fails, or cannot be opened, it opens a new one after an exponential backoff with jitter
 * (a delay drawn uniformly from {@code [d/2, d]}, {@code d = min(max, initial * 2^attempt)},
 * attempt reset by each Welcome), or after the delay a Reconnect message asked for; forever, until
 * {@link #close()}.
 *
 * <h2>Tasks</h2>
 *
 * The task's model arrives as TensorChunks and is checked and reassembled by a {@link
 * TensorAssembler}; a protocol violation is answered with an ErrorInfo naming it. The task's
 * config names the model ({@code tillit.model}), the public feature schema ({@code
 * tillit.features}) and the run seed ({@code tillit.seed}); the {@link DataSource} encodes the
 * local rows for that schema. Then, on the training executor (never on a gRPC thread):
 *
 * <ul>
 *   <li>TRAIN: with {@code privacy.record_level} set, the client asks its dataset's ledger whether
 *       it can afford the round's DP-SGD event ({@code DpEvent.dpSgd(sigma, q, steps)}) and, if
 *       not, answers ErrorInfo BUDGET_EXCEEDED and trains nothing; a client without a ledger
 *       refuses such a task with TASK_FAILED. It trains with {@link LocalTrainer} (FedProx
 *       {@code proximal_mu}, DP-SGD), charges the exact event of the steps taken (if that charge
 *       is refused, the result is dropped and BUDGET_EXCEEDED sent instead), runs its privacy
 *       pipeline ({@link PrivacyStep}s, by default {@link ClipStep}) on the flat update and uploads
 *       a TaskResult with kind DELTA (or FULL if asked), {@code num_examples} = training rows and
 *       metrics "loss" and "accuracy" (on the training rows; left out under record-level DP, where
 *       they would be released without noise), "dp.epsilon" (the ledger's spent epsilon after the
 *       round) and those the steps add, followed by the update's chunks, written as the stream
 *       takes them (back-pressure).
 *   <li>EVALUATE: loss and accuracy on the local evaluation rows; {@code num_examples} = those
 *       rows. A client with no evaluation rows answers TASK_FAILED.
 *   <li>Anything that fails is answered with ErrorInfo TASK_FAILED naming what went wrong.
 *   <li>CancelTask: training stops at the next step and nothing is sent for the task.
 *   <li>A result ready after the task's {@code timeout_ms} is not sent (the coordinator would
 *       refuse it as late).
 * </ul>
 *
 * One task at a time: a task arriving while another is in progress is refused with a retryable
 * TASK_FAILED.
 *
 * <h2>Footprint</h2>
 *
 * No thread per client: gRPC callbacks run on the channel's executor, heartbeats and reconnects on
 * a shared scheduler, training on a shared executor (both may be given to the builder). A network
 * exists only while a task runs. Many clients may share one {@link Channel} (one in-process server
 * or one Netty connection), which is how a simulation runs a thousand of them in one JVM.
 *
 * <p>Every message sent is first recorded in the {@link LocalLog}, when one is given.
 */
public final class FleetClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetClient.class);

  /** Software name and version sent in Hello. */
  public static final String SOFTWARE = "tillit-client/0.1.0";

  private final String clientId;
  private final Channel channel;
  private final ManagedChannel ownedChannel;
  private final DataSource dataSource;
  private final Map<String, String> properties;
  private final List<PrivacyStep> privacySteps;
  private final BudgetLedger ledger;
  private final DatasetId dataset;
  private final LocalLog localLog;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final ScheduledExecutorService scheduler;
  private final Executor trainingExecutor;
  private final AssemblyLimits limits;
  private final TensorChunker chunker;

  private final Object lock = new Object();
  private boolean started;
  private boolean closed;
  private Session session;
  private int attempt;
  private ScheduledFuture<?> pendingReconnect;
  private final AtomicInteger welcomes = new AtomicInteger();
  private final AtomicInteger connectAttempts = new AtomicInteger();

  private FleetClient(Builder b) {
    this.clientId = b.clientId;
    if (b.channel != null) {
      this.channel = b.channel;
      this.ownedChannel = null;
    } else {
      this.ownedChannel = Grpc.newChannelBuilder(b.target, b.credentials)
          .keepAliveTime(30, TimeUnit.SECONDS)
          .keepAliveWithoutCalls(true)
          .maxInboundMessageSize(b.limits.maxChunkBytes() + (64 << 10))
          .build();
      this.channel = ownedChannel;
    }
    this.dataSource = b.dataSource;
    this.properties = Map.copyOf(b.properties);
    this.privacySteps = List.copyOf(b.privacySteps);
    this.ledger = b.ledger;
    this.dataset = b.dataset;
    this.localLog = b.localLog;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.scheduler = b.scheduler != null ? b.scheduler : Shared.SCHEDULER;
    this.trainingExecutor = b.trainingExecutor != null ? b.trainingExecutor : Shared.TRAINING;
    this.limits = b.limits;
    this.chunker = b.chunker;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder set from {@code client.yaml}: client id, coordinator with mutual TLS (or plaintext
   * when insecure), the CSV data source with its evaluation split, properties and backoff. The
   * ledger ({@code privacy.ledger}) and the local log ({@code log}) hold resources the caller
   * opens, owns and passes with {@link Builder#ledger} and {@link Builder#localLog}.
   */
  public static Builder builder(ClientConfig config) {
    return new Builder()
        .clientId(config.clientId())
        .target(config.coordinator(), config.channelCredentials())
        .dataSource(DataSource.csv(config.dataPath(), config.evalFraction(), config.dataSeed()))
        .properties(config.properties())
        .backoff(config.initialBackoff(), config.maxBackoff());
  }

  public String clientId() {
    return clientId;
  }

  /**
   * Opens the connection; returns at once (the session is set up asynchronously).
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("client " + clientId + " is closed");
      }
      if (started) {
        throw new IllegalStateException("client " + clientId + " is already started");
      }
      started = true;
    }
    connect();
  }

  /** Whether a session is established (Welcome received and the stream still open). */
  public boolean isConnected() {
    Session s;
    synchronized (lock) {
      s = session;
    }
    return s != null && s.welcomed && !s.ended;
  }

  /** Number of sessions established so far (Welcomes received). */
  public int sessionCount() {
    return welcomes.get();
  }

  /** Number of times a stream was opened so far. */
  public int connectAttempts() {
    return connectAttempts.get();
  }

  /**
   * Ends the session (cancelling the stream and any task) and stops reconnecting; closes the
   * channel if the client made it. Idempotent. The ledger and local log are the caller's.
   */
  @Override
  public void close() {
    Session s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = session;
      session = null;
      if (pendingReconnect != null) {
        pendingReconnect.cancel(false);
      }
    }
    if (s != null) {
      s.shutdown("client closed");
    }
    if (ownedChannel != null) {
      ownedChannel.shutdownNow();
    }
  }

  private void connect() {
    Session s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      pendingReconnect = null;
      s = new Session();
      session = s;
    }
    connectAttempts.incrementAndGet();
    try {
      FleetCalls.connect(channel, CallOptions.DEFAULT, s);
      s.sendHello();
    } catch (RuntimeException e) {
      log.warn("client {}: could not open the stream: {}", clientId, e.toString());
      s.ended(null);
    }
  }

  /** Schedules the next connection attempt after a session ended. */
  private void reconnectLater(Session ended, Long requestedDelayMs) {
    long delayMs;
    synchronized (lock) {
      if (closed || session != ended) {
        return;
      }
      session = null;
      if (requestedDelayMs != null) {
        delayMs = requestedDelayMs;
      } else {
        double d = Math.min(maxBackoff.toMillis(),
            initialBackoff.toMillis() * Math.pow(2, Math.min(attempt, 30)));
        delayMs = (long) (d / 2 + ThreadLocalRandom.current().nextDouble() * d / 2);
        attempt++;
      }
      pendingReconnect = scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }
    log.info("client {}: stream ended; reconnecting in {} ms", clientId, delayMs);
  }

  // -------------------------------------------------------------------------------------------

  /** A task the session is receiving or working on. */
  private static final class TaskRun {
    final CoordinatorMessage message;
    volatile boolean cancelled;
    volatile ClientState state = ClientState.CLIENT_STATE_RECEIVING;
    volatile long receivedAtNanos;

    TaskRun(CoordinatorMessage message) {
      this.message = message;
    }

    String id() {
      return message.getMetadata().getMessageId();
    }
  }

  /** One Connect stream. gRPC calls onNext/onError/onCompleted one at a time. */
  private final class Session implements ClientResponseObserver<ClientMessage, CoordinatorMessage> {
    private final Messages.Sender sender = Messages.Sender.of(clientId);
    private final Messages.InboundSequence sequence = new Messages.InboundSequence();
    private volatile se.tillit.fl.protocol.OutboundStream<ClientMessage> out;
    private volatile ClientCallStreamObserver<ClientMessage> call;
    private volatile boolean welcomed;
    private volatile boolean ended;
    private volatile ScheduledFuture<?> heartbeat;
    private Long reconnectAfterMs;
    private TensorAssembler assembler;
    private volatile TaskRun task;
    private String ignoredTransfer;

    @Override
    public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
      call = requestStream;
      out = se.tillit.fl.protocol.OutboundStream.forClient(requestStream,
          Messages.clientSequencer());
    }

    void sendHello() {
      Map<String, Object> props = new LinkedHashMap<>(properties);
      send(ClientMessage.newBuilder()
          .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_HELLO))
          .setHello(Hello.newBuilder()
              .setMaxVersion(ProtocolVersion.CURRENT.toProto())
              .setMinVersion(ProtocolVersion.OLDEST_SUPPORTED.toProto())
              .setSoftware(SOFTWARE)
              .setMaxChunkBytes(limits.maxChunkBytes())
              .setProperties(Messages.configRecord(props)))
          .build());
    }

    private void send(ClientMessage m) {
      if (localLog != null) {
        localLog.recordSent(m, null);
      }
      out.send(m);
    }

    @Override
    public void onNext(CoordinatorMessage m) {
      try {
        Messages.validate(m);
        sequence.check(m.getMetadata());
        switch (m.getBodyCase()) {
          case WELCOME -> onWelcome(m);
          case TASK -> onTask(m);
          case CHUNK -> onChunk(m);
          case CANCEL -> onCancel(m.getCancel().getTaskMessageId(), m.getCancel().getReason());
          case RECONNECT -> {
            reconnectAfterMs = m.getReconnect().getReconnectAfterMs();
            log.info("client {}: coordinator asks to reconnect in {} ms ({})", clientId,
                reconnectAfterMs, m.getReconnect().getReason());
          }
          case ERROR -> log.warn("client {}: coordinator error {} for {}: {}", clientId,
              m.getError().getCode(), m.getMetadata().getReplyTo(), m.getError().getMessage());
          default -> { }
        }
      } catch (ProtocolException e) {
        // A broken coordinator stream: say so and start again with a fresh stream.
        log.warn("client {}: protocol error from the coordinator: {}", clientId, e.getMessage());
        abortAssembly();
        cancelTask();
        out.fail(e.toStatus().asRuntimeException());
        call.cancel("protocol error: " + e.getMessage(), null);
      }
    }

    private void onWelcome(CoordinatorMessage m) throws ProtocolException {
      var w = m.getWelcome();
      sender.useVersion(ProtocolVersion.fromProto(w.getNegotiatedVersion()));
      welcomed = true;
      synchronized (lock) {
        attempt = 0;
      }
      welcomes.incrementAndGet();
      long interval = w.getHeartbeatIntervalMs();
      heartbeat = scheduler.scheduleAtFixedRate(this::sendHeartbeat, interval, interval,
          TimeUnit.MILLISECONDS);
      if (ended) {
        heartbeat.cancel(false);
      }
    }

    private void sendHeartbeat() {
      if (ended) {
        return;
      }
      TaskRun t = task;
      try {
        send(ClientMessage.newBuilder()
            .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT))
            .setHeartbeat(Heartbeat.newBuilder()
                .setState(t == null ? ClientState.CLIENT_STATE_IDLE : t.state))
            .build());
      } catch (RuntimeException e) {
        log.warn("client {}: heartbeat failed: {}", clientId, e.toString());
      }
    }

    private void onTask(CoordinatorMessage m) throws ProtocolException {
      if (!welcomed) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
            "a Task arrived before Welcome");
      }
      if (task != null || assembler != null) {
        sendError(m.getMetadata(), Messages.errorInfo(ErrorCode.ERROR_CODE_TASK_FAILED,
            "client " + clientId + " is busy with task " + (task != null ? task.id()
                : assembler.transferId()) + "; one task at a time", true));
        ignoredTransfer = m.getMetadata().getMessageId();
        return;
      }
      TaskRun t = new TaskRun(m);
      try {
        assembler = TensorAssembler.start(t.id(), m.getTask().getModel(), limits);
      } catch (ProtocolException e) {
        sendError(m.getMetadata(), e.toErrorInfo());
        ignoredTransfer = t.id();
        return;
      }
      task = t;
      maybeAssembled();
    }

    private void onChunk(CoordinatorMessage m) {
      String transfer = m.getChunk().getTransferId();
      if (assembler == null || !assembler.transferId().equals(transfer)) {
        if (!transfer.equals(ignoredTransfer)) {
          log.debug("client {}: chunk of transfer {} that is not open; ignored", clientId,
              transfer);
        }
        return;
      }
      try {
        assembler.accept(m.getChunk());
        maybeAssembled();
      } catch (ProtocolException e) {
        TaskRun t = task;
        assembler = null;
        task = null;
        ignoredTransfer = transfer;
        log.warn("client {}: model of task {} refused: {}", clientId, transfer, e.getMessage());
        if (t != null) {
          sendError(t.message.getMetadata(), e.toErrorInfo());
        }
      }
    }

    private void maybeAssembled() throws ProtocolException {
      if (!assembler.isComplete()) {
        return;
      }
      ModelParameters model = assembler.finish();
      assembler = null;
      TaskRun t = task;
      t.receivedAtNanos = System.nanoTime();
      t.state = t.message.getMetadata().getType() == MessageType.MESSAGE_TYPE_TRAIN
          ? ClientState.CLIENT_STATE_TRAINING : ClientState.CLIENT_STATE_EVALUATING;
      trainingExecutor.execute(() -> {
        try {
          runTask(this, t, model);
        } finally {
          if (task == t) {
            task = null;
          }
        }
      });
    }

    private void onCancel(String taskId, String reason) {
      TaskRun t = task;
      if (t != null && t.id().equals(taskId)) {
        t.cancelled = true;
        log.info("client {}: task {} cancelled ({})", clientId, taskId, reason);
        if (assembler != null && assembler.transferId().equals(taskId)) {
          assembler.abort();
          assembler = null;
          ignoredTransfer = taskId;
          task = null;
        }
      }
    }

    void sendError(MessageMetadata request, se.tillit.fl.protocol.v1.ErrorInfo error) {
      if (ended) {
        return;
      }
      String message = error.getMessage();
      if (message.length() > Messages.MAX_ERROR_MESSAGE_LENGTH) {
        error = error.toBuilder()
            .setMessage(message.substring(0, Messages.MAX_ERROR_MESSAGE_LENGTH)).build();
      }
      releaseTask(request.getMessageId());
      send(ClientMessage.newBuilder().setMetadata(sender.replyTo(request)).setError(error)
          .build());
    }

    /**
     * The task is answered: the client is free for the next one before the answer leaves, so a
     * coordinator that sends the next task the moment it has the answer never finds it busy.
     */
    private void releaseTask(String taskId) {
      TaskRun t = task;
      if (t != null && t.id().equals(taskId)) {
        task = null;
      }
    }

    void sendResult(ClientMessage result, ModelParameters update) {
      if (ended) {
        return;
      }
      releaseTask(result.getMetadata().getReplyTo());
      if (localLog != null) {
        localLog.recordSent(result, update);
      }
      if (update == null) {
        out.send(result);
      } else {
        Iterator<ClientMessage> chunks = Messages.clientChunks(sender, result.getMetadata(),
            chunker.chunks(result.getMetadata().getMessageId(), update));
        out.sendAll(result, chunks);
      }
    }

    private void abortAssembly() {
      if (assembler != null) {
        assembler.abort();
        assembler = null;
      }
    }

    private void cancelTask() {
      TaskRun t = task;
      if (t != null) {
        t.cancelled = true;
      }
    }

    @Override
    public void onError(Throwable t) {
      Status s = Status.fromThrowable(t);
      log.info("client {}: stream failed: {} {}", clientId, s.getCode(), s.getDescription());
      ended(null);
    }

    @Override
    public void onCompleted() {
      out.complete();
      ended(reconnectAfterMs);
    }

    void ended(Long delay) {
      if (ended) {
        return;
      }
      ended = true;
      ScheduledFuture<?> h = heartbeat;
      if (h != null) {
        h.cancel(false);
      }
      abortAssembly();
      cancelTask();
      reconnectLater(this, delay);
    }

    void shutdown(String reason) {
      ended = true;
      ScheduledFuture<?> h = heartbeat;
      if (h != null) {
        h.cancel(false);
      }
      cancelTask();
      if (call != null) {
        call.cancel(reason, null);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Task execution (on the training executor)

  private void runTask(Session s, TaskRun t, ModelParameters model) {
    MessageMetadata md = t.message.getMetadata();
    Task task = t.message.getTask();
    try {
      Map<String, Object> config = Messages.toMap(task.getConfig());
      ModelSpec spec = ModelSpec.fromJson(requireString(config, "tillit.model"));
      FeatureSchema schema = FeatureSchema.fromJson(requireString(config, "tillit.features"));
      long seed = config.get("tillit.seed") instanceof Long l ? l : 0L;
      LocalTrainer trainer = LocalTrainer.create(spec, schema);
      DataSource.LocalData data = dataSource.load(schema);
      if (t.cancelled) {
        return;
      }
      if (md.getType() == MessageType.MESSAGE_TYPE_EVALUATE) {
        evaluate(s, t, trainer, model, data);
      } else {
        train(s, t, trainer, model, data, seed);
      }
    } catch (RuntimeException e) {
      if (t.cancelled) {
        return;
      }
      log.warn("client {}: task {} failed: {}", clientId, md.getMessageId(), e.toString());
      s.sendError(md, Messages.errorInfo(ErrorCode.ERROR_CODE_TASK_FAILED,
          "client " + clientId + " could not do the " + md.getType().name()
              .replace("MESSAGE_TYPE_", "") + " task: " + describe(e), false));
    }
  }

  private void evaluate(Session s, TaskRun t, LocalTrainer trainer, ModelParameters model,
      DataSource.LocalData data) {
    if (data.eval().size() == 0) {
      throw new IllegalStateException("the client has no evaluation rows (data.eval_fraction"
          + " is 0 or the data set is too small)");
    }
    LocalTrainer.Evaluation e = trainer.evaluate(model, data.eval());
    if (t.cancelled || late(t)) {
      return;
    }
    ClientMessage result = ClientMessage.newBuilder()
        .setMetadata(s.sender.replyTo(t.message.getMetadata()))
        .setResult(TaskResult.newBuilder()
            .setNumExamples(e.numExamples())
            .setMetrics(Messages.metricRecord(Map.of("loss", e.loss(), "accuracy", e.accuracy()))))
        .build();
    s.sendResult(result, null);
  }

  private void train(Session s, TaskRun t, LocalTrainer trainer, ModelParameters model,
      DataSource.LocalData data, long seed) {
    MessageMetadata md = t.message.getMetadata();
    Task task = t.message.getTask();
    var hp = task.getHyperParameters();
    if (data.train().size() == 0) {
      throw new IllegalStateException("the client has no training rows");
    }
    LocalTrainer.TrainOptions.Builder ob = LocalTrainer.TrainOptions.builder()
        .epochs(hp.getLocalEpochs())
        .batchSize(hp.getBatchSize())
        .learningRate(hp.getLearningRate())
        .proximalMu(hp.getProximalMu())
        .maxSteps(Integer.toUnsignedLong(hp.getMaxSteps()))
        .seed(seed ^ md.getRound());
    boolean recordLevel = task.getPrivacy().hasRecordLevel();
    if (recordLevel) {
      var rl = task.getPrivacy().getRecordLevel();
      ob.recordLevelDp(rl.getNoiseMultiplier(), rl.getMaxGradNorm());
    }
    LocalTrainer.TrainOptions options = ob.build();
    String purpose = "federated run " + md.getRunId() + " round " + md.getRound() + " (task "
        + md.getMessageId() + ")";
    if (recordLevel) {
      if (ledger == null || dataset == null) {
        throw new IllegalStateException("the task asks for record-level DP, but this client has"
            + " no privacy ledger configured (privacy.ledger in client.yaml)");
      }
      DpEvent planned = options.plannedDpEvent(data.train().size());
      ChargePreview preview = ledger.canAfford(dataset, planned);
      if (!preview.affordable()) {
        s.sendError(md, Messages.errorInfo(ErrorCode.ERROR_CODE_BUDGET_EXCEEDED,
            "dataset " + dataset + " cannot afford round " + md.getRound() + ": epsilon would be "
                + String.format(java.util.Locale.ROOT, "%.4f", preview.epsilonAfterCharge())
                + " against a budget of " + preview.budget().epsilon(), false));
        return;
      }
    }
    LocalTrainer.TrainResult r = trainer.train(model, data.train(), options, () -> t.cancelled);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (recordLevel && r.dpEvent().isPresent()) {
      // The steps ran on the data: charge them even if the task was cancelled meanwhile.
      try {
        ledger.charge(clientId, dataset, purpose, r.dpEvent().get());
      } catch (BudgetExceededException e) {
        if (!t.cancelled) {
          s.sendError(md, Messages.errorInfo(ErrorCode.ERROR_CODE_BUDGET_EXCEEDED,
              "dataset " + dataset + " cannot afford round " + md.getRound()
                  + " (another release spent the budget meanwhile); the result is dropped",
              false));
        }
        return;
      }
      metrics.put("dp.epsilon", ledger.dataset(dataset).spentEpsilon());
    }
    if (t.cancelled || r.cancelled()) {
      return;
    }
    t.state = ClientState.CLIENT_STATE_UPLOADING;
    boolean delta = task.getResultKind() != ParametersKind.PARAMETERS_KIND_FULL;
    double[] values = r.parameters().toFlatDoubles();
    if (delta) {
      double[] start = model.toFlatDoubles();
      for (int i = 0; i < values.length; i++) {
        values[i] -= start[i];
      }
    }
    PrivacyStep.Update update = new PrivacyStep.Update(values, task.getPrivacy());
    for (PrivacyStep step : privacySteps) {
      step.apply(update);
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalStateException("training produced a non-finite update (try a smaller"
            + " learning rate)");
      }
    }
    ModelParameters upload = model.withFlatDoubles(values);
    if (!recordLevel) {
      metrics.put("loss", r.loss());
      metrics.put("accuracy", r.accuracy());
    }
    metrics.putAll(update.metrics());
    if (late(t)) {
      return;
    }
    ClientMessage result = ClientMessage.newBuilder()
        .setMetadata(s.sender.replyTo(md))
        .setResult(TaskResult.newBuilder()
            .setNumExamples(r.numExamples())
            .setKind(delta ? ParametersKind.PARAMETERS_KIND_DELTA : ParametersKind.PARAMETERS_KIND_FULL)
            .setMetrics(Messages.metricRecord(metrics))
            .setUpdate(upload.toArrayRecord()))
        .build();
    s.sendResult(result, upload);
  }

  private boolean late(TaskRun t) {
    long elapsedMs = (System.nanoTime() - t.receivedAtNanos) / 1_000_000;
    long timeout = t.message.getTask().getTimeoutMs();
    if (elapsedMs > timeout) {
      log.warn("client {}: task {} finished after its timeout ({} ms > {} ms); not sent",
          clientId, t.id(), elapsedMs, timeout);
      return true;
    }
    return false;
  }

  private static String requireString(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("task config '" + key + "' must be a string"
          + (v == null ? "; it is missing" : ""));
    }
    return s;
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    return e instanceof IllegalArgumentException || e instanceof IllegalStateException
        ? String.valueOf(m) : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }


  @Override
  public String toString() {
    return "FleetClient[" + clientId + "]";
  }

  /** Executors shared by all clients of the JVM that are not given their own. */
  private static final class Shared {
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(
        daemon("tillit-client-scheduler"));
    static final ExecutorService TRAINING = Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()), daemon("tillit-client-train"));

    private static java.util.concurrent.ThreadFactory daemon(String name) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread th = new Thread(r, name + "-" + n.incrementAndGet());
        th.setDaemon(true);
        return th;
      };
    }
  }

  /**
   * Builds a client. Required: {@link #clientId}, a channel ({@link #channel} or {@link #target}),
   * and {@link #dataSource}.
   */
  public static final class Builder {
    private String clientId;
    private Channel channel;
    private String target;
    private ChannelCredentials credentials;
    private DataSource dataSource;
    private Map<String, String> properties = Map.of();
    private List<PrivacyStep> privacySteps = List.of(new ClipStep());
    private BudgetLedger ledger;
    private DatasetId dataset;
    private LocalLog localLog;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private ScheduledExecutorService scheduler;
    private Executor trainingExecutor;
    private AssemblyLimits limits = AssemblyLimits.DEFAULT;
    private TensorChunker chunker = TensorChunker.defaults();

    private Builder() {}

    /** The client id (its certificate's CN under mutual TLS): 1 to 128 printable ASCII. */
    public Builder clientId(String clientId) {
      if (clientId == null || clientId.isEmpty() || clientId.length() > 128
          || !clientId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("client id must be 1 to 128 printable ASCII"
            + " characters without spaces. Provided value: "
            + (clientId == null ? "null" : "'" + clientId + "'"));
      }
      this.clientId = clientId;
      return this;
    }

    /**
     * An existing channel, shared with other clients and owned by the caller (not closed by
     * {@link FleetClient#close()}).
     */
    public Builder channel(Channel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      this.target = null;
      return this;
    }

    /**
     * A channel the client makes and owns (Netty, HTTP/2 keepalive every 30 s).
     *
     * @param target "host:port" of the coordinator
     * @param credentials e.g. {@code TlsChannelCredentials} for mutual TLS, or {@code
     *     InsecureChannelCredentials.create()} for a local demo
     */
    public Builder target(String target, ChannelCredentials credentials) {
      if (target == null || !target.matches("[^\\s:]+:\\d{1,5}")) {
        throw new IllegalArgumentException("coordinator must be host:port. Provided value: "
            + (target == null ? "null" : "'" + target + "'"));
      }
      this.target = target;
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      this.channel = null;
      return this;
    }

    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Hello properties, e.g. {@code agency}; never personal data. */
    public Builder properties(Map<String, String> properties) {
      this.properties = Map.copyOf(properties);
      return this;
    }

    /** The privacy pipeline, applied in order; default {@code [ClipStep]}. */
    public Builder privacySteps(List<? extends PrivacyStep> steps) {
      this.privacySteps = List.copyOf(steps);
      return this;
    }

    /**
     * The ledger of the client's dataset, charged for record-level DP-SGD (owned by the caller).
     */
    public Builder ledger(BudgetLedger ledger, DatasetId dataset) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /** Where to record everything sent (owned by the caller). */
    public Builder localLog(LocalLog localLog) {
      this.localLog = Objects.requireNonNull(localLog, "localLog");
      return this;
    }

    /** Reconnect backoff: initial delay > 0 and maximum >= initial. Default 1 s and 60 s. */
    public Builder backoff(Duration initial, Duration max) {
      if (initial == null || initial.isNegative() || initial.isZero()) {
        throw new IllegalArgumentException("backoff.initial must be > 0. Provided value: "
            + initial);
      }
      if (max == null || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff.max must be >= backoff.initial ("
            + initial + "). Provided value: " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Scheduler for heartbeats and reconnects; default one shared daemon thread. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Where training and evaluation run; default a shared pool, one thread per core. */
    public Builder trainingExecutor(Executor executor) {
      this.trainingExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Limits on the models the client accepts; default {@link AssemblyLimits#DEFAULT}. */
    public Builder assemblyLimits(AssemblyLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** How updates are cut into chunks; default 1 MiB chunks. */
    public Builder chunker(TensorChunker chunker) {
      this.chunker = Objects.requireNonNull(chunker, "chunker");
      return this;
    }

    /**
     * @throws IllegalStateException naming a required setting never given
     */
    public FleetClient build() {
      if (clientId == null) {
        throw new IllegalStateException("clientId must be set");
      }
      if (channel == null && target == null) {
        throw new IllegalStateException("a channel or a target must be set");
      }
      if (dataSource == null) {
        throw new IllegalStateException("dataSource must be set");
      }
      return new FleetClient(this);
    }
  }
}
