package se.tillit.fl.coordinator.internal;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.fl.coordinator.CoordinatorConfig;
import se.tillit.fl.coordinator.StateStore;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.coordinator.strategy.ClientReport;
import se.tillit.fl.coordinator.strategy.EvaluateResult;
import se.tillit.fl.protocol.AssemblyLimits;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.OutboundStream;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.ProtocolException;
import se.tillit.fl.protocol.ProtocolVersion;
import se.tillit.fl.protocol.TensorAssembler;
import se.tillit.fl.protocol.TensorChunker;
import se.tillit.fl.protocol.tls.PeerIdentity;
import se.tillit.fl.protocol.v1.CancelTask;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.FleetGrpc;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.Reconnect;
import se.tillit.fl.protocol.v1.TaskResult;
import se.tillit.fl.protocol.v1.TensorChunk;
import se.tillit.fl.protocol.v1.Welcome;

/**
 * The Fleet service: one {@link Session} per client stream. Checks every message
 * ({@link Messages#validate}, sequence numbers, identity, what it answers), answers every bad one
 * with an ErrorInfo naming what was wrong, and keeps the session open unless the client's identity
 * is wrong. No thread per client: messages are handled on gRPC's executor, timers on one shared
 * scheduler, and inbound flow control (one message requested at a time) provides back-pressure
 * when too many updates arrive at once ({@link UploadGate}). Internal.
 */
public final class FleetService extends FleetGrpc.FleetImplBase {
  private static final Logger log = LoggerFactory.getLogger(FleetService.class);
  private static final int DEFAULT_CLIENT_CHUNK = 1 << 20;

  private final CoordinatorConfig config;
  private final StateStore store;
  private final TaskRegistry tasks;
  private final FleetMetrics metrics;
  private final Clock clock;
  private final AssemblyLimits limits;
  private final UploadGate gate;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService storeWriter;
  private final boolean requireIdentity;
  private final Set<String> registered;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Set<Session> open = ConcurrentHashMap.newKeySet();
  private final Object membership = new Object();
  private final ScheduledFuture<?> heartbeatCheck;
  private volatile boolean shuttingDown;

  public FleetService(CoordinatorConfig config, StateStore store, TaskRegistry tasks,
      FleetMetrics metrics, Clock clock, ScheduledExecutorService scheduler,
      ExecutorService storeWriter, boolean requireIdentity) {
    this.config = config;
    this.store = store;
    this.tasks = tasks;
    this.metrics = metrics;
    this.clock = clock;
    this.limits = config.assemblyLimits();
    this.scheduler = scheduler;
    this.storeWriter = storeWriter;
    this.gate = new UploadGate(config.maxConcurrentUploads(), scheduler);
    this.requireIdentity = requireIdentity;
    this.registered = Set.copyOf(config.registeredClients());
    long every = config.heartbeatInterval().toMillis();
    this.heartbeatCheck = scheduler.scheduleAtFixedRate(this::checkHeartbeats, every, every,
        TimeUnit.MILLISECONDS);
    metrics.connectedClients(sessions::size);
    metrics.activeUploads(gate::inUse);
  }

  @Override
  public StreamObserver<ClientMessage> connect(StreamObserver<CoordinatorMessage> responses) {
    ServerCallStreamObserver<CoordinatorMessage> call =
        (ServerCallStreamObserver<CoordinatorMessage>) responses;
    Session s = new Session(call, PeerIdentity.current());
    if (shuttingDown) {
      call.onError(Status.UNAVAILABLE.withDescription("the coordinator is shutting down")
          .asRuntimeException());
      return new StreamObserver<>() {
        @Override public void onNext(ClientMessage value) { }
        @Override public void onError(Throwable t) { }
        @Override public void onCompleted() { }
      };
    }
    open.add(s);
    call.request(1);
    return s;
  }

  // ------------------------------------------------------------------------------------------
  // Registry

  /** Welcomed sessions, by client id, sorted. */
  public List<Session> connected() {
    List<Session> out = new ArrayList<>(sessions.values());
    out.sort(Comparator.comparing(Session::clientId));
    return out;
  }

  public int connectedCount() {
    return sessions.size();
  }

