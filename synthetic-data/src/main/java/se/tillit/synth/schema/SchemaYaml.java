package se.tillit.synth.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.internal.Values;

/**
 * Schema files in YAML. A schema file states the public domain of each column it lists, and
 * overrides inference for those columns. Format:
 *
 * <pre>
 * format_version: 1
 * columns:
 *   - name: age
 *     type: integer          # numeric | integer | categorical | date
 *     min: 17
 *     max: 90
 *     bins: 74               # optional, default 32 (integers: at most max - min + 1)
 *     nullable: false        # optional, default false: whether a value may be missing
 *   - name: workclass
 *     type: categorical
 *     categories: [Federal-gov, Local-gov, Private]
 *     nullable: true
 *   - name: born
 *     type: date
 *     min: 1900-01-01
 *     max: 2024-12-31
 *   - name: capital-gain
 *     type: integer
 *     edges: [0, 1, 5000, 10000, 99999, 99999]
 *   - name: hours
 *     type: numeric
 *     edges: [0, 40, 40, 99.5]
 * </pre>
 *
 * <p>Instead of {@code min}, {@code max} and {@code bins} (equal-width bins), a numeric, integer
 * or date column may list its bin {@code edges} (sorted, at least 2): bin i is [e_i, e_(i+1)), the
 * last bin is closed, and a value written twice in a row is a singleton bin holding exactly that
 * value ({@code [0, 40, 40, 99.5]} is [0, 40), {40}, (40, 99.5]). For an integer column, the bin
 * [v, v+1) also holds exactly v, so {@code [0, 1, 5000, 10000, 99999, 99999]} keeps 0 and 99999
 * apart. See {@link ColumnSchema}.
 */
public final class SchemaYaml {
  /** The only format version so far. */
  public static final int FORMAT_VERSION = 1;

  private static final int DEFAULT_BINS = 32;
  private static final Set<String> KEYS =
      Set.of("name", "type", "categories", "min", "max", "bins", "edges", "nullable");
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private SchemaYaml() {}

