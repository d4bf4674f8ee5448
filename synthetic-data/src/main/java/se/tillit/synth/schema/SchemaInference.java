package se.tillit.synth.schema;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Bins for the marginal-based (DP) synthesizers, written as explicit edges (see {@link
 * ColumnSchema}) so that a reviewer sees every cut:
 *
 * <ul>
 *   <li>INTEGER and DATE columns whose range [min, max] holds at most {@link
 *       Builder#maxExactValues(int)} values (default 32) get one bin per value, so they decode
 *       exactly. (On Adult, MST at epsilon 1 kept 2-way marginals better with age and hours per
 *       week in at most 32 bins than with one bin per value: mean 2-way TVD about 0.05 against
 *       0.058, because every bin gets the same noise.)
 *   <li>NUMERIC columns with at most ({@link Builder#bins(int)} + 1) / 2 distinct values get a
 *       singleton bin per value (and a bin for each gap between them).
 *   <li>Other columns: every value that holds at least {@link Builder#heavyShare(double)} of the
 *       present values (default 2%; at most (bins - 1) / 3 of them, the largest first) gets its
 *       own bin, so point masses such as 0 in a capital-gain column or 40 in hours per week
 *       survive synthesis; the other values are cut at their quantiles, rounded to 3 significant
 *       digits (dates: not rounded), so each remaining bin holds about as many rows, and at most
 *       {@link Builder#bins(int)} bins (default 32) in all. Quantile bins (rather than equal width)
 *       keep the bins populated for skewed columns such as incomes, which matters because the DP
 *       synthesizers add the same noise to every bin, and the number of bins stays moderate
 *       because MST/AIM cost grows with the product of domain sizes.
 * </ul>
 *
 * <p>PRIVACY: everything inferred here (bounds, categories, even types) is read from the data. It
 * is fine for the non-DP methods; a DP method must treat only a schema file as public (see
 * {@code se.tillit.synth.encode.DpMarginalAdapter}). The quantile edges and heavy values describe
 * the data as much as min and max do: a person reviews the written schema ({@code tillit synth
 * schema}), replaces what is not public knowledge, and only then is it treated as public.
 */
public final class SchemaInference {
  /** Default most bins of a column that is not binned one bin per value. */
  public static final int DEFAULT_BINS = 32;
  /** Default most values of an integer or date range that gets one bin per value. */
  public static final int DEFAULT_MAX_EXACT_VALUES = 32;
  /** Default least share of the present values that gives a value its own bin. */
  public static final double DEFAULT_HEAVY_SHARE = 0.02;

  private final int maxCategories;
  private final int bins;
  private final int maxExactValues;
  private final double heavyShare;

  private SchemaInference(Builder b) {
    this.maxCategories = b.maxCategories;
    this.bins = b.bins;
    this.maxExactValues = b.maxExactValues;
    this.heavyShare = b.heavyShare;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Inference with the defaults (see {@link Builder}). */
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
    if (allInt || allNum || allDate) {
      ColumnType type = allInt ? ColumnType.INTEGER
          : allNum ? ColumnType.NUMERIC : ColumnType.DATE;
      return numericColumn(name, type, presentValues(table, c, type, present), nullable);
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

  private static double[] presentValues(Table table, int c, ColumnType type, int present) {
    double[] v = new double[present];
    int k = 0;
    for (int r = 0; r < table.rowCount(); r++) {
      String cell = table.get(r, c);
      if (cell != null) {
        v[k++] = type == ColumnType.DATE ? Values.epochDay(cell) : Double.parseDouble(cell);
      }
    }
    Arrays.sort(v);
    return v;
  }

  /** Edges of a numeric, integer or date column from its sorted present values; see the class. */
  private ColumnSchema numericColumn(String name, ColumnType type, double[] sorted,
      boolean nullable) {
    boolean whole = type != ColumnType.NUMERIC;
    double min = sorted[0];
    double max = sorted[sorted.length - 1];
    if (whole && max - min + 1 <= maxExactValues) {
      // one bin per whole number: [v, v+1) for v < max and the singleton {max}
      List<Double> edges = new ArrayList<>();
      for (double v = min; v <= max; v++) {
        edges.add(v);
      }
      edges.add(max);
      return ColumnSchema.withEdges(name, type, edges, nullable);
    }
    // distinct values and their counts
    List<Double> values = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (double v : sorted) {
      if (!values.isEmpty() && values.get(values.size() - 1) == v) {
        counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
      } else {
        values.add(v);
        counts.add(1);
      }
    }
    if (!whole && 2 * values.size() - 1 <= bins) {
      // few distinct numbers: each its own singleton, with the gaps between them as bins
      List<Double> edges = new ArrayList<>();
      for (double v : values) {
        edges.add(v);
        edges.add(v);
      }
      return ColumnSchema.withEdges(name, type, edges, nullable);
    }
    // heavy values, largest share first, at most (bins - 1) / 3 so that bins are left for the rest
    int maxHeavy = Math.max(0, (bins - 1) / 3);
    Integer[] order = new Integer[values.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(counts.get(b), counts.get(a)));
    TreeSet<Double> heavy = new TreeSet<>();
    for (int i = 0; i < order.length && heavy.size() < maxHeavy; i++) {
      if (counts.get(order[i]) >= heavyShare * sorted.length) {
        heavy.add(values.get(order[i]));
      }
    }
    // quantile cuts of the other values, rounded to 3 significant digits
    double[] rest = Arrays.stream(sorted).filter(v -> !heavy.contains(v)).toArray();
    int q = Math.max(1, bins - 2 * heavy.size());
    TreeSet<Double> cuts = new TreeSet<>();
    cuts.add(min);
    cuts.add(max);
    for (int i = 1; i < q && rest.length > 0; i++) {
      double cut = rest[(int) Math.floor((double) i / q * (rest.length - 1))];
      cut = type == ColumnType.DATE ? cut : round3(cut, whole);
      if (cut > min && cut < max) {
        cuts.add(cut);
      }
    }
    List<Double> edges = new ArrayList<>();
    if (whole) {
      // a heavy integer v is the bin [v, v+1); the largest value needs the singleton {max}
      for (double v : heavy) {
        cuts.add(v);
        if (v < max) {
          cuts.add(v + 1);
        }
      }
      edges.addAll(cuts);
      if (heavy.contains(max)) {
        edges.add(max);
      }
    } else {
      for (double v : cuts) {
        edges.add(v);
        if (heavy.contains(v)) {
          edges.add(v);
        }
      }
      for (double v : heavy) {
        if (!cuts.contains(v)) {
          int at = 0;
          while (edges.get(at) < v) {
            at++;
          }
          edges.add(at, v);
          edges.add(at, v);
        }
      }
    }
    return ColumnSchema.withEdges(name, type, edges, nullable);
  }

  /** {@code v} rounded to 3 significant digits (whole numbers stay whole). */
  private static double round3(double v, boolean whole) {
    if (v == 0) {
      return 0;
    }
    double r = new BigDecimal(v).round(new MathContext(3)).doubleValue();
    return whole ? Math.rint(r) : r;
  }

  /**
   * Builder with defaults: at most 100 categories; integer and date columns whose range holds at
   * most 32 values get one bin per value; other numeric columns at most 32 bins, of which every
   * value holding at least 2% of the rows gets its own.
   */
  public static final class Builder {
    private int maxCategories = 100;
    private int bins = DEFAULT_BINS;
    private int maxExactValues = DEFAULT_MAX_EXACT_VALUES;
    private double heavyShare = DEFAULT_HEAVY_SHARE;

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

    /**
     * Most bins of a numeric column, and of an integer or date column whose range holds more than
     * {@link #maxExactValues(int)} values (singleton bins of heavy values included).
     */
    public Builder bins(int bins) {
      if (bins < 1 || bins > 10_000) {
        throw new IllegalArgumentException(
            "bins must be >= 1 and <= 10000. Provided value: " + bins);
      }
      this.bins = bins;
      return this;
    }

    /**
     * Most values in the range [min, max] of an integer or date column for it to get one bin per
     * value (decoded exactly). The MST/AIM cost grows with the number of bins.
     */
    public Builder maxExactValues(int maxExactValues) {
      if (maxExactValues < 1 || maxExactValues > 10_000) {
        throw new IllegalArgumentException(
            "maxExactValues must be >= 1 and <= 10000. Provided value: " + maxExactValues);
      }
      this.maxExactValues = maxExactValues;
      return this;
    }

    /**
     * Least share of a column's present values that one value must hold to get its own bin (such
     * as 0 in a mostly-zero amount); above 1 turns singleton bins off.
     */
    public Builder heavyShare(double heavyShare) {
      if (!(heavyShare > 0) || Double.isInfinite(heavyShare)) {
        throw new IllegalArgumentException(
            "heavyShare must be > 0 and finite. Provided value: " + heavyShare);
      }
      this.heavyShare = heavyShare;
      return this;
    }

    public SchemaInference build() {
      return new SchemaInference(this);
    }
  }
}