  public Session session(String clientId) {
    return sessions.get(clientId);
  }

  /** Waits up to {@code millis} for a client to come or go. */
  public void awaitMembershipChange(long millis) throws InterruptedException {
    synchronized (membership) {
      membership.wait(Math.max(1, millis));
    }
  }

  private void membershipChanged() {
    synchronized (membership) {
      membership.notifyAll();
    }
  }

  private void checkHeartbeats() {
    long limit = config.heartbeatInterval().toNanos() * 3;
    long now = System.nanoTime();
    for (Session s : open) {
      // A session held back by the upload gate is not read, so its heartbeats wait unread.
      if (now - s.lastSeenNanos > limit && !s.waitingForPermit) {
        s.expire();
      }
    }
  }

  /** Sends Reconnect to every client and ends every stream; refuses new streams afterwards. */
  public void shutdown(Duration reconnectAfter, String reason) {
    shuttingDown = true;
    heartbeatCheck.cancel(false);
    for (Session s : open) {
      s.reconnect(reconnectAfter, reason);
    }
  }

  // ------------------------------------------------------------------------------------------

  /** One client's stream. */
  public final class Session implements StreamObserver<ClientMessage>, UploadGate.Waiter {
    private final ServerCallStreamObserver<CoordinatorMessage> call;
    private final OutboundStream<CoordinatorMessage> out;
    private final Optional<String> identity;
    private final String sessionId = Messages.newMessageId();
    private final Messages.InboundSequence sequence = new Messages.InboundSequence();
    private final AtomicBoolean ended = new AtomicBoolean();
    volatile long lastSeenNanos = System.nanoTime();
    private volatile String clientId;
    private volatile Map<String, Object> properties = Map.of();
    private volatile Messages.Sender sender =
        new Messages.Sender(config.coordinatorId(), ProtocolVersion.CURRENT, clock);
    private volatile TensorChunker chunker = TensorChunker.defaults();
    private boolean welcomed;
    // The update being received (guarded by this).
    private TensorAssembler assembler;
    private Round.Assignment uploadFor;
    private ClientReport uploadReport;
    private boolean holdingPermit;
    private volatile boolean waitingForPermit;
    private String droppedTransfer;

    Session(ServerCallStreamObserver<CoordinatorMessage> call, Optional<String> identity) {
      this.call = call;
      this.identity = identity;
      call.disableAutoRequest();
      UnaryOperator<CoordinatorMessage> seq = Messages.coordinatorSequencer();
      this.out = OutboundStream.forServer(call, m -> {
        CoordinatorMessage numbered = seq.apply(m);
        metrics.sent(numbered.getSerializedSize());
        return numbered;
      }, () -> end("the client cancelled the stream"));
    }

    public String clientId() {
      return clientId;
    }

    public String sessionId() {
      return sessionId;
    }

    /** The client's Hello properties (strings, numbers, booleans). */
    public Map<String, Object> properties() {
      return properties;
    }

    /** The value of the {@code agency} property, or the client id. */
    public String agency() {
      Object a = properties.get("agency");
      return a == null ? clientId : a.toString();
    }

    public boolean isEnded() {
      return ended.get();
    }

    public Messages.Sender sender() {
      return sender;
    }

    /** Queues a task and its model's chunks (lazily made from the immutable model). */
    public void sendTask(CoordinatorMessage task, ModelParameters model) {
      MessageMetadata md = task.getMetadata();
      Iterator<TensorChunk> chunks = chunker.chunks(md.getMessageId(), model);
      out.sendAll(task, Messages.coordinatorChunks(sender, md, chunks));
    }

