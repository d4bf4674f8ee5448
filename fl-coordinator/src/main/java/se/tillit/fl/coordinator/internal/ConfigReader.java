package se.tillit.fl.coordinator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values from a parsed YAML mapping with errors that name the field (as a dotted path) and
 * what is allowed: {@code "sampling.fraction must be > 0 and <= 1. Provided value: 2"}.
 *
 * <p>Internal: not part of the public API.
 */
public final class ConfigReader {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|kib|mib|gib)?", Pattern.CASE_INSENSITIVE);

  private final String path;
  private final Map<String, Object> map;

  private ConfigReader(String path, Map<String, Object> map) {
    this.path = path;
    this.map = map;
  }

  /** Parses a YAML document whose top level is a mapping. */
  @SuppressWarnings("unchecked")
  public static ConfigReader parseYaml(String what, String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-empty YAML mapping. Provided value: "
          + (yaml == null ? "null" : "an empty document"));
    }
    Object root;
    try {
      root = YAML.readValue(yaml, Object.class);
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      if (e.getLocation() != null) {
        detail += " (line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr() + ")";
      }
      throw new IllegalArgumentException(what + " must be valid YAML: " + detail, e);
    }
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException(what + " must be a YAML mapping (key: value lines)."
          + " Provided value: " + describeType(root));
    }
    return new ConfigReader("", (Map<String, Object>) root);
  }

  /** A reader over an already parsed mapping. */
  public static ConfigReader of(Map<String, Object> map) {
    return new ConfigReader("", map);
  }

  /** The mapping itself. */
  public Map<String, Object> raw() {
    return map;
  }

  /** The dotted path of {@code key} under this reader. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Fails if the mapping holds a key outside {@code allowed}, naming it and the allowed keys. */
  public void allowOnly(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (String k : map.keySet()) {
      if (!ok.contains(k)) {
        throw new IllegalArgumentException(
            (path.isEmpty() ? "the top level" : path) + " must only have the keys "
                + new TreeSet<>(ok) + ". Provided value: unknown key '" + k + "'");
      }
    }
  }

  public boolean has(String key) {
    return map.get(key) != null;
  }

  /** A nested mapping; an empty one when absent. */
  @SuppressWarnings("unchecked")
  public ConfigReader section(String key) {
    Object v = map.get(key);
    if (v == null) {
      return new ConfigReader(pathOf(key), new LinkedHashMap<>());
    }
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(pathOf(key) + " must be a mapping. Provided value: "
          + describeType(v));
    }
    return new ConfigReader(pathOf(key), (Map<String, Object>) v);
  }

  /** A nested mapping as a plain map (copied), empty when absent. */
  public Map<String, Object> sectionMap(String key) {
    return new LinkedHashMap<>(section(key).map);
  }

  public String string(String key, String fallback) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Map || v instanceof List) {
      throw new IllegalArgumentException(pathOf(key) + " must be a text value. Provided value: "
          + describeType(v));
    }
    return v.toString();
  }

  public String requiredString(String key, String example) {
    String s = string(key, null);
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(pathOf(key) + " is required, e.g. " + example
          + ". Provided value: " + (s == null ? "none" : "empty"));
    }
    return s;
  }

  public boolean bool(String key, boolean fallback) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(pathOf(key) + " must be true or false. Provided value: " + v);
  }

  public long integer(String key, long fallback, long min, long max) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      n = ((Number) v).longValue();
    } else {
      try {
        n = Long.parseLong(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(pathOf(key) + " must be a whole number >= " + min
            + " and <= " + max + ". Provided value: " + v);
      }
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(pathOf(key) + " must be >= " + min + " and <= " + max
          + ". Provided value: " + n);
    }
    return n;
  }

  /** A number (YAML may read {@code 1e-5} as text; that is accepted too). */
  public double number(String key, double fallback) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else {
      try {
        d = Double.parseDouble(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(pathOf(key) + " must be a number. Provided value: " + v);
      }
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(pathOf(key) + " must be finite. Provided value: " + v);
    }
    return d;
  }

  /** A list of strings; empty when absent. */
  public List<String> strings(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(pathOf(key) + " must be a list, e.g. [a, b]."
          + " Provided value: " + describeType(v));
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (o == null || o instanceof Map || o instanceof List || o.toString().isBlank()) {
        throw new IllegalArgumentException(pathOf(key) + " must hold non-empty text values."
            + " Provided value: an entry that is " + (o == null ? "empty" : describeType(o)));
      }
      out.add(o.toString());
    }
    return List.copyOf(out);
  }

  /** A duration such as {@code 60s}, {@code 2m}, {@code 500ms}, {@code 1h}. */
  public Duration duration(String key, Duration fallback) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    return parseDuration(pathOf(key), v.toString());
  }

  /** A size in bytes: a number, or with a unit (B, KB, MB, GB, KiB, MiB, GiB). */
  public long size(String key, long fallback, long min, long max) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    long n = parseSize(pathOf(key), v.toString());
    if (n < min || n > max) {
      throw new IllegalArgumentException(pathOf(key) + " must be >= " + min + " and <= " + max
          + " bytes. Provided value: " + v);
    }
    return n;
  }

  /** Parses {@code 60s}, {@code 2m}, {@code 500ms}, {@code 1.5h}, {@code 1d}. */
  public static Duration parseDuration(String field, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(field + " must be a duration with a unit: ms, s, m, h or d"
          + " (e.g. 60s, 2m, 500ms). Provided value: " + text);
    }
    double amount = Double.parseDouble(m.group(1));
    double millis = switch (m.group(2)) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> amount * 86_400_000;
    };
    if (millis > 365L * 86_400_000) {
      throw new IllegalArgumentException(field + " must be at most 365d. Provided value: " + text);
    }
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  private static long parseSize(String field, String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(field + " must be a size in bytes, optionally with a unit"
          + " B, KB, MB, GB, KiB, MiB or GiB (e.g. 64MiB). Provided value: " + text);
    }
    long base;
    try {
      base = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is too large. Provided value: " + text);
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor = switch (unit) {
      case "kb" -> 1_000L;
      case "mb" -> 1_000_000L;
      case "gb" -> 1_000_000_000L;
      case "kib" -> 1L << 10;
      case "mib" -> 1L << 20;
      case "gib" -> 1L << 30;
      default -> 1L;
    };
    if (base > Long.MAX_VALUE / factor) {
      throw new IllegalArgumentException(field + " is too large. Provided value: " + text);
    }
    return base * factor;
  }

  /** JSON text of a value (for the model and features sections sent to clients). */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /** YAML text of a mapping. */
  public static String toYaml(Map<String, ?> value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as YAML: " + e.getOriginalMessage(),
          e);
    }
  }

  private static String describeType(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    String s = v.toString();
    return s.length() > 60 ? "'" + s.substring(0, 60) + "...'" : "'" + s + "'";
  }
}
