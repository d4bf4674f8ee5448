package se.tillit.synth.schema;

import java.util.ArrayList;
import java.util.List;
import se.tillit.synth.data.ColumnType;

/**
 * One column of a {@link Schema}. The domain is public knowledge (given or approved by the data
 * owner), so the DP synthesizers can discretise without spending privacy on data-dependent bounds.
 *
 * <p>A NUMERIC, INTEGER or DATE column is cut into bins in one of two ways:
 *
 * <ul>
 *   <li>equal width: {@code bins} equal-width bins over [min, max] ({@code edges} empty);
 *   <li>explicit {@code edges} e0 <= e1 <= ... <= ek (k = {@code bins}): bin i is [e_i, e_(i+1)),
 *       the last bin is closed [e_(k-1), e_k], and a repeated edge e_i == e_(i+1) is a
 *       <em>singleton</em> bin [v, v] that holds exactly v (the bin after it then excludes v).
 *       For example {@code [0, 0, 1000, 5000]} gives the bins {0}, (0, 1000), [1000, 5000]; an
 *       integer column with one bin per value 1..5 is {@code [1, 2, 3, 4, 5, 5]}. {@code min} and
 *       {@code max} are the first and last edge. INTEGER and DATE edges are whole numbers (epoch
 *       days for DATE) and every bin must hold at least one whole number.
 * </ul>
 *
 * @param name column name as in the CSV header
 * @param type how values are understood
 * @param categories CATEGORICAL: the allowed labels in a fixed order; empty for other types
 * @param min NUMERIC/INTEGER: lower bound; DATE: epoch day; null for CATEGORICAL
 * @param max NUMERIC/INTEGER: upper bound; DATE: epoch day; null for CATEGORICAL
 * @param bins NUMERIC/INTEGER/DATE: number of bins used by the marginal-based (DP) synthesizers
 *     (with edges: the number of edges minus one); null for CATEGORICAL
 * @param nullable whether missing values occur (a missing value gets its own code)
 * @param edges NUMERIC/INTEGER/DATE: explicit bin edges as described above, or empty for equal
 *     width bins; always empty for CATEGORICAL
 */