    /** Sends CancelTask for a task. */
    public void cancelTask(Round.Assignment a, String reason) {
      if (ended.get()) {
        return;
      }
      out.send(CoordinatorMessage.newBuilder()
          .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_CANCEL, a.round.runId,
              a.round.number).setRecipientId(a.clientId))
          .setCancel(CancelTask.newBuilder().setTaskMessageId(a.taskId).setReason(reason))
          .build());
    }

    // ---------------------------------------------------------------------------------------
    // Inbound

    @Override
    public void onNext(ClientMessage m) {
      lastSeenNanos = System.nanoTime();
      metrics.received(m.getSerializedSize());
      boolean more;
      synchronized (this) {
        more = handleSafely(m);
      }
      if (more && !ended.get()) {
        call.request(1);
      }
    }

    private boolean handleSafely(ClientMessage m) {
      try {
        return handle(m);
      } catch (ProtocolException e) {
        reject(m, e);
        return true;
      } catch (IdentityException e) {
        refuseIdentity(m, e.getMessage());
        return false;
      } catch (RuntimeException e) {
        log.error("session {} of client {}: internal error on a {} message", sessionId, clientId,
            m.getBodyCase(), e);
        reject(m, new ProtocolException(ErrorCode.ERROR_CODE_INTERNAL,
            "the coordinator could not handle this message: " + e.getClass().getSimpleName()));
        return true;
      }
    }

    private boolean handle(ClientMessage m) throws ProtocolException, IdentityException {
      if (m.hasMetadata() && m.getMetadata().getSequence() != 0) {
        sequence.check(m.getMetadata());
      }
      Messages.validate(m);
      MessageMetadata md = m.getMetadata();
      if (requireIdentity) {
        if (identity.isEmpty()) {
          throw new IdentityException("mutual TLS is required: the stream has no verified client"
              + " certificate");
        }
        if (!identity.get().equals(md.getSenderId())) {
          throw new IdentityException("metadata.sender_id must be the client id of the TLS"
              + " certificate ('" + identity.get() + "'). Provided value: '"
              + md.getSenderId() + "'");
        }
      }
      if (welcomed && !md.getSenderId().equals(clientId)) {
        throw new IdentityException("metadata.sender_id must stay '" + clientId
            + "' for this session. Provided value: '" + md.getSenderId() + "'");
      }
      if (!welcomed && m.getBodyCase() != ClientMessage.BodyCase.HELLO) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
            "the first message of a session must be Hello. Provided value: "
                + m.getBodyCase().name().toLowerCase(java.util.Locale.ROOT));
      }
      switch (m.getBodyCase()) {
        case HELLO -> {
          if (welcomed) {
            throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
                "Hello must be sent once per session, first. Provided value: a second Hello");
          }
          return onHello(m);
        }
        case HEARTBEAT -> {
          return true;
        }
        case RESULT -> {
          return onResult(m);
        }
        case CHUNK -> {
          onChunk(m);
          return true;
        }
        case ERROR -> {
          onClientError(m);
          return true;
        }
        default -> throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED,
            "message body is not one a client may send");
      }
    }

    private boolean onHello(ClientMessage m) throws IdentityException {
      MessageMetadata md = m.getMetadata();
      ProtocolVersion v;
      try {
        v = ProtocolVersion.negotiate(m.getHello());
      } catch (ProtocolException e) {
        metrics.rejected(e.code());
        out.send(errorReply(md, e.toErrorInfo()));
        out.closeWithError(e.toStatus().asRuntimeException());
        end("no common protocol version");
        return false;
      }
      String id = md.getSenderId();
      if (!registered.isEmpty() && !registered.contains(id)) {
        throw new IdentityException("client '" + id + "' is not registered with this coordinator");
      }
      if (config.isRevoked(id)) {
        throw new IdentityException("client '" + id + "' is revoked");
      }
      Map<String, Object> props = new TreeMap<>();
      Messages.toMap(m.getHello().getProperties()).forEach((k, val) -> {
        if (!(val instanceof com.google.protobuf.ByteString)) {
          props.put(k, val);
        }
      });
      int clientMax = m.getHello().getMaxChunkBytes() == 0
          ? DEFAULT_CLIENT_CHUNK : m.getHello().getMaxChunkBytes();
      chunker = TensorChunker.withChunkBytes(Math.max(1, Math.min(clientMax,
          TensorChunker.DEFAULT_CHUNK_BYTES)));
      sender = new Messages.Sender(config.coordinatorId(), v, clock);
      properties = Map.copyOf(props);
      clientId = id;
      welcomed = true;
      out.send(CoordinatorMessage.newBuilder()
          .setMetadata(sender.replyTo(md).setType(MessageType.MESSAGE_TYPE_WELCOME))
          .setWelcome(Welcome.newBuilder().setNegotiatedVersion(v.toProto())
              .setCoordinatorId(config.coordinatorId()).setSessionId(sessionId)
              .setHeartbeatIntervalMs(config.heartbeatInterval().toMillis())
              .setMaxChunkBytes(limits.maxChunkBytes()))
          .build());
      Session previous = sessions.put(id, this);
      if (previous != null && previous != this) {
        previous.replaced();
      }
      metrics.sessionOpened();
      log.info("client {} connected (session {}, protocol {})", id, sessionId, v);
      storeWriter.execute(() -> {
        try {
          store.clientConnected(id, props);
        } catch (RuntimeException e) {
          log.warn("could not record client {}: {}", id, e.toString());
        }
      });
      membershipChanged();
      return true;
    }

    private boolean onResult(ClientMessage m) throws ProtocolException {
      MessageMetadata md = m.getMetadata();
      TaskResult r = m.getResult();
      boolean announcesUpdate = r.getUpdate().getTensorsCount() > 0;
      if (announcesUpdate) {
        // If this result is refused, its chunks that follow are dropped without further errors.
        droppedTransfer = md.getMessageId();
      }
      Round.Assignment a = tasks.find(md.getReplyTo());
      if (a == null) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_STALE_MESSAGE,
            "metadata.reply_to must name an open task of this coordinator. Provided value: '"
                + md.getReplyTo() + "', an unknown task");
      }
      if (!a.clientId.equals(clientId)) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_STALE_MESSAGE,
            "task '" + a.taskId + "' was not given to client '" + clientId + "'");
      }
      Round round = a.round;
      if (!md.getRunId().equals(round.runId) || md.getRound() != round.number) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED,
            "metadata.run_id and round must be those of task '" + a.taskId + "' (" + round.runId
                + ", round " + round.number + "). Provided value: " + md.getRunId() + ", round "
                + md.getRound());
      }
      if (!round.isOpen(a)) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_STALE_MESSAGE,
            round.isClosed()
                ? "round " + round.number + " of run " + round.runId + " is closed: the result"
                    + " of task '" + a.taskId + "' came too late"
                : "task '" + a.taskId + "' was already answered");
      }
      MessageType expected = round.kind == Round.Kind.TRAIN
          ? MessageType.MESSAGE_TYPE_TRAIN : MessageType.MESSAGE_TYPE_EVALUATE;
      if (md.getType() != expected) {
        throw rejectTask(a, new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED,
            "metadata.type must be " + expected + " (the task's type). Provided value: "
                + md.getType()));
      }
      if (assembler != null) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
            "a TaskResult arrived while the update of task '" + uploadFor.taskId
                + "' is still arriving");
      }
      Map<String, Double> metricMap = Messages.toMap(r.getMetrics());
      if (round.kind == Round.Kind.EVALUATE) {
        if (!round.acceptEvaluate(a, new EvaluateResult(clientId, r.getNumExamples(), metricMap))) {
          throw new ProtocolException(ErrorCode.ERROR_CODE_STALE_MESSAGE,
              "round " + round.number + " closed before the result arrived");
        }
        return true;
      }
      if (r.getKind() != ParametersKind.PARAMETERS_KIND_DELTA) {
        throw rejectTask(a, new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED,
            "TaskResult.kind must be PARAMETERS_KIND_DELTA (the task's result_kind). Provided"
                + " value: " + r.getKind()));
      }
      ClientReport report = new ClientReport(clientId, r.getNumExamples(), metricMap);
      TensorAssembler asm;
      try {
        asm = TensorAssembler.start(md.getMessageId(), r.getUpdate(), round.layout, limits);
      } catch (ProtocolException e) {
        throw rejectTask(a, e);
      }
      if (asm.isComplete()) { // an empty model: nothing follows
        deliver(a, report, asm.finish());
        return true;
      }
      droppedTransfer = null;
      assembler = asm;
      uploadFor = a;
      uploadReport = report;
      if (gate.tryAcquire(this)) {
        holdingPermit = true;
        return true;
      }
      waitingForPermit = true;
      return false; // read nothing more until a permit frees
    }

    @Override
    public void permitGranted() {
      boolean resume;
      synchronized (this) {
        if (ended.get() || !waitingForPermit) {
          resume = false;
          gate.release();
        } else {
          waitingForPermit = false;
          holdingPermit = true;
          lastSeenNanos = System.nanoTime();
          resume = true;
        }
      }
      if (resume) {
        call.request(1);
      }
    }

    private void onChunk(ClientMessage m) throws ProtocolException {
      TensorChunk chunk = m.getChunk();
      if (assembler == null) {
        if (droppedTransfer != null && droppedTransfer.equals(chunk.getTransferId())) {
          return; // the rest of a refused update; its refusal was already sent
        }
        throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
            "a TensorChunk arrived with no update transfer open (transfer_id must name a"
                + " TaskResult being received)");
      }
      Round.Assignment a = uploadFor;
      if (!a.round.isOpen(a)) {
        String transfer = assembler.transferId();
        abortUpload();
        droppedTransfer = transfer;
        throw new ProtocolException(ErrorCode.ERROR_CODE_STALE_MESSAGE,
            "round " + a.round.number + " of run " + a.round.runId + " closed while the update of"
                + " task '" + a.taskId + "' was arriving; the rest is dropped");
      }
      try {
        assembler.accept(chunk);
      } catch (ProtocolException e) {
        String transfer = assembler.transferId();
        abortUpload();
        droppedTransfer = transfer;
        throw rejectTask(a, e);
      }
      if (assembler.isComplete()) {
        ModelParameters delta = assembler.finish();
        ClientReport report = uploadReport;
        abortUpload();
        deliver(a, report, delta);
      }
    }

    private void deliver(Round.Assignment a, ClientReport report, ModelParameters delta)
        throws ProtocolException {
      boolean accepted;
      try {
        accepted = a.round.acceptTrain(a, report, delta);
      } catch (IllegalArgumentException e) {
        throw rejectTask(a, new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED,
            "the update of task '" + a.taskId + "' was refused by the aggregator: "
                + e.getMessage()));
      }
      if (!accepted) {
        throw new ProtocolException(ErrorCode.ERROR_CODE_STALE_MESSAGE,
            "round " + a.round.number + " of run " + a.round.runId + " closed before the update"
                + " of task '" + a.taskId + "' was complete");
      }
      metrics.updateAccepted();
    }

    private void onClientError(ClientMessage m) {
      MessageMetadata md = m.getMetadata();
      Round.Assignment a = tasks.find(md.getReplyTo());
      if (a == null || !a.clientId.equals(clientId)) {
        log.info("client {} reported {} for no open task of this client", clientId,
            m.getError().getCode());
        return;
      }
      if (uploadFor == a) {
        abortUpload();
      }
      ClientFailure.Kind kind = m.getError().getCode() == ErrorCode.ERROR_CODE_BUDGET_EXCEEDED
          ? ClientFailure.Kind.BUDGET_EXCEEDED : ClientFailure.Kind.ERROR;
      String detail = m.getError().getCode().name() + ": " + truncate(m.getError().getMessage());
      if (a.round.fail(a, kind, detail)) {
        log.info("client {} could not do task {} of round {}: {}", clientId, a.taskId,
            a.round.number, m.getError().getCode());
      }
    }

    /** The task fails (REJECTED); returns {@code e} to throw. */
    private ProtocolException rejectTask(Round.Assignment a, ProtocolException e) {
      a.round.fail(a, ClientFailure.Kind.REJECTED, e.code().name() + ": " + truncate(e.getMessage()));
      return e;
    }

    private void abortUpload() {
      if (assembler != null) {
        assembler.abort();
      }
      assembler = null;
      uploadFor = null;
      uploadReport = null;
      if (holdingPermit) {
        holdingPermit = false;
        gate.release();
      }
      if (waitingForPermit) {
        waitingForPermit = false;
        gate.cancel(this);
      }
    }

    private void reject(ClientMessage m, ProtocolException e) {
      metrics.rejected(e.code());
      log.info("refused a {} message from {}: {}: {}", m.getBodyCase(),
          clientId == null ? "a client before Hello" : clientId, e.code(), e.getMessage());
      out.send(errorReply(m.hasMetadata() ? m.getMetadata() : null, e.toErrorInfo()));
    }

    private void refuseIdentity(ClientMessage m, String message) {
      metrics.rejected(ErrorCode.ERROR_CODE_UNKNOWN_CLIENT);
      ProtocolException e = new ProtocolException(ErrorCode.ERROR_CODE_UNKNOWN_CLIENT, message);
      log.warn("refused client session {}: {}", sessionId, message);
      out.send(errorReply(m.getMetadata(), e.toErrorInfo()));
      out.closeWithError(e.toStatus().asRuntimeException());
      String claimed = m.getMetadata().getSenderId();
      storeWriter.execute(() -> store.auditQuietly(config.coordinatorId(), "fl.client.rejected",
          "client/" + (claimed.isEmpty() || claimed.length() > 128 ? "unknown" : claimed),
          Map.of("reason", message, "code", ErrorCode.ERROR_CODE_UNKNOWN_CLIENT.name())));
      end("identity refused");
    }

    /**
     * An ErrorInfo answering {@code request}: its type, run and round when those are well-formed,
     * otherwise a HEARTBEAT-typed message outside any run (which any client can parse).
     */
    private CoordinatorMessage errorReply(MessageMetadata request,
        se.tillit.fl.protocol.v1.ErrorInfo error) {
      MessageMetadata.Builder md;
      boolean usable = request != null && validId(request.getMessageId())
          && request.getType() != MessageType.MESSAGE_TYPE_UNSPECIFIED
          && request.getType() != MessageType.UNRECOGNIZED;
      boolean runScoped = usable && (request.getType() == MessageType.MESSAGE_TYPE_TRAIN
          || request.getType() == MessageType.MESSAGE_TYPE_EVALUATE);
      if (runScoped && validId(request.getRunId()) && request.getRound() > 0) {
        md = sender.metadata(request.getType(), request.getRunId(), request.getRound())
            .setReplyTo(request.getMessageId());
      } else if (usable && !runScoped) {
        md = sender.metadata(request.getType()).setReplyTo(request.getMessageId());
      } else {
        md = sender.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT);
        if (request != null && validId(request.getMessageId())) {
          md.setReplyTo(request.getMessageId());
        }
      }
      if (request != null && validId(request.getSenderId())) {
        md.setRecipientId(request.getSenderId());
      }
      return CoordinatorMessage.newBuilder().setMetadata(md).setError(error).build();
    }

    @Override
    public void onError(Throwable t) {
      end("the stream failed: " + Status.fromThrowable(t).getCode());
    }

    @Override
    public void onCompleted() {
      out.complete();
      end("the client closed the stream");
    }

    /** No message for three heartbeat intervals. */
    void expire() {
      if (ended.get()) {
        return;
      }
      log.info("client {} sent nothing for 3 heartbeat intervals; its session ends", clientId);
      out.closeWithError(Status.UNAVAILABLE.withDescription(
          "no message for three heartbeat intervals").asRuntimeException());
      end("heartbeat timeout");
    }

    /** A newer session of the same client took over. */
    void replaced() {
      out.closeWithError(Status.ALREADY_EXISTS.withDescription(
          "a newer session of client '" + clientId + "' replaced this one").asRuntimeException());
      end("replaced by a newer session");
    }

    void reconnect(Duration after, String reason) {
      if (ended.get()) {
        return;
      }
      out.send(CoordinatorMessage.newBuilder()
          .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_RECONNECT))
          .setReconnect(Reconnect.newBuilder().setReconnectAfterMs(after.toMillis())
              .setReason(reason))
          .build());
      out.complete();
      end("coordinator shutdown");
    }

    private void end(String why) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      open.remove(this);
      synchronized (this) {
        abortUpload();
      }
      String id = clientId;
      if (id != null && sessions.remove(id, this)) {
        log.info("client {} disconnected: {}", id, why);
        tasks.clientGone(id);
        if (!shuttingDown) {
          storeWriter.execute(() -> {
            try {
              store.clientDisconnected(id);
            } catch (RuntimeException e) {
              log.warn("could not record that client {} left: {}", id, e.toString());
            }
          });
        }
        membershipChanged();
      }
    }
  }

  private static final class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    IdentityException(String message) {
      super(message);
    }
  }

  private static boolean validId(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "...";
  }

}
