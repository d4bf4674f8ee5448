package se.tillit.fl.coordinator.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import se.tillit.fl.protocol.v1.ErrorCode;

/**
 * Counters of the coordinator, written out in the Prometheus text format (version 0.0.4). Thread
 * safe; counting costs one {@link LongAdder} increment. Internal.
 */
public final class FleetMetrics {
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder messagesReceived = new LongAdder();
  private final LongAdder trainRoundsCompleted = new LongAdder();
  private final LongAdder evaluateRoundsCompleted = new LongAdder();
  private final LongAdder roundsFailed = new LongAdder();
  private final LongAdder roundDurationMicros = new LongAdder();
  private final LongAdder roundDurationCount = new LongAdder();
  private final LongAdder updatesAccepted = new LongAdder();
  private final LongAdder sessionsOpened = new LongAdder();
  private final Map<ErrorCode, LongAdder> rejected = new ConcurrentHashMap<>();
  private volatile double lastRoundSeconds;
  private volatile IntSupplier connectedClients = () -> 0;
  private volatile IntSupplier activeUploads = () -> 0;

  public void connectedClients(IntSupplier supplier) {
    this.connectedClients = supplier;
  }

  public void activeUploads(IntSupplier supplier) {
    this.activeUploads = supplier;
  }

  public void received(int bytes) {
    bytesReceived.add(bytes);
    messagesReceived.increment();
  }

  public void sent(int bytes) {
    bytesSent.add(bytes);
  }

  public void rejected(ErrorCode code) {
    rejected.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  public long rejectedCount(ErrorCode code) {
    LongAdder a = rejected.get(code);
    return a == null ? 0 : a.sum();
  }

  public void updateAccepted() {
    updatesAccepted.increment();
  }

  public void sessionOpened() {
    sessionsOpened.increment();
  }

  /** A round ended; {@code completed} false for a failed attempt. */
  public void roundEnded(boolean train, boolean completed, double seconds) {
    if (completed) {
      (train ? trainRoundsCompleted : evaluateRoundsCompleted).increment();
    } else {
      roundsFailed.increment();
    }
    roundDurationMicros.add(Math.round(seconds * 1e6));
    roundDurationCount.increment();
    lastRoundSeconds = seconds;
  }

  public long bytesReceived() {
    return bytesReceived.sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }

  /** The Prometheus text exposition. */
  public String prometheus() {
    StringBuilder b = new StringBuilder(2048);
    gauge(b, "tillit_fl_connected_clients", "Clients with an open session.",
        connectedClients.getAsInt());
    gauge(b, "tillit_fl_active_uploads", "Updates being received now.", activeUploads.getAsInt());
    b.append("# HELP tillit_fl_rounds_completed_total Rounds completed, by kind.\n")
        .append("# TYPE tillit_fl_rounds_completed_total counter\n")
        .append("tillit_fl_rounds_completed_total{kind=\"train\"} ")
        .append(trainRoundsCompleted.sum()).append('\n')
        .append("tillit_fl_rounds_completed_total{kind=\"evaluate\"} ")
        .append(evaluateRoundsCompleted.sum()).append('\n');
    counter(b, "tillit_fl_rounds_failed_total",
        "Round attempts that failed (no quorum) or were cancelled.", roundsFailed.sum());
    b.append("# HELP tillit_fl_round_duration_seconds Wall time of rounds, from sampling to the"
            + " stored checkpoint.\n")
        .append("# TYPE tillit_fl_round_duration_seconds summary\n")
        .append("tillit_fl_round_duration_seconds_sum ")
        .append(roundDurationMicros.sum() / 1e6).append('\n')
        .append("tillit_fl_round_duration_seconds_count ").append(roundDurationCount.sum())
        .append('\n');
    gauge(b, "tillit_fl_last_round_duration_seconds", "Wall time of the last round.",
        lastRoundSeconds);
    counter(b, "tillit_fl_bytes_received_total", "Bytes of messages received from clients.",
        bytesReceived.sum());
    counter(b, "tillit_fl_bytes_sent_total", "Bytes of messages sent to clients.",
        bytesSent.sum());
    counter(b, "tillit_fl_messages_received_total", "Messages received from clients.",
        messagesReceived.sum());
    counter(b, "tillit_fl_updates_accepted_total", "Client updates accepted into a round.",
        updatesAccepted.sum());
    counter(b, "tillit_fl_sessions_opened_total", "Sessions welcomed.", sessionsOpened.sum());
    b.append("# HELP tillit_fl_rejected_messages_total Messages refused with an ErrorInfo, by"
            + " code.\n")
        .append("# TYPE tillit_fl_rejected_messages_total counter\n");
    Map<String, Long> sorted = new TreeMap<>();
    rejected.forEach((k, v) -> sorted.put(k.name(), v.sum()));
    sorted.forEach((k, v) -> b.append("tillit_fl_rejected_messages_total{code=\"").append(k)
        .append("\"} ").append(v).append('\n'));
    return b.toString();
  }

  private static void gauge(StringBuilder b, String name, String help, double value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(format(value)).append('\n');
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" counter\n")
        .append(name).append(' ').append(value).append('\n');
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
