package se.tillit.fl.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import se.tillit.dp.fedavg.ClientLevelDp;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.MessageMetadata;

/**
 * The client's own record of everything it sent to the coordinator: an append-only file of JSON
 * lines, one per message, so that an agency can show what left it.
 *
 * <p>Each line holds {@code ts} (ISO-8601 UTC, when the message was queued), {@code type} (the
 * message type), {@code body} (hello, heartbeat, result, error), {@code run}, {@code round},
 * {@code message_id}, {@code reply_to}, and by body: Hello's properties; Heartbeat's state;
 * a result's {@code num_examples}, {@code kind}, {@code metrics} and, for an update, {@code tensors}
 * (name, dtype, shape and the SHA-256 of each tensor's data, as in its last TensorChunk) and
 * {@code update_l2_norm}; an error's code and message. The chunks of an update are not logged one
 * by one: the digests identify their content exactly. Never raw data rows, and never tensor values.
 *
 * <p>Thread-safe; every line is flushed as it is written. Writing failures are reported as
 * {@link UncheckedIOException} to the caller.
 */
public final class LocalLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final BufferedWriter out;
  private boolean closed;

  private LocalLog(Path path, BufferedWriter out) {
    this.path = path;
    this.out = out;
  }

  /** Opens {@code path} for appending, creating it and its directory if needed. */
  public static LocalLog open(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new LocalLog(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the local log " + path + ": "
          + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /**
   * Records a message sent (before its chunks, if any).
   *
   * @param update the tensors announced by a TaskResult, whose chunks follow; null if none
   */
  public void recordSent(ClientMessage message, ModelParameters update) {
    Map<String, Object> line = new LinkedHashMap<>();
    MessageMetadata md = message.getMetadata();
    line.put("ts", Instant.now().toString());
    line.put("type", md.getType().name().replace("MESSAGE_TYPE_", ""));
    line.put("body", message.getBodyCase().name().toLowerCase(java.util.Locale.ROOT));
    line.put("run", md.getRunId());
    line.put("round", md.getRound());
    line.put("message_id", md.getMessageId());
    line.put("reply_to", md.getReplyTo());
    switch (message.getBodyCase()) {
      case HELLO -> line.put("properties", Messages.toMap(message.getHello().getProperties())
          .entrySet().stream().collect(java.util.stream.Collectors.toMap(
              Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
      case HEARTBEAT -> line.put("state", message.getHeartbeat().getState().name());
      case RESULT -> {
        var r = message.getResult();
        line.put("num_examples", r.getNumExamples());
        line.put("kind", r.getKind().name());
        line.put("metrics", Messages.toMap(r.getMetrics()));
        if (update != null) {
          List<Map<String, Object>> tensors = new ArrayList<>();
          for (Tensor t : update.asMap().values()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("name", t.name());
            tm.put("dtype", t.dtype().name());
            tm.put("shape", t.shape());
            tm.put("sha256", sha256(t));
            tensors.add(tm);
          }
          line.put("tensors", tensors);
          line.put("update_l2_norm", ClientLevelDp.l2Norm(update.toFlatDoubles()));
        }
      }
      case ERROR -> {
        line.put("error_code", message.getError().getCode().name());
        line.put("error_message", message.getError().getMessage());
      }
      default -> { }
    }
    write(line);
  }

  private synchronized void write(Map<String, Object> line) {
    if (closed) {
      throw new IllegalStateException("the local log " + path + " is closed");
    }
    try {
      out.write(JSON.writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the local log " + path + ": "
          + e.getMessage(), e);
    }
  }

  /** The hex SHA-256 of a tensor's data bytes (as sent). */
  static String sha256(Tensor t) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(t.data());
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads every line of a log written by this class (for audits and tests). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> read(Path path) {
    try {
      List<Map<String, Object>> out = new ArrayList<>();
      for (String l : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          out.add(JSON.readValue(l, Map.class));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the local log " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "LocalLog[" + Objects.toString(path) + "]";
  }
}
