package se.tillit.synth.report.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.tillit.synth.data.Table;

/**
 * Tables encoded for the report: every column is numeric ({@code double}, NaN = missing) or
 * categorical ({@code int} code into a dictionary shared by all tables of one report, -1 =
 * missing). Stored column-major.
 */
public final class Frame {
  private final Layout layout;
  private final double[][] num;
  private final int[][] cat;
  private final int rows;

  private Frame(Layout layout, double[][] num, int[][] cat, int rows) {
    this.layout = layout;
    this.num = num;
    this.cat = cat;
    this.rows = rows;
  }

  /**
   * The column kinds and category dictionaries shared by the tables of one report. Kinds come
   * from the real table (see {@link #infer}); dictionaries grow as tables are encoded.
   */
  public static final class Layout {
    private final List<String> names;
    private final boolean[] numeric;
    private final List<Map<String, Integer>> codes = new ArrayList<>();
    private final List<List<String>> labels = new ArrayList<>();

    private Layout(List<String> names, boolean[] numeric) {
      this.names = List.copyOf(names);
      this.numeric = numeric.clone();
      for (int j = 0; j < names.size(); j++) {
        codes.add(new HashMap<>());
        labels.add(new ArrayList<>());
      }
    }

    /**
     * Infers each column's kind from {@code real}: numeric when it has at least one value and
     * every value parses as a finite number, categorical otherwise.
     *
     * <p>Simple internal type inference, to be replaced by se.tillit.synth.io.Csv / schema
     * inference once merged.
     */
    public static Layout infer(Table real) {
      boolean[] numeric = new boolean[real.columnCount()];
      for (int j = 0; j < numeric.length; j++) {
        boolean any = false;
        boolean allNumbers = true;
        for (int r = 0; r < real.rowCount() && allNumbers; r++) {
          String v = real.get(r, j);
          if (v != null) {
            any = true;
            allNumbers = !Double.isNaN(parse(v));
          }
        }
        numeric[j] = any && allNumbers;
      }
      return new Layout(real.columns(), numeric);
    }

    /** A layout with the kinds given (for tests). */
    public static Layout of(List<String> names, boolean[] numeric) {
      return new Layout(names, numeric);
    }

    public List<String> names() {
      return names;
    }

    public int columnCount() {
      return names.size();
    }

    public boolean isNumeric(int column) {
      return numeric[column];
    }

    /** Number of categories seen so far in a categorical column. */
    public int categoryCount(int column) {
      return labels.get(column).size();
    }

    public String label(int column, int code) {
      return labels.get(column).get(code);
    }

    int code(int column, String value) {
      Map<String, Integer> m = codes.get(column);
      Integer c = m.get(value);
      if (c == null) {
        c = m.size();
        m.put(value, c);
        labels.get(column).add(value);
      }
      return c;
    }

    /** Encodes {@code table}, whose columns must be this layout's, in this order. */
    public Frame encode(Table table) {
      if (!table.columns().equals(names)) {
        throw new IllegalArgumentException(
            "table columns must be " + names + ". Provided value: " + table.columns());
      }
      int n = table.rowCount();
      double[][] num = new double[names.size()][];
      int[][] cat = new int[names.size()][];
      for (int j = 0; j < names.size(); j++) {
        if (numeric[j]) {
          double[] col = new double[n];
          for (int r = 0; r < n; r++) {
            String v = table.get(r, j);
            col[r] = v == null ? Double.NaN : parse(v);
          }
          num[j] = col;
        } else {
          int[] col = new int[n];
          for (int r = 0; r < n; r++) {
            String v = table.get(r, j);
            col[r] = v == null ? -1 : code(j, v);
          }
          cat[j] = col;
        }
      }
      return new Frame(this, num, cat, n);
    }
  }

  /** A finite number, or NaN when {@code v} is not one. */
  static double parse(String v) {
    try {
      double d = Double.parseDouble(v.strip());
      return Double.isFinite(d) ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public Layout layout() {
    return layout;
  }

  public int rowCount() {
    return rows;
  }

  public int columnCount() {
    return layout.columnCount();
  }

  public boolean isNumeric(int column) {
    return layout.isNumeric(column);
  }

  /** The numeric column (NaN = missing); do not modify. */
  public double[] num(int column) {
    if (num[column] == null) {
      throw new IllegalStateException("column " + column + " is categorical");
    }
    return num[column];
  }

  /** The categorical column (-1 = missing); do not modify. */
  public int[] cat(int column) {
    if (cat[column] == null) {
      throw new IllegalStateException("column " + column + " is numeric");
    }
    return cat[column];
  }

  /** The rows with the given indices, in that order. */
  public Frame select(int[] rowIndices) {
    double[][] n2 = new double[num.length][];
    int[][] c2 = new int[cat.length][];
    for (int j = 0; j < num.length; j++) {
      if (num[j] != null) {
        double[] src = num[j];
        double[] dst = new double[rowIndices.length];
        for (int i = 0; i < dst.length; i++) {
          dst[i] = src[rowIndices[i]];
        }
        n2[j] = dst;
      } else {
        int[] src = cat[j];
        int[] dst = new int[rowIndices.length];
        for (int i = 0; i < dst.length; i++) {
          dst[i] = src[rowIndices[i]];
        }
        c2[j] = dst;
      }
    }
    return new Frame(layout, n2, c2, rowIndices.length);
  }

  @Override
  public String toString() {
    return "Frame[" + rows + " rows x " + layout.columnCount() + " columns]";
  }
}
