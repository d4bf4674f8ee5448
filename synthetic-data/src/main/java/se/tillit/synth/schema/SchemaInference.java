package se.tillit.synth.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.internal.Values;

/**
 * Guesses a {@link Schema} from a table: a column whose present values are all whole numbers is
 * INTEGER, all numbers NUMERIC, all ISO dates (yyyy-MM-dd) DATE; any other column is CATEGORICAL
 * if it has at most {@link Builder#maxCategories(int)} distinct values (categories sorted), and an
 * error otherwise (free text or identifiers should not be synthesized). A column with a missing
 * value is nullable. A column with only missing values is an error unless a schema file declares
 * it.
 *
 * <p>PRIVACY: everything inferred here (bounds, categories, even types) is read from the data. It
 * is fine for the non-DP methods; a DP method must treat only a schema file as public (see
 * {@code se.tillit.synth.encode.DpMarginalAdapter}).
 */
public final class SchemaInference {
  private final int maxCategories;
  private final int bins;

  private SchemaInference(Builder b) {
    this.maxCategories = b.maxCategories;
    this.bins = b.bins;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Inference with the defaults (at most 100 categories, 32 bins). */
  public static SchemaInference defaults() {
    return builder().build();
  }

  /** Infers every column of {@code table}. */
  public Schema infer(Table table) {
    return infer(table, null);
  }

  /**
   * Infers the columns of {@code table} that {@code overrides} does not declare; declared columns
   * are taken from {@code overrides} as given. Columns come in the table's order.
   *
   * @throws IllegalArgumentException if {@code overrides} names a column the table lacks (the
   *     message lists the table's columns), or a column has only missing values and is not declared
   */
  public Schema infer(Table table, Schema overrides) {
    if (overrides != null) {
      checkColumnsExist(overrides, table);
    }
    List<ColumnSchema> out = new ArrayList<>();
    for (int c = 0; c < table.columnCount(); c++) {
      String name = table.columns().get(c);
      ColumnSchema given = null;
      if (overrides != null) {
        for (ColumnSchema s : overrides.columns()) {
          if (s.name().equals(name)) {
            given = s;
          }
        }
      }
      out.add(given != null ? given : inferColumn(table, c));
    }
    return new Schema(out);
  }

  /** Throws if {@code schema} names a column that {@code table} does not have. */
  public static void checkColumnsExist(Schema schema, Table table) {
    List<String> unknown = new ArrayList<>();
    for (ColumnSchema s : schema.columns()) {
      if (!table.hasColumn(s.name())) {
        unknown.add(s.name());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "the schema names column(s) " + unknown + " that the table does not have; the table's"
              + " columns are " + table.columns());
    }
  }

  private ColumnSchema inferColumn(Table table, int c) {
    String name = table.columns().get(c);
    boolean nullable = false;
    boolean allInt = true;
    boolean allNum = true;
    boolean allDate = true;
    int present = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    TreeSet<String> distinct = new TreeSet<>();
    boolean tooMany = false;
    for (int r = 0; r < table.rowCount(); r++) {
      String v = table.get(r, c);
      if (v == null) {
        nullable = true;
        continue;
      }
      present++;
      if (allInt && !Values.isInteger(v)) {
        allInt = false;
      }
      if (allNum && !Values.isNumber(v)) {
        allNum = false;
      }
      if (allDate && !Values.isDate(v)) {
        allDate = false;
      }
      if (allNum) {
        double d = Double.parseDouble(v);
        min = Math.min(min, d);
        max = Math.max(max, d);
      } else if (allDate) {
        double d = Values.epochDay(v);
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      if (!tooMany) {
        distinct.add(v);
        if (distinct.size() > maxCategories) {
          tooMany = true;
        }
      }
    }
    if (present == 0) {
      throw new IllegalArgumentException(
          "column '" + name + "' has only missing values, so its type cannot be inferred; drop"
              + " the column or declare its type and domain in a schema file");
    }
    if (allInt) {
      int b = (int) Math.min(bins, (long) (max - min) + 1);
      return new ColumnSchema(name, ColumnType.INTEGER, List.of(), min, max, b, nullable);
    }
    if (allNum) {
      return new ColumnSchema(name, ColumnType.NUMERIC, List.of(), min, max, bins, nullable);
    }
    if (allDate) {
      int b = (int) Math.min(bins, (long) (max - min) + 1);
      return new ColumnSchema(name, ColumnType.DATE, List.of(), min, max, b, nullable);
    }
    if (tooMany) {
      throw new IllegalArgumentException(
          "column '" + name + "' is not numeric and has more than " + maxCategories
              + " distinct values (free text or an identifier?); drop it, or declare it in a"
              + " schema file");
    }
    return new ColumnSchema(
        name, ColumnType.CATEGORICAL, List.copyOf(distinct), null, null, null, nullable);
  }

  /** Builder with defaults: at most 100 categories, 32 bins. */
  public static final class Builder {
    private int maxCategories = 100;
    private int bins = 32;

    private Builder() {}

    /** Most distinct values a non-numeric column may have to be inferred as categorical. */
    public Builder maxCategories(int maxCategories) {
      if (maxCategories < 1) {
        throw new IllegalArgumentException(
            "maxCategories must be >= 1. Provided value: " + maxCategories);
      }
      this.maxCategories = maxCategories;
      return this;
    }

    /** Bins of numeric and date columns (integers get fewer if their range is smaller). */
    public Builder bins(int bins) {
      if (bins < 1 || bins > 10_000) {
        throw new IllegalArgumentException(
            "bins must be >= 1 and <= 10000. Provided value: " + bins);
      }
      this.bins = bins;
      return this;
    }

    public SchemaInference build() {
      return new SchemaInference(this);
    }
  }
}
