package se.tillit.synth.encode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.data.Table;
import se.tillit.synth.internal.Cells;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;

/**
 * Maps a table to integer codes over the schema's public domain, and codes back to values.
 *
 * <ul>
 *   <li>CATEGORICAL: code = index in the schema's categories.
 *   <li>NUMERIC: {@code bins} equal-width bins over [min, max]; a value outside is clamped into
 *       the first or last bin. Decoding draws uniformly within the bin.
 *   <li>INTEGER and DATE (epoch days): equal-width bins over [min, max + 1), so with {@code bins =
 *       max - min + 1} each bin is one value; decoding draws uniformly among the whole numbers of
 *       the bin.
 *   <li>Explicit edges ({@link ColumnSchema#edges()}, any numeric type): code i is bin [e_i,
 *       e_(i+1)) (the last bin closed, the bin after a singleton open below); a singleton bin [v,
 *       v] encodes exactly v and decodes to exactly v; a value outside [e_0, e_k] is clamped into
 *       the first or last bin. Decoding draws an INTEGER or DATE uniformly among the whole numbers
 *       of the bin and a NUMERIC uniformly over the interval, never outside the bin.
 *   <li>Missing: if the column is nullable, the last code ({@code domainSize - 1}) means missing.
 * </ul>
 *
 * <p>Encoding reads only the schema's domain, never bounds from the data, so it spends no privacy.
 */
public final class Discretizer {
  private final Schema schema;
  private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();

