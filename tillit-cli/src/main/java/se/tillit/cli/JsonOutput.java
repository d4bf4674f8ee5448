package se.tillit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One-line JSON answers for scripts: with --json the last line printed is one JSON object. */
public final class JsonOutput {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private JsonOutput() {}

  /** A command that may have been asked for JSON output. */
  public interface Capable {
    boolean jsonRequested();
  }

  /** Prints {@code object} as a single line of JSON. Non-finite doubles become strings. */
  public static void print(PrintWriter out, Object object) {
    try {
      out.println(MAPPER.writeValueAsString(sanitize(object)));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON output", e);
    }
  }

  static void printError(PrintWriter out, String message, int exitCode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("exit_code", exitCode);
    print(out, m);
  }

  private static Object sanitize(Object o) {
    if (o instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return d.isNaN() ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
    }
    if (o instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, sanitize(v)));
      return copy;
    }
    if (o instanceof java.util.List<?> list) {
      return list.stream().map(JsonOutput::sanitize).toList();
    }
    return o;
  }
}