  /** Reads a schema file. */
  public static Schema read(Path path) throws IOException {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("schema file does not exist: " + path);
    }
    return parse(text, path.toString());
  }

  /** Parses schema YAML; {@code source} names it in error messages. */
  public static Schema parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "schema " + source + " is not valid YAML (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "schema " + source + " must be a mapping with 'format_version' and 'columns'");
    }
    JsonNode version = root.get("format_version");
    if (version != null && (!version.canConvertToInt() || version.asInt() != FORMAT_VERSION)) {
      throw new IllegalArgumentException(
          "schema " + source + ": format_version must be " + FORMAT_VERSION
              + ". Provided value: " + version.asText());
    }
    JsonNode cols = root.get("columns");
    if (cols == null || !cols.isArray() || cols.isEmpty()) {
      throw new IllegalArgumentException(
          "schema " + source + " must have a non-empty list 'columns'");
    }
    List<ColumnSchema> out = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      out.add(column(cols.get(i), source, i + 1));
    }
    return new Schema(out);
  }

  private static ColumnSchema column(JsonNode n, String source, int index) {
    String where = "schema " + source + ", column entry " + index;
    if (!n.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping with 'name' and 'type'");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            where + ": key must be one of " + new java.util.TreeSet<>(KEYS)
                + ". Provided value: '" + k + "'");
      }
    }
    JsonNode nameNode = n.get("name");
    if (nameNode == null || !nameNode.isValueNode() || nameNode.asText().isEmpty()) {
      throw new IllegalArgumentException(where + " must have a 'name'");
    }
    String name = nameNode.asText();
    where = "schema " + source + ", column '" + name + "'";
    JsonNode typeNode = n.get("type");
    ColumnType type;
    try {
      type = ColumnType.valueOf(typeNode.asText().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          where + ": type must be one of numeric, integer, categorical, date. Provided value: "
              + (typeNode == null ? "none" : "'" + typeNode.asText() + "'"));
    }
    boolean nullable = n.has("nullable") && bool(n.get("nullable"), where + ": nullable");
    if (type == ColumnType.CATEGORICAL) {
      JsonNode cats = n.get("categories");
      if (cats == null || !cats.isArray() || cats.isEmpty()) {
        throw new IllegalArgumentException(
            where + ": a categorical column must list its 'categories'");
      }
      for (String k : List.of("min", "max", "bins", "edges")) {
        if (n.has(k)) {
          throw new IllegalArgumentException(
              where + ": a categorical column has no '" + k + "'");
        }
      }
      List<String> list = new ArrayList<>();
      for (JsonNode c : cats) {
        if (!c.isValueNode() || c.isNull()) {
          throw new IllegalArgumentException(where + ": every category must be a plain value");
        }
        if (list.contains(c.asText())) {
          throw new IllegalArgumentException(
              where + ": categories must be unique. Provided value: duplicate '" + c.asText()
                  + "'");
        }
        list.add(c.asText());
      }
      return new ColumnSchema(name, type, list, null, null, null, nullable);
    }
    if (n.has("categories")) {
      throw new IllegalArgumentException(where + ": only a categorical column has 'categories'");
    }
    if (n.has("edges")) {
      for (String k : List.of("min", "max", "bins")) {
        if (n.has(k)) {
          throw new IllegalArgumentException(
              where + ": a column with 'edges' takes min and max from the first and last edge"
                  + " and has one bin fewer than edges; remove '" + k + "'");
        }
      }
      JsonNode e = n.get("edges");
      if (e == null || !e.isArray() || e.size() < 2) {
        throw new IllegalArgumentException(
            where + ": edges must be a list of at least 2 values. Provided value: "
                + (e == null || !e.isArray() ? "not a list" : e.size() + " value(s)"));
      }
      List<Double> edges = new ArrayList<>();
      for (int i = 0; i < e.size(); i++) {
        edges.add(bound(e.get(i), type, where + ": edge " + (i + 1)));
      }
      try {
        return ColumnSchema.withEdges(name, type, edges, nullable);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("schema " + source + ": " + ex.getMessage(), ex);
      }
    }
    double min = bound(n.get("min"), type, where + ": min");
    double max = bound(n.get("max"), type, where + ": max");
    if (min > max) {
      throw new IllegalArgumentException(
          where + ": min must be <= max. Provided value: min > max");
    }
    int bins;
    if (n.has("bins")) {
      JsonNode b = n.get("bins");
      if (!b.canConvertToInt() || !b.isIntegralNumber() && !b.asText().matches("\\d+")) {
        throw new IllegalArgumentException(
            where + ": bins must be a whole number >= 1. Provided value: " + b.asText());
      }
      bins = b.asInt();
      if (bins < 1) {
        throw new IllegalArgumentException(
            where + ": bins must be >= 1. Provided value: " + bins);
      }
    } else {
      bins = type == ColumnType.NUMERIC
          ? DEFAULT_BINS
          : (int) Math.min(DEFAULT_BINS, (long) (max - min) + 1);
    }
    return new ColumnSchema(name, type, List.of(), min, max, bins, nullable);
  }

  private static boolean bool(JsonNode n, String what) {
    String t = n.asText();
    if (n.isBoolean() || t.equals("true") || t.equals("false")) {
      return n.isBoolean() ? n.booleanValue() : Boolean.parseBoolean(t);
    }
    throw new IllegalArgumentException(what + " must be true or false. Provided value: " + t);
  }

  private static double bound(JsonNode n, ColumnType type, String what) {
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException(what + " is required for a " + type.name().toLowerCase(
          Locale.ROOT) + " column");
    }
    String t = n.asText().trim();
    if (type == ColumnType.DATE) {
      if (Values.isDate(t)) {
        return Values.epochDay(t);
      }
      throw new IllegalArgumentException(what + " must be an ISO date yyyy-MM-dd. Provided value: " + t);
    }
    if (type == ColumnType.INTEGER ? Values.isInteger(t) : Values.isNumber(t)) {
      return Double.parseDouble(t);
    }
    throw new IllegalArgumentException(
        what + " must be " + (type == ColumnType.INTEGER ? "a whole number" : "a number")
            + ". Provided value: " + t);
  }

  /** Writes {@code schema} as YAML (a file a person can review and edit). */
  public static void write(Schema schema, Path path) throws IOException {
    Files.writeString(path, toYaml(schema));
  }

  public static String toYaml(Schema schema) {
    ObjectNode root = YAML.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    ArrayNode cols = root.putArray("columns");
    for (ColumnSchema c : schema.columns()) {
      ObjectNode o = cols.addObject();
      o.put("name", c.name());
      o.put("type", c.type().name().toLowerCase(Locale.ROOT));
      switch (c.type()) {
        case CATEGORICAL -> {
          ArrayNode a = o.putArray("categories");
          c.categories().forEach(a::add);
        }
        case DATE -> {
          if (c.hasEdges()) {
            ArrayNode a = o.putArray("edges");
            c.edges().forEach(e -> a.add(Values.formatDate((long) (double) e)));
            break;
          }
          o.put("min", Values.formatDate((long) (double) c.min()));
          o.put("max", Values.formatDate((long) (double) c.max()));
          o.put("bins", c.bins());
        }
        case INTEGER -> {
          if (c.hasEdges()) {
            ArrayNode a = o.putArray("edges");
            c.edges().forEach(e -> a.add((long) (double) e));
            break;
          }
          o.put("min", (long) (double) c.min());
          o.put("max", (long) (double) c.max());
          o.put("bins", c.bins());
        }
        case NUMERIC -> {
          if (c.hasEdges()) {
            ArrayNode a = o.putArray("edges");
            c.edges().forEach(a::add);
            break;
          }
          o.put("min", c.min());
          o.put("max", c.max());
          o.put("bins", c.bins());
        }
      }
      o.put("nullable", c.nullable());
    }
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write schema YAML", e);
    }
  }
}