  public Discretizer(Schema schema) {
    this.schema = schema;
    for (ColumnSchema c : schema.columns()) {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < c.categories().size(); i++) {
        m.put(c.categories().get(i), i);
      }
      categoryIndex.add(m);
    }
  }

  public Schema schema() {
    return schema;
  }

  /** Codes of {@code table}'s columns named in the schema (schema order; extra columns ignored). */
  public EncodedData encode(Table table) {
    int n = table.rowCount();
    List<ColumnSchema> cols = schema.columns();
    int[][] codes = new int[cols.size()][n];
    for (int j = 0; j < cols.size(); j++) {
      ColumnSchema c = cols.get(j);
      int t = table.columnIndex(c.name());
      for (int r = 0; r < n; r++) {
        codes[j][r] = code(j, table.get(r, t), r + 1);
      }
    }
    return new EncodedData(schema.names(), schema.domainSizes(), codes);
  }

  /** The code of one cell of schema column {@code j} ({@code row} 1-based, for messages). */
  public int code(int j, String cell, int row) {
    ColumnSchema c = schema.columns().get(j);
    if (cell == null) {
      if (!c.nullable()) {
        throw Cells.missing(c, row);
      }
      return c.domainSize() - 1;
    }
    if (c.type() == ColumnType.CATEGORICAL) {
      return Cells.category(c, categoryIndex.get(j), cell, row);
    }
    return bin(c, Cells.number(c, cell, row));
  }

  static int bin(ColumnSchema c, double v) {
    if (c.hasEdges()) {
      return edgeBin(c.edges(), v);
    }
    double lo = c.min();
    double hi = c.type() == ColumnType.NUMERIC ? c.max() : c.max() + 1;
    int bins = c.bins();
    if (hi <= lo) {
      return 0;
    }
    int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
    return Math.max(0, Math.min(bins - 1, b));
  }

  /** The bin of {@code v} among explicit {@code edges}; see the class comment. */
  static int edgeBin(List<Double> edges, double v) {
    int k = edges.size() - 1;
    if (v <= edges.get(0)) {
      // clamped below, or the first edge (a singleton there is bin 0 as well)
      return 0;
    }
    if (v >= edges.get(k)) {
      return k - 1;
    }
    // i = index of the last edge <= v (binary search; 0 <= i < k here)
    int lo = 0;
    int hi = k;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (edges.get(mid) <= v) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    int i = lo;
    if (i > 0 && edges.get(i) == v && edges.get(i - 1) == v) {
      return i - 1; // the singleton [v, v]
    }
    return i;
  }

  /** Values for codes; numeric values drawn uniformly within their bin using {@code random}. */
  public Table decode(EncodedData data, SecureRandom random) {
    List<ColumnSchema> cols = schema.columns();
    if (!data.names().equals(schema.names())) {
      throw new IllegalArgumentException(
          "encoded columns must be " + schema.names() + ". Provided value: " + data.names());
    }
    int n = data.rowCount();
    int[][] codes = data.codes();
    List<String[]> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      String[] row = new String[cols.size()];
      for (int j = 0; j < cols.size(); j++) {
        row[j] = value(j, codes[j][r], random);
      }
      rows.add(row);
    }
    return Table.of(schema.names(), rows);
  }

  /** The value of code {@code code} in schema column {@code j}; null for the missing code. */
  public String value(int j, int code, SecureRandom random) {
    ColumnSchema c = schema.columns().get(j);
    if (code < 0 || code >= c.domainSize()) {
      throw new IllegalArgumentException(
          "code of column '" + c.name() + "' must be >= 0 and < " + c.domainSize()
              + ". Provided value: " + code);
    }
    if (c.nullable() && code == c.domainSize() - 1) {
      return null;
    }
    if (c.type() == ColumnType.CATEGORICAL) {
      return c.categories().get(code);
    }
    if (c.hasEdges()) {
      return edgeText(c, code, random);
    }
    double lo = c.min();
    boolean discrete = c.type() != ColumnType.NUMERIC;
    double hi = discrete ? c.max() + 1 : c.max();
    double w = (hi - lo) / c.bins();
    double v;
    if (discrete) {
      // the whole numbers k with bin(k) == code, drawn uniformly
      double first = Math.ceil(lo + code * w - 1e-9);
      double last = Math.ceil(lo + (code + 1) * w - 1e-9) - 1;
      if (last < first) {
        v = Math.floor(lo + (code + 0.5) * w);
      } else {
        v = first + Math.floor(random.nextDouble() * (last - first + 1));
      }
      v = Math.max(c.min(), Math.min(c.max(), v));
    } else {
      v = lo + (code + random.nextDouble()) * w;
      v = Math.max(c.min(), Math.min(c.max(), v));
    }
    return Cells.format(c.type(), v);
  }

  /**
   * Text of a value drawn within bin {@code code} of a column with explicit edges. Numbers are
   * written with at most 6 significant digits where that stays in the bin (so that the text
   * encodes to the same code), and exactly otherwise (e.g. a singleton's value).
   */
  private static String edgeText(ColumnSchema c, int code, SecureRandom random) {
    if (c.type() != ColumnType.NUMERIC) {
      return Cells.format(c.type(), edgeValue(c, code, random));
    }
    double v = edgeValue(c, code, random);
    String text = Cells.format(c.type(), v);
    if (Double.parseDouble(text) == v || edgeBin(c.edges(), Double.parseDouble(text)) == code
        && !c.isSingleton(code)) {
      return text;
    }
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** A value drawn uniformly within bin {@code code} of a column with explicit edges. */
  private static double edgeValue(ColumnSchema c, int code, SecureRandom random) {
    double lo = c.edges().get(code);
    double hi = c.edges().get(code + 1);
    if (lo == hi) {
      return lo; // singleton
    }
    if (c.type() != ColumnType.NUMERIC) {
      long first = c.firstWholeNumber(code);
      long last = c.lastWholeNumber(code);
      return first + (long) Math.floor(random.nextDouble() * (last - first + 1));
    }
    boolean openBelow = code > 0 && c.edges().get(code - 1) == lo;
    boolean closedAbove = code + 2 == c.edges().size();
    // uniform over the interval; redraw the rare double that falls on an excluded edge
    for (int attempt = 0; attempt < 64; attempt++) {
      double v = lo + random.nextDouble() * (hi - lo);
      if (v > hi || v == hi && !closedAbove || v < lo || v == lo && openBelow) {
        continue;
      }
      return v;
    }
    return lo + (hi - lo) / 2;
  }
}
