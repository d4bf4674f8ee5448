package se.tillit.fl.protocol;

import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MALFORMED;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_NON_FINITE;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_STALE_MESSAGE;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import se.tillit.fl.protocol.internal.Checks;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.ConfigRecord;
import se.tillit.fl.protocol.v1.ConfigValue;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.ErrorInfo;
import se.tillit.fl.protocol.v1.HyperParameters;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.MetricRecord;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.PrivacySettings;
import se.tillit.fl.protocol.v1.Task;
import se.tillit.fl.protocol.v1.TaskResult;
import se.tillit.fl.protocol.v1.TensorChunk;

/**
 * Building, stamping and checking Fleet messages.
 *
 * <ul>
 *   <li>{@link Sender} makes the metadata of one endpoint's messages (id, time, version, sender).
 *   <li>{@link #clientSequencer()} / {@link #coordinatorSequencer()} number the messages of one
 *       stream direction as they are written; {@link InboundSequence} checks the numbers on the
 *       receiving side, which catches repeats and gaps.
 *   <li>{@link #validate(ClientMessage)} / {@link #validate(CoordinatorMessage)} check a received
 *       message's structure and values; what needs state (is this run open, is this task this
 *       client's) is for the coordinator and client.
 *   <li>Converters between Java maps and the config and metric records.
 * </ul>
 */
public final class Messages {
  /** Longest ErrorInfo.message accepted, in characters. */
  public static final int MAX_ERROR_MESSAGE_LENGTH = 4096;

  private Messages() {}

  /** A fresh message id: a random (type 4) UUID. */
  public static String newMessageId() {
    return UUID.randomUUID().toString();
  }

  // ------------------------------------------------------------------------------------------
  // Metadata

  /**
   * Makes the metadata of the messages one endpoint sends: each gets a fresh message id, the
   * creation time and this endpoint's sender id and protocol version. Thread-safe. The sequence
   * number is left 0: the stream's sequencer sets it as the message is written.
   */
  public static final class Sender {
    private final String senderId;
    private final Clock clock;
    private volatile ProtocolVersion version;

    /**
     * @param senderId this endpoint's id (a client's must match its certificate); 1 to 128
     *     printable ASCII characters
     * @param version the version to stamp until {@link #useVersion} is called after the handshake
     * @param clock source of created_at_ms
     */
    public Sender(String senderId, ProtocolVersion version, Clock clock) {
      this.senderId = Checks.checkId("senderId", senderId);
      this.version = Objects.requireNonNull(version, "version");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A sender with {@link ProtocolVersion#CURRENT} and the system clock. */
    public static Sender of(String senderId) {
      return new Sender(senderId, ProtocolVersion.CURRENT, Clock.systemUTC());
    }

    public String senderId() {
      return senderId;
    }

    public ProtocolVersion version() {
      return version;
    }

    /** Stamps {@code negotiated} from now on (after Hello/Welcome). */
    public void useVersion(ProtocolVersion negotiated) {
      this.version = Objects.requireNonNull(negotiated, "negotiated");
    }

    /** Metadata of a message outside any run (Hello, Welcome, Heartbeat, Reconnect). */
    public MessageMetadata.Builder metadata(MessageType type) {
      if (type == null || type == MessageType.MESSAGE_TYPE_UNSPECIFIED
          || type == MessageType.UNRECOGNIZED) {
        throw new IllegalArgumentException("type must be a specific MessageType. Provided value: "
            + type);
      }
      return MessageMetadata.newBuilder()
          .setProtocolVersion(version.toProto())
          .setSenderId(senderId)
          .setMessageId(newMessageId())
          .setType(type)
          .setCreatedAtMs(clock.millis());
    }

    /** Metadata of a message of round {@code round} of run {@code runId}. */
    public MessageMetadata.Builder metadata(MessageType type, String runId, long round) {
      Checks.checkId("runId", runId);
      Checks.checkRange("round", round, 0, Long.MAX_VALUE);
      return metadata(type).setRunId(runId).setRound(round);
    }

    /**
     * Metadata of an answer to {@code request}: same type, run and round, addressed to its sender,
     * reply_to its id.
     */
    public MessageMetadata.Builder replyTo(MessageMetadata request) {
      return metadata(request.getType())
          .setRunId(request.getRunId())
          .setRound(request.getRound())
          .setRecipientId(request.getSenderId())
          .setReplyTo(request.getMessageId());
    }
  }

  /**
   * The chunks of a transfer wrapped as client messages (type TENSOR_CHUNK, the run and round of
   * {@code announcing}), made as they are pulled.
   */
  public static Iterator<ClientMessage> clientChunks(
      Sender sender, MessageMetadata announcing, Iterator<TensorChunk> chunks) {
    return map(chunks, c -> ClientMessage.newBuilder()
        .setMetadata(chunkMetadata(sender, announcing)).setChunk(c).build());
  }

  /** As {@link #clientChunks}, for the coordinator. */
  public static Iterator<CoordinatorMessage> coordinatorChunks(
      Sender sender, MessageMetadata announcing, Iterator<TensorChunk> chunks) {
    return map(chunks, c -> CoordinatorMessage.newBuilder()
        .setMetadata(chunkMetadata(sender, announcing)).setChunk(c).build());
  }

  private static MessageMetadata chunkMetadata(Sender sender, MessageMetadata announcing) {
    return sender.metadata(MessageType.MESSAGE_TYPE_TENSOR_CHUNK)
        .setRunId(announcing.getRunId())
        .setRound(announcing.getRound())
        .setRecipientId(announcing.getRecipientId())
        .build();
  }

  private static <A, B> Iterator<B> map(Iterator<A> in, java.util.function.Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public B next() {
        return f.apply(in.next());
      }
    };
  }

