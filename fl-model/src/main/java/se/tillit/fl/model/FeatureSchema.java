package se.tillit.fl.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public description of a table that every client encodes the same way: the label column and
 * its classes, and each feature column with its type: numeric with a public {@code min} and
 * {@code max}, or categorical with its list of categories. It holds no data.
 *
 * <p>Encoding ({@link TableEncoder}): columns in the listed order; a numeric column takes two
 * inputs, the value scaled to [0, 1] by {@code (x - min) / (max - min)} and clamped, and a missing
 * indicator (1 when the cell is missing, the scaled value then 0); a categorical column takes one
 * input per listed category plus an "other" input for any other value or a missing cell. So
 * {@link #inputWidth()} is {@code 2 * numeric + sum(categories + 1)}. The label becomes the index
 * of its class in {@link #classes()}.
 *
 * <p>As a map or JSON (the run file's {@code features:} section):
 *
 * <pre>{@code
 * {label: income, classes: ["<=50K", ">50K"],
 *  columns: [{name: age, type: numeric, min: 17, max: 90},
 *            {name: sex, type: categorical, categories: [Female, Male]}]}
 * }</pre>
 *
 * <p>Where the min, max and categories come from is the run owner's decision: public knowledge
 * (ages 0 to 120), or {@link #infer} from a data set, which is meant for simulation and the demo:
 * an inferred schema reveals that data set's ranges and categories.
 *
 * <p>Immutable; {@link #equals} compares everything.
 */
public final class FeatureSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Default bound on the categories kept per column by {@link #infer}. */
  public static final int DEFAULT_MAX_CATEGORIES = 64;

  /** Kinds of feature columns. */
  public enum ColumnType {
    NUMERIC,
    CATEGORICAL;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One feature column.
   *
   * @param name column name in the table
   * @param type numeric or categorical
   * @param min public lower bound (numeric; NaN for categorical)
   * @param max public upper bound, {@code >= min} (numeric; NaN for categorical)
   * @param categories the categories in encoding order (categorical; empty for numeric)
   */
  public record Column(String name, ColumnType type, double min, double max,
      List<String> categories) {
    public Column {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("column name must be non-empty. Provided value: "
            + (name == null ? "null" : "empty"));
      }
      Objects.requireNonNull(type, "type");
      categories = List.copyOf(categories);
      if (type == ColumnType.NUMERIC) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
          throw new IllegalArgumentException("numeric column '" + name
              + "' must have finite min <= max. Provided value: min=" + min + ", max=" + max);
        }
        if (!categories.isEmpty()) {
          throw new IllegalArgumentException("numeric column '" + name
              + "' must not list categories");
        }
      } else {
        if (new HashSet<>(categories).size() != categories.size()) {
          throw new IllegalArgumentException("categories of column '" + name
              + "' must be unique");
        }
        min = Double.NaN;
        max = Double.NaN;
      }
    }

    public static Column numeric(String name, double min, double max) {
      return new Column(name, ColumnType.NUMERIC, min, max, List.of());
    }

    public static Column categorical(String name, List<String> categories) {
      return new Column(name, ColumnType.CATEGORICAL, Double.NaN, Double.NaN, categories);
    }

    /** Inputs this column takes in the encoding. */
    public int width() {
      return type == ColumnType.NUMERIC ? 2 : categories.size() + 1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Column c && name.equals(c.name) && type == c.type
          && Double.compare(min, c.min) == 0 && Double.compare(max, c.max) == 0
          && categories.equals(c.categories);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, type, min, max, categories);
    }
  }

  private final String label;
  private final List<String> classes;
  private final List<Column> columns;
  private final int inputWidth;

  private FeatureSchema(String label, List<String> classes, List<Column> columns) {
    this.label = label;
    this.classes = List.copyOf(classes);
    this.columns = List.copyOf(columns);
    int w = 0;
    for (Column c : this.columns) {
      w += c.width();
    }
    this.inputWidth = w;
  }

  /**
   * A schema.
   *
   * @throws IllegalArgumentException if the label is empty or also a feature column, there are
   *     fewer than 2 classes or a class repeats, there is no column, or a column name repeats
   */
  public static FeatureSchema of(String label, List<String> classes, List<Column> columns) {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("features.label must name the label column. Provided"
          + " value: " + (label == null ? "nothing" : "empty"));
    }
    if (classes == null || classes.size() < 2) {
      throw new IllegalArgumentException("features.classes must list at least 2 classes."
          + " Provided value: " + (classes == null ? "nothing" : classes.size() + " classes"));
    }
    if (new HashSet<>(classes).size() != classes.size()) {
      throw new IllegalArgumentException("features.classes must be unique. Provided value: "
          + classes);
    }
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("features.columns must list at least one feature column");
    }
    Set<String> names = new HashSet<>();
    for (Column c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("features.columns names must be unique. Provided"
            + " value: '" + c.name() + "' twice");
      }
      if (c.name().equals(label)) {
        throw new IllegalArgumentException("the label column '" + label
            + "' must not also be a feature column");
      }
    }
    return new FeatureSchema(label, classes, columns);
  }

  public String label() {
    return label;
  }

  /** Class names; a label's index here is its class index. */
  public List<String> classes() {
    return classes;
  }

  public List<Column> columns() {
    return columns;
  }

  /** Number of model inputs the encoding produces. */
  public int inputWidth() {
    return inputWidth;
  }

  /** Number of classes (model outputs). */
  public int numClasses() {
    return classes.size();
  }

  // ------------------------------------------------------------------------------------------
  // Maps and JSON

  /** The schema as a map of plain values (strings, numbers, lists, maps), as in the run file. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("classes", classes);
    List<Object> cols = new ArrayList<>();
    for (Column c : columns) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("type", c.type().wireName());
      if (c.type() == ColumnType.NUMERIC) {
        cm.put("min", c.min());
        cm.put("max", c.max());
      } else {
        cm.put("categories", c.categories());
      }
      cols.add(cm);
    }
    m.put("columns", cols);
    return Collections.unmodifiableMap(m);
  }

  /**
   * Reads the map form (see the class comment). Values may be numbers or numeric strings for
   * min/max; class and category values are converted to strings.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static FeatureSchema fromMap(Map<String, ?> map) {
    if (map == null) {
      throw new IllegalArgumentException("features must be a map. Provided value: nothing");
    }
    for (String key : map.keySet()) {
      if (!Set.of("label", "classes", "columns").contains(key)) {
        throw new IllegalArgumentException("features." + key
            + " is not a known field; allowed: label, classes, columns");
      }
    }
    Object label = map.get("label");
    if (!(label instanceof String l)) {
      throw new IllegalArgumentException("features.label must be a column name. Provided value: "
          + describe(label));
    }
    List<String> classes = stringList("features.classes", map.get("classes"));
    Object cols = map.get("columns");
    if (!(cols instanceof List<?> colList)) {
      throw new IllegalArgumentException("features.columns must be a list. Provided value: "
          + describe(cols));
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < colList.size(); i++) {
      String at = "features.columns[" + i + "]";
      if (!(colList.get(i) instanceof Map<?, ?> cm)) {
        throw new IllegalArgumentException(at + " must be a map. Provided value: "
            + describe(colList.get(i)));
      }
      Object name = cm.get("name");
      if (!(name instanceof String n)) {
        throw new IllegalArgumentException(at + ".name must be a string. Provided value: "
            + describe(name));
      }
      Object type = cm.get("type");
      String t = type instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
      if ("numeric".equals(t)) {
        columns.add(Column.numeric(n, number(at + ".min", cm.get("min")),
            number(at + ".max", cm.get("max"))));
      } else if ("categorical".equals(t)) {
        columns.add(Column.categorical(n, stringList(at + ".categories", cm.get("categories"))));
      } else {
        throw new IllegalArgumentException(at + ".type must be numeric or categorical. Provided"
            + " value: " + describe(type));
      }
    }
    return of(l, classes, columns);
  }

  /** The schema as compact JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads JSON (the form {@link #toJson} writes).
   *
   * @throws IllegalArgumentException if the text is not JSON or not a valid schema
   */
  public static FeatureSchema fromJson(String json) {
    Map<String, Object> m;
    try {
      m = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("features must be a JSON object: "
          + e.getOriginalMessage());
    }
    return fromMap(m);
  }

  static List<String> stringList(String field, Object v) {
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(field + " must be a list. Provided value: "
          + describe(v));
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (o == null || o instanceof Map || o instanceof List) {
        throw new IllegalArgumentException(field + " must hold plain values. Provided value: "
            + describe(o));
      }
      out.add(o.toString());
    }
    return out;
  }

  static double number(String field, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(field + " must be a number. Provided value: "
        + describe(v));
  }

  static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return "a " + (v instanceof List ? "list" : v instanceof Map ? "map" : v.getClass().getSimpleName());
  }

  // ------------------------------------------------------------------------------------------
  // Inference

  /**
   * Infers a schema from a data set, for simulation and the demo. DATA-DERIVED: the result
   * reveals the data set's value ranges, category lists and classes; a real federation should
   * publish ranges from public knowledge instead.
   *
   * <p>A column is numeric when every non-missing cell parses as a number (min and max are the
   * observed ones), categorical otherwise, with its most frequent {@code maxCategories} values
   * (ties broken by name; the rest fall into "other"). Classes are the distinct label values,
   * sorted. All columns but the label are features. Cells are stripped of surrounding spaces.
   *
   * @throws IllegalArgumentException if the label column is absent, has fewer than 2 classes or
   *     missing cells, or {@code maxCategories < 1}
   */
  public static FeatureSchema infer(Table table, String label, int maxCategories) {
    if (maxCategories < 1) {
      throw new IllegalArgumentException("maxCategories must be >= 1. Provided value: "
          + maxCategories);
    }
    int labelIndex = table.columnIndex(label);
    TreeSet<String> classes = new TreeSet<>();
    for (int r = 0; r < table.rowCount(); r++) {
      String v = TableEncoder.clean(table.cell(r, labelIndex));
      if (v == null) {
        throw new IllegalArgumentException("label column '" + label + "' must have a value in"
            + " every row. Provided value: row " + (r + 1) + " is missing it");
      }
      classes.add(v);
    }
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < table.columns().size(); c++) {
      if (c == labelIndex) {
        continue;
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      boolean numeric = true;
      Map<String, Integer> counts = new HashMap<>();
      for (int r = 0; r < table.rowCount(); r++) {
        String v = TableEncoder.clean(table.cell(r, c));
        if (v == null) {
          continue;
        }
        counts.merge(v, 1, Integer::sum);
        if (numeric) {
          double d = TableEncoder.parseNumber(v);
          if (Double.isNaN(d)) {
            numeric = false;
          } else {
            min = Math.min(min, d);
            max = Math.max(max, d);
          }
        }
      }
      String name = table.columns().get(c);
      if (numeric && min <= max) {
        columns.add(Column.numeric(name, min, max));
      } else {
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort((a, b) -> a.getValue().equals(b.getValue())
            ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < Math.min(maxCategories, e.size()); i++) {
          cats.add(e.get(i).getKey());
        }
        Collections.sort(cats);
        columns.add(Column.categorical(name, cats));
      }
    }
    return of(label, new ArrayList<>(classes), columns);
  }

  /** {@link #infer(Table, String, int)} with {@link #DEFAULT_MAX_CATEGORIES}. */
  public static FeatureSchema infer(Table table, String label) {
    return infer(table, label, DEFAULT_MAX_CATEGORIES);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSchema s && label.equals(s.label) && classes.equals(s.classes)
        && columns.equals(s.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, classes, columns);
  }

  /** Label, class count, column count and input width; no category or class names. */
  @Override
  public String toString() {
    return "FeatureSchema[label=" + label + ", classes=" + classes.size() + ", columns="
        + columns.size() + ", inputWidth=" + inputWidth + "]";
  }
}