public record ColumnSchema(
    String name,
    ColumnType type,
    List<String> categories,
    Double min,
    Double max,
    Integer bins,
    boolean nullable,
    List<Double> edges) {
  /** Most repetitions of one edge value: twice (a singleton bin). */
  private static final int MAX_REPEAT = 2;

  public ColumnSchema {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("column name must be non-empty. Provided value: " + name);
    }
    if (type == null) {
      throw new IllegalArgumentException(
          "type of column '" + name + "' must be one of NUMERIC, INTEGER, CATEGORICAL, DATE."
              + " Provided value: null");
    }
    categories = categories == null ? List.of() : List.copyOf(categories);
    edges = edges == null ? List.of() : List.copyOf(edges);
    if (type == ColumnType.CATEGORICAL) {
      if (categories.isEmpty()) {
        throw new IllegalArgumentException(
            "categorical column '" + name + "' must list at least one category. Provided value: []");
      }
      if (!edges.isEmpty()) {
        throw new IllegalArgumentException(
            "categorical column '" + name + "' must not have bin edges. Provided value: "
                + edges.size() + " edges");
      }
    } else {
      if (!edges.isEmpty()) {
        checkEdges(name, type, edges);
        double first = edges.get(0);
        double last = edges.get(edges.size() - 1);
        int k = edges.size() - 1;
        if (min != null && min != first || max != null && max != last
            || bins != null && bins != k) {
          throw new IllegalArgumentException(
              "column '" + name + "' with edges must have min = first edge, max = last edge and"
                  + " bins = edges - 1 (or leave them out). Provided value: min=" + min + ", max="
                  + max + ", bins=" + bins + "; edges from " + first + " to " + last + ", " + k
                  + " bins");
        }
        min = first;
        max = last;
        bins = k;
      }
      if (min == null || max == null || Double.isNaN(min) || Double.isNaN(max) || min > max
          || Double.isInfinite(min) || Double.isInfinite(max)) {
        throw new IllegalArgumentException(
            "column '" + name + "' must have finite min <= max. Provided value: min=" + min
                + ", max=" + max);
      }
      if (bins == null || bins < 1) {
        throw new IllegalArgumentException(
            "column '" + name + "' must have bins >= 1. Provided value: " + bins);
      }
    }
  }

  /** A column with equal-width bins (or a categorical column); no explicit edges. */
  public ColumnSchema(String name, ColumnType type, List<String> categories, Double min,
      Double max, Integer bins, boolean nullable) {
    this(name, type, categories, min, max, bins, nullable, List.of());
  }

  /**
   * A NUMERIC, INTEGER or DATE column binned by explicit {@code edges} (see the class comment).
   *
   * @throws IllegalArgumentException if the edges are fewer than 2, not finite, not sorted, repeat
   *     a value more than twice, or (INTEGER, DATE) are not whole numbers or leave a bin without a
   *     whole number
   */
  public static ColumnSchema withEdges(String name, ColumnType type, List<Double> edges,
      boolean nullable) {
    if (edges == null || edges.isEmpty()) {
      throw new IllegalArgumentException(
          "edges of column '" + name + "' must hold at least 2 values. Provided value: "
              + (edges == null ? "null" : "[]"));
    }
    return new ColumnSchema(name, type, List.of(), null, null, null, nullable, edges);
  }

  /** Number of codes in the integer-coded domain, including one for "missing" if nullable. */
  public int domainSize() {
    int base = type == ColumnType.CATEGORICAL ? categories.size() : bins;
    return nullable ? base + 1 : base;
  }

  /** Whether the bins are given by explicit {@link #edges()} (not equal width). */
  public boolean hasEdges() {
    return !edges.isEmpty();
  }

  /** Whether bin {@code bin} is a singleton [v, v] (explicit edges only). */
  public boolean isSingleton(int bin) {
    return hasEdges() && edges.get(bin).equals(edges.get(bin + 1));
  }

  private static void checkEdges(String name, ColumnType type, List<Double> edges) {
    String where = "edges of column '" + name + "'";
    if (edges.size() < 2) {
      throw new IllegalArgumentException(
          where + " must hold at least 2 values. Provided value: " + edges.size() + " value(s)");
    }
    boolean whole = type != ColumnType.NUMERIC;
    int repeat = 1;
    for (int i = 0; i < edges.size(); i++) {
      Double e = edges.get(i);
      if (e == null || e.isNaN() || e.isInfinite()) {
        throw new IllegalArgumentException(
            where + " must be finite numbers. Provided value: " + e + " at position " + (i + 1));
      }
      if (whole && (e != Math.rint(e) || Math.abs(e) > 1L << 52)) {
        throw new IllegalArgumentException(
            where + " must be whole numbers for a " + type.name().toLowerCase(java.util.Locale.ROOT)
                + " column. Provided value: " + e + " at position " + (i + 1));
      }
      if (i > 0) {
        double prev = edges.get(i - 1);
        if (e < prev) {
          throw new IllegalArgumentException(
              where + " must be sorted in increasing order. Provided value: " + e + " after "
                  + prev + " at position " + (i + 1));
        }
        repeat = e == prev ? repeat + 1 : 1;
        if (repeat > MAX_REPEAT) {
          throw new IllegalArgumentException(
              where + " may repeat a value at most twice (a repeated edge is a singleton bin)."
                  + " Provided value: " + e + " " + repeat + " times");
        }
      }
    }
    if (whole) {
      List<Double> list = new ArrayList<>(edges);
      for (int b = 0; b + 1 < list.size(); b++) {
        if (wholeNumbers(list, b) < 1) {
          throw new IllegalArgumentException(
              where + ": every bin must hold at least one whole number, but the bin between "
                  + list.get(b) + " and " + list.get(b + 1) + " (after the singleton "
                  + list.get(b) + ") holds none; remove the edge " + list.get(b + 1)
                  + " or make it larger. Provided value: bin " + (b + 1));
        }
      }
    }
  }

  /** Whole numbers in bin {@code b} of whole-number edges. */
  private static long wholeNumbers(List<Double> e, int b) {
    return wholeHigh(e, b) - wholeLow(e, b) + 1;
  }

  /**
   * Smallest whole number in bin {@code b} of whole-number {@code edges}: the lower edge, or one
   * more when the previous bin is a singleton at that edge.
   */
  static long wholeLow(List<Double> edges, int b) {
    long lo = (long) (double) edges.get(b);
    boolean afterSingleton = b > 0 && edges.get(b - 1).equals(edges.get(b))
        && !edges.get(b).equals(edges.get(b + 1));
    return afterSingleton ? lo + 1 : lo;
  }

  /** Largest whole number in bin {@code b}: the upper edge for the last bin or a singleton. */
  static long wholeHigh(List<Double> edges, int b) {
    long hi = (long) (double) edges.get(b + 1);
    boolean closed = b + 2 == edges.size() || edges.get(b).equals(edges.get(b + 1));
    return closed ? hi : hi - 1;
  }

  /** Smallest whole number in bin {@code bin} (INTEGER or DATE with edges). */
  public long firstWholeNumber(int bin) {
    return wholeLow(edges, bin);
  }

  /** Largest whole number in bin {@code bin} (INTEGER or DATE with edges). */
  public long lastWholeNumber(int bin) {
    return wholeHigh(edges, bin);
  }
}
