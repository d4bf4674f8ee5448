package se.tillit.fl.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes table rows exactly as a {@link FeatureSchema} says (see there), so that every client
 * produces the same inputs from the schema alone. Cells are stripped of surrounding spaces; a cell
 * that is null, empty, {@code ?}, {@code NA}, {@code N/A} or {@code null} is missing.
 *
 * <p>Errors ({@link IllegalArgumentException}) name the row (1-based, data rows) and the column,
 * never the cell: a column of the schema absent from the table, a numeric cell that is not a
 * number, a label that is missing or not one of the schema's classes. Thread-safe.
 */
public final class TableEncoder {
  private static final Set<String> MISSING = Set.of("", "?", "NA", "N/A", "na", "n/a", "null",
      "NULL", "NaN", "nan");

  private final FeatureSchema schema;
  private final List<Map<String, Integer>> categoryIndex;
  private final Map<String, Integer> classIndex = new HashMap<>();

  private TableEncoder(FeatureSchema schema) {
    this.schema = schema;
    this.categoryIndex = new java.util.ArrayList<>();
    for (FeatureSchema.Column c : schema.columns()) {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < c.categories().size(); i++) {
        m.put(c.categories().get(i), i);
      }
      categoryIndex.add(m);
    }
    for (int i = 0; i < schema.classes().size(); i++) {
      classIndex.put(schema.classes().get(i), i);
    }
  }

  public static TableEncoder forSchema(FeatureSchema schema) {
    return new TableEncoder(java.util.Objects.requireNonNull(schema, "schema"));
  }

  public FeatureSchema schema() {
    return schema;
  }

  /**
   * Encodes every row, features and label.
   *
   * @throws IllegalArgumentException see the class comment
   */
  public EncodedData encode(Table table) {
    int n = table.rowCount();
    int w = schema.inputWidth();
    int[] columnAt = new int[schema.columns().size()];
    for (int c = 0; c < columnAt.length; c++) {
      String name = schema.columns().get(c).name();
      if (!table.hasColumn(name)) {
        throw new IllegalArgumentException("the data must have the schema's column '" + name
            + "'. Provided value: columns " + table.columns());
      }
      columnAt[c] = table.columnIndex(name);
    }
    if (!table.hasColumn(schema.label())) {
      throw new IllegalArgumentException("the data must have the label column '"
          + schema.label() + "'. Provided value: columns " + table.columns());
    }
    int labelAt = table.columnIndex(schema.label());
    float[] features = new float[n * w];
    int[] labels = new int[n];
    for (int r = 0; r < n; r++) {
      encodeFeatures(table, r, columnAt, features, r * w);
      String v = clean(table.cell(r, labelAt));
      if (v == null) {
        throw new IllegalArgumentException("row " + (r + 1) + ": the label column '"
            + schema.label() + "' is missing");
      }
      Integer k = classIndex.get(v);
      if (k == null) {
        throw new IllegalArgumentException("row " + (r + 1) + ": the label in column '"
            + schema.label() + "' must be one of the schema's " + schema.numClasses()
            + " classes. Provided value: an unknown label");
      }
      labels[r] = k;
    }
    return new EncodedData(features, labels, w, schema.numClasses());
  }

  private void encodeFeatures(Table table, int r, int[] columnAt, float[] out, int offset) {
    int o = offset;
    for (int c = 0; c < columnAt.length; c++) {
      FeatureSchema.Column col = schema.columns().get(c);
      String v = clean(table.cell(r, columnAt[c]));
      if (col.type() == FeatureSchema.ColumnType.NUMERIC) {
        if (v == null) {
          out[o] = 0f;
          out[o + 1] = 1f;
        } else {
          double d = parseNumber(v);
          if (Double.isNaN(d)) {
            throw new IllegalArgumentException("row " + (r + 1) + ": column '" + col.name()
                + "' must be numeric. Provided value: a cell that is not a number");
          }
          double span = col.max() - col.min();
          double s = span > 0 ? (d - col.min()) / span : 0.0;
          out[o] = (float) Math.min(1.0, Math.max(0.0, s));
          out[o + 1] = 0f;
        }
        o += 2;
      } else {
        Integer k = v == null ? null : categoryIndex.get(c).get(v);
        out[o + (k == null ? col.categories().size() : k)] = 1f;
        o += col.width();
      }
    }
  }

  /** The cell stripped, or null if it is missing. */
  static String clean(String cell) {
    if (cell == null) {
      return null;
    }
    String s = cell.strip();
    return MISSING.contains(s) ? null : s;
  }

  /** The number in a cell, or NaN if it is not one (also for infinities). */
  static double parseNumber(String s) {
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