  // ------------------------------------------------------------------------------------------
  // Sequence numbers

  /**
   * Numbers client messages 1, 2, 3, ... as they pass; give it to the stream's
   * {@link OutboundStream} so that numbers follow the order of writing. One per stream.
   */
  public static UnaryOperator<ClientMessage> clientSequencer() {
    AtomicLong n = new AtomicLong();
    return m -> m.toBuilder()
        .setMetadata(m.getMetadata().toBuilder().setSequence(n.incrementAndGet())).build();
  }

  /** As {@link #clientSequencer()}, for coordinator messages. */
  public static UnaryOperator<CoordinatorMessage> coordinatorSequencer() {
    AtomicLong n = new AtomicLong();
    return m -> m.toBuilder()
        .setMetadata(m.getMetadata().toBuilder().setSequence(n.incrementAndGet())).build();
  }

  /** Checks that the messages of one stream direction are numbered 1, 2, 3, ... Not thread-safe. */
  public static final class InboundSequence {
    private long last;

    /**
     * @throws ProtocolException (STALE_MESSAGE) for a repeated or earlier number, (MALFORMED) for
     *     a gap
     */
    public void check(MessageMetadata metadata) throws ProtocolException {
      long got = metadata.getSequence();
      if (Long.compareUnsigned(got, last) <= 0) {
        throw new ProtocolException(ERROR_CODE_STALE_MESSAGE,
            "sequence must be " + (last + 1) + " (messages are numbered in order). Provided value: "
                + Long.toUnsignedString(got) + ", a repeat or replay");
      }
      if (got != last + 1) {
        throw new ProtocolException(ERROR_CODE_MALFORMED,
            "sequence must be " + (last + 1) + " (messages are numbered in order). Provided value: "
                + Long.toUnsignedString(got) + ", a gap");
      }
      last = got;
    }

    /** The last number accepted; 0 before the first. */
    public long last() {
      return last;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Validation

  /**
   * Checks a message from a client: metadata complete and well-formed, major version compatible,
   * exactly one body and one that fits the type, and the body's values in range (see
   * {@code fleet.proto}). Does not check the sequence number ({@link InboundSequence}) nor
   * anything that needs the coordinator's state.
   *
   * @throws ProtocolException naming the first field that is wrong
   */
  public static void validate(ClientMessage m) throws ProtocolException {
    if (!m.hasMetadata()) {
      throw malformed("ClientMessage.metadata is missing");
    }
    MessageMetadata md = m.getMetadata();
    validateMetadata(md);
    MessageType type = md.getType();
    switch (m.getBodyCase()) {
      case HELLO -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_HELLO);
        if (!m.getHello().hasMaxVersion()) {
          throw malformed("Hello.max_version is missing");
        }
      }
      case HEARTBEAT -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_HEARTBEAT);
        double p = m.getHeartbeat().getProgress();
        if (!(p >= 0 && p <= 1)) {
          throw malformed("Heartbeat.progress must be >= 0 and <= 1. Provided value: " + p);
        }
      }
      case RESULT -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_TRAIN,
            MessageType.MESSAGE_TYPE_EVALUATE);
        requireRunAndRound(md);
        requireReplyTo(md, "a TaskResult");
        validateResult(type, m.getResult());
      }
      case CHUNK -> expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_TENSOR_CHUNK);
      case ERROR -> validateError(md, m.getError());
      case BODY_NOT_SET -> throw malformed("ClientMessage has no body (of type " + type + ")");
      default -> throw malformed("ClientMessage body is of an unknown kind");
    }
  }

  /**
   * Checks a message from the coordinator, as {@link #validate(ClientMessage)} does for clients.
   *
   * @throws ProtocolException naming the first field that is wrong
   */
  public static void validate(CoordinatorMessage m) throws ProtocolException {
    if (!m.hasMetadata()) {
      throw malformed("CoordinatorMessage.metadata is missing");
    }
    MessageMetadata md = m.getMetadata();
    validateMetadata(md);
    MessageType type = md.getType();
    switch (m.getBodyCase()) {
      case WELCOME -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_WELCOME);
        var w = m.getWelcome();
        if (!w.hasNegotiatedVersion()) {
          throw malformed("Welcome.negotiated_version is missing");
        }
        ProtocolVersion.fromProto(w.getNegotiatedVersion());
        if (w.getHeartbeatIntervalMs() <= 0) {
          throw malformed("Welcome.heartbeat_interval_ms must be > 0. Provided value: "
              + w.getHeartbeatIntervalMs());
        }
      }
      case HEARTBEAT -> expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_HEARTBEAT);
      case TASK -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_TRAIN,
            MessageType.MESSAGE_TYPE_EVALUATE);
        requireRunAndRound(md);
        validateTask(type, m.getTask());
      }
      case CHUNK -> expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_TENSOR_CHUNK);
      case CANCEL -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_CANCEL);
        if (!Checks.isValidId(m.getCancel().getTaskMessageId())) {
          throw malformed("CancelTask.task_message_id must be a valid id. Provided value: "
              + Checks.describeId(m.getCancel().getTaskMessageId()));
        }
      }
      case RECONNECT -> {
        expectType(type, m.getBodyCase().name(), MessageType.MESSAGE_TYPE_RECONNECT);
        if (m.getReconnect().getReconnectAfterMs() < 0) {
          throw malformed("Reconnect.reconnect_after_ms must be >= 0. Provided value: "
              + m.getReconnect().getReconnectAfterMs());
        }
      }
      case ERROR -> validateError(md, m.getError());
      case BODY_NOT_SET -> throw malformed("CoordinatorMessage has no body (of type " + type + ")");
      default -> throw malformed("CoordinatorMessage body is of an unknown kind");
    }
  }

  private static void validateMetadata(MessageMetadata md) throws ProtocolException {
    if (!md.hasProtocolVersion()) {
      throw malformed("metadata.protocol_version is missing");
    }
    ProtocolVersion v = ProtocolVersion.fromProto(md.getProtocolVersion());
    if (!v.isCompatibleWith(ProtocolVersion.CURRENT)) {
      throw new ProtocolException(ERROR_CODE_UNSUPPORTED_VERSION,
          "metadata.protocol_version must have major version " + ProtocolVersion.CURRENT.major()
              + ". Provided value: " + v);
    }
    requireId("metadata.message_id", md.getMessageId(), false);
    requireId("metadata.sender_id", md.getSenderId(), false);
    requireId("metadata.run_id", md.getRunId(), true);
    requireId("metadata.recipient_id", md.getRecipientId(), true);
    requireId("metadata.reply_to", md.getReplyTo(), true);
    if (md.getType() == MessageType.MESSAGE_TYPE_UNSPECIFIED
        || md.getType() == MessageType.UNRECOGNIZED) {
      throw malformed("metadata.type must be a specific MessageType. Provided value: "
          + (md.getType() == MessageType.UNRECOGNIZED ? "an unknown value" : md.getType().name()));
    }
    if (md.getCreatedAtMs() < 0) {
      throw malformed("metadata.created_at_ms must be >= 0. Provided value: "
          + md.getCreatedAtMs());
    }
    if (md.getSequence() == 0) {
      throw malformed("metadata.sequence must be >= 1. Provided value: 0");
    }
  }

  private static void requireId(String field, String value, boolean emptyAllowed)
      throws ProtocolException {
    if (value.isEmpty() ? !emptyAllowed : !Checks.isValidId(value)) {
      throw malformed(field + " must be 1 to " + Checks.MAX_ID_LENGTH
          + " printable ASCII characters" + (emptyAllowed ? " or empty" : "")
          + ". Provided value: " + (value.isEmpty() ? "empty" : Checks.describeId(value)));
    }
  }

  private static void requireRunAndRound(MessageMetadata md) throws ProtocolException {
    if (md.getRunId().isEmpty()) {
      throw malformed("metadata.run_id is missing on a " + md.getType() + " message");
    }
    if (md.getRound() == 0) {
      throw malformed("metadata.round must be >= 1 on a " + md.getType()
          + " message. Provided value: 0");
    }
  }

  private static void requireReplyTo(MessageMetadata md, String what) throws ProtocolException {
    if (md.getReplyTo().isEmpty()) {
      throw malformed("metadata.reply_to must name the task that " + what + " answers");
    }
  }

  private static void expectType(MessageType got, String body, MessageType... allowed)
      throws ProtocolException {
    for (MessageType t : allowed) {
      if (t == got) {
        return;
      }
    }
    throw malformed("metadata.type must be " + java.util.Arrays.toString(allowed) + " for a "
        + body.toLowerCase(java.util.Locale.ROOT) + " body. Provided value: " + got);
  }

  private static void validateTask(MessageType type, Task t) throws ProtocolException {
    if (t.getTimeoutMs() <= 0) {
      throw malformed("Task.timeout_ms must be > 0. Provided value: " + t.getTimeoutMs());
    }
    if (type == MessageType.MESSAGE_TYPE_TRAIN) {
      if (!t.hasHyperParameters()) {
        throw malformed("Task.hyper_parameters is missing on a TRAIN task");
      }
      HyperParameters h = t.getHyperParameters();
      if (h.getLocalEpochs() < 1) {
        throw malformed("hyper_parameters.local_epochs must be >= 1. Provided value: "
            + Integer.toUnsignedString(h.getLocalEpochs()));
      }
      if (!(h.getLearningRate() > 0 && Double.isFinite(h.getLearningRate()))) {
        throw malformed("hyper_parameters.learning_rate must be > 0 and < infinity."
            + " Provided value: " + h.getLearningRate());
      }
      if (!(h.getProximalMu() >= 0 && Double.isFinite(h.getProximalMu()))) {
        throw malformed("hyper_parameters.proximal_mu must be >= 0 and < infinity."
            + " Provided value: " + h.getProximalMu());
      }
      if (t.getResultKind() != ParametersKind.PARAMETERS_KIND_FULL
          && t.getResultKind() != ParametersKind.PARAMETERS_KIND_DELTA) {
        throw malformed("Task.result_kind must be FULL or DELTA on a TRAIN task. Provided value: "
            + t.getResultKind());
      }
    }
    if (t.hasHyperParameters() && t.getHyperParameters().getBatchSize() < 1) {
      throw malformed("hyper_parameters.batch_size must be >= 1. Provided value: "
          + Integer.toUnsignedString(t.getHyperParameters().getBatchSize()));
    }
    if (t.hasPrivacy()) {
      validatePrivacy(t.getPrivacy());
    }
  }

  private static void validatePrivacy(PrivacySettings p) throws ProtocolException {
    if (p.hasClientLevel()) {
      positive("privacy.client_level.clip_norm", p.getClientLevel().getClipNorm());
    }
    if (p.hasRecordLevel()) {
      var r = p.getRecordLevel();
      positive("privacy.record_level.noise_multiplier", r.getNoiseMultiplier());
      positive("privacy.record_level.max_grad_norm", r.getMaxGradNorm());
      if (!(r.getDelta() > 0 && r.getDelta() < 1)) {
        throw malformed("privacy.record_level.delta must be > 0 and < 1. Provided value: "
            + r.getDelta());
      }
    }
  }

  private static void positive(String field, double v) throws ProtocolException {
    if (!(v > 0 && Double.isFinite(v))) {
      throw malformed(field + " must be > 0 and < infinity. Provided value: " + v);
    }
  }

  private static void validateResult(MessageType type, TaskResult r) throws ProtocolException {
    if (r.getNumExamples() == 0) {
      throw malformed("TaskResult.num_examples must be >= 1. Provided value: 0");
    }
    if (r.getNumExamples() < 0) {
      throw malformed("TaskResult.num_examples must be < 2^63. Provided value: "
          + Long.toUnsignedString(r.getNumExamples()));
    }
    for (Map.Entry<String, Double> e : r.getMetrics().getEntriesMap().entrySet()) {
      if (!Checks.isValidName(e.getKey())) {
        throw malformed("metric names must be 1 to " + Checks.MAX_NAME_LENGTH
            + " characters without control characters");
      }
      if (!Double.isFinite(e.getValue())) {
        throw new ProtocolException(ERROR_CODE_NON_FINITE,
            "metric '" + e.getKey() + "' must be finite. Provided value: NaN or infinity");
      }
    }
    if (type == MessageType.MESSAGE_TYPE_EVALUATE && r.getUpdate().getTensorsCount() > 0) {
      throw malformed("TaskResult.update must be empty for EVALUATE. Provided value: "
          + r.getUpdate().getTensorsCount() + " tensors");
    }
    if (type == MessageType.MESSAGE_TYPE_TRAIN
        && r.getKind() != ParametersKind.PARAMETERS_KIND_FULL
        && r.getKind() != ParametersKind.PARAMETERS_KIND_DELTA) {
      throw malformed("TaskResult.kind must be FULL or DELTA for TRAIN. Provided value: "
          + r.getKind());
    }
  }

  private static void validateError(MessageMetadata md, ErrorInfo e) throws ProtocolException {
    if (e.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED || e.getCode() == ErrorCode.UNRECOGNIZED) {
      throw malformed("ErrorInfo.code must be a specific ErrorCode. Provided value: "
          + (e.getCode() == ErrorCode.UNRECOGNIZED ? "an unknown value" : e.getCode().name()));
    }
    if (e.getMessage().length() > MAX_ERROR_MESSAGE_LENGTH) {
      throw malformed("ErrorInfo.message must be at most " + MAX_ERROR_MESSAGE_LENGTH
          + " characters. Provided value: " + e.getMessage().length() + " characters");
    }
    if (md.getType() == MessageType.MESSAGE_TYPE_TRAIN
        || md.getType() == MessageType.MESSAGE_TYPE_EVALUATE) {
      requireRunAndRound(md);
      requireReplyTo(md, "an error");
    }
  }

  private static ProtocolException malformed(String message) {
    return new ProtocolException(ERROR_CODE_MALFORMED, message);
  }

  // ------------------------------------------------------------------------------------------
  // Records

  /** An ErrorInfo; {@code message} must name what was wrong and hold no data. */
  public static ErrorInfo errorInfo(ErrorCode code, String message, boolean retryable) {
    return ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(retryable).build();
  }

  /**
   * A config record from a map whose values are {@code Double}, {@code Float}, {@code Long},
   * {@code Integer}, {@code Short}, {@code Byte}, {@code Boolean}, {@code String}, {@code byte[]}
   * or {@link ByteString}.
   *
   * @throws IllegalArgumentException for a null key or value, or a value of another type
   */
  public static ConfigRecord configRecord(Map<String, ?> values) {
    ConfigRecord.Builder b = ConfigRecord.newBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "config key");
      Object v = e.getValue();
      ConfigValue.Builder cv = ConfigValue.newBuilder();
      if (v instanceof Double || v instanceof Float) {
        cv.setDoubleValue(((Number) v).doubleValue());
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short
          || v instanceof Byte) {
        cv.setIntValue(((Number) v).longValue());
      } else if (v instanceof Boolean bool) {
        cv.setBoolValue(bool);
      } else if (v instanceof String s) {
        cv.setStringValue(s);
      } else if (v instanceof byte[] bytes) {
        cv.setBytesValue(ByteString.copyFrom(bytes));
      } else if (v instanceof ByteString bytes) {
        cv.setBytesValue(bytes);
      } else {
        throw new IllegalArgumentException(
            "config value '" + key + "' must be a number, boolean, string or bytes. Provided"
                + " value: " + (v == null ? "null" : "a " + v.getClass().getName()));
      }
      b.putEntries(key, cv.build());
    }
    return b.build();
  }

  /**
   * The entries of a config record, sorted by key: {@code Double}, {@code Long}, {@code Boolean},
   * {@code String} or {@link ByteString}; an entry with no value is left out.
   */
  public static Map<String, Object> toMap(ConfigRecord record) {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : record.getEntriesMap().entrySet()) {
      ConfigValue v = e.getValue();
      switch (v.getKindCase()) {
        case DOUBLE_VALUE -> out.put(e.getKey(), v.getDoubleValue());
        case INT_VALUE -> out.put(e.getKey(), v.getIntValue());
        case BOOL_VALUE -> out.put(e.getKey(), v.getBoolValue());
        case STRING_VALUE -> out.put(e.getKey(), v.getStringValue());
        case BYTES_VALUE -> out.put(e.getKey(), v.getBytesValue());
        default -> { }
      }
    }
    return out;
  }

  /** A metric record; values are converted to double. */
  public static MetricRecord metricRecord(Map<String, ? extends Number> values) {
    MetricRecord.Builder b = MetricRecord.newBuilder();
    for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
      b.putEntries(Objects.requireNonNull(e.getKey(), "metric name"), e.getValue().doubleValue());
    }
    return b.build();
  }

  /** The entries of a metric record, sorted by name. */
  public static Map<String, Double> toMap(MetricRecord record) {
    return new LinkedHashMap<>(new TreeMap<>(record.getEntriesMap()));
  }
}
