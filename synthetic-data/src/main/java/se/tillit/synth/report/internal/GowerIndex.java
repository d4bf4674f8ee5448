package se.tillit.synth.report.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Exact nearest-neighbour search under a Gower-style mixed distance (Gower 1971): the mean over
 * columns of a per-column distance in [0, 1]. Categorical: 0 when equal, 1 otherwise. Numeric:
 * |x - y| / range, capped at 1, where range is the real training data's max - min (1 when
 * constant). Missing: 0 when both are missing, 1 when one is. Each per-column distance is a
 * metric, so their mean is one too.
 *
 * <p>The search is an exact scan with partial-distance early termination (a candidate is dropped as
 * soon as its partial sum reaches the best distance found so far). Two things make the bound tight
 * early: the categorical columns are compared first, in decreasing order of their Gini impurity
 * (the columns most likely to differ first), and each query first scans the reference rows that
 * share all its categories (rows are sorted by their categories, so these form one block found by
 * a hash lookup). A row outside that block differs in at least one category, which alone costs as
 * much as any numeric column can, so when the block holds a row within one column's worth of
 * distance the rest of the table is skipped; otherwise every row is scanned with early termination.
 * A query stops at the first exact match.
 * Queries run in parallel.
 */
public final class GowerIndex {
  private final int[] catCols;
  private final int[] numCols;
  private final double[] scale;
  private final int nRef;
  private final int[] refCat;
  private final double[] refNum;
  private final int p;

  /**
   * An index over {@code reference}; {@code scaleFrame} (the real training data) fixes the numeric
   * ranges so that every distance of one report uses the same scale.
   */
  public GowerIndex(Frame reference, Frame scaleFrame) {
    Frame.Layout layout = reference.layout();
    this.p = layout.columnCount();
    List<Integer> cats = new ArrayList<>();
    List<Integer> nums = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      (layout.isNumeric(j) ? nums : cats).add(j);
    }
    double[] gini = new double[p];
    for (int j : cats) {
      gini[j] = giniImpurity(reference.cat(j), layout.categoryCount(j));
    }
    cats.sort((a, b) -> Double.compare(gini[b], gini[a]));
    this.catCols = cats.stream().mapToInt(Integer::intValue).toArray();
    this.numCols = nums.stream().mapToInt(Integer::intValue).toArray();
    this.scale = new double[numCols.length];
    for (int k = 0; k < numCols.length; k++) {
      double[] v = Stats.finiteSorted(scaleFrame.num(numCols[k]));
      double range = v.length == 0 ? 0 : v[v.length - 1] - v[0];
      scale[k] = range > 0 ? 1.0 / range : 1.0;
    }
    this.nRef = reference.rowCount();
    int[] unsortedCat = catRows(reference);
    double[] unsortedNum = numRows(reference);
    // Sort reference rows by their categories, so rows sharing all categories form one block.
    int c = catCols.length;
    int m = numCols.length;
    Integer[] order = new Integer[nRef];
    for (int i = 0; i < nRef; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Arrays.compare(unsortedCat, x * c, x * c + c, unsortedCat, y * c, y * c + c));
    this.refCat = new int[unsortedCat.length];
    this.refNum = new double[unsortedNum.length];
    for (int i = 0; i < nRef; i++) {
      int from = order[i];
      System.arraycopy(unsortedCat, from * c, refCat, i * c, c);
      System.arraycopy(unsortedNum, from * m, refNum, i * m, m);
    }
    this.blocks = new HashMap<>();
    int start = 0;
    for (int i = 1; i <= nRef; i++) {
      if (i == nRef || Arrays.compare(refCat, (i - 1) * c, i * c, refCat, i * c, i * c + c) != 0) {
        blocks.put(new Key(Arrays.copyOfRange(refCat, start * c, start * c + c)), new int[] {start, i});
        start = i;
      }
    }
  }

  /** Rows [from, to) of the sorted reference share the categories of {@code key}. */
  private final Map<Key, int[]> blocks;

  private record Key(int[] codes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(codes, k.codes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(codes);
    }
  }

  private static double giniImpurity(int[] codes, int k) {
    if (codes.length == 0) {
      return 0;
    }
    long[] counts = new long[k + 1];
    for (int v : codes) {
      counts[v + 1]++;
    }
    double sum = 0;
    for (long cnt : counts) {
      double q = (double) cnt / codes.length;
      sum += q * q;
    }
    return 1 - sum;
  }

  private int[] catRows(Frame f) {
    int n = f.rowCount();
    int c = catCols.length;
    int[] out = new int[n * c];
    for (int k = 0; k < c; k++) {
      int[] col = f.cat(catCols[k]);
      for (int i = 0; i < n; i++) {
        out[i * c + k] = col[i];
      }
    }
    return out;
  }

  private double[] numRows(Frame f) {
    int n = f.rowCount();
    int c = numCols.length;
    double[] out = new double[n * c];
    for (int k = 0; k < c; k++) {
      double[] col = f.num(numCols[k]);
      for (int i = 0; i < n; i++) {
        out[i * c + k] = col[i] * scale[k];
      }
    }
    return out;
  }

  /** For every row of {@code query}: the distance, in [0, 1], to its nearest reference row. */
  public double[] nearestDistances(Frame query) {
    if (nRef == 0) {
      double[] out = new double[query.rowCount()];
      Arrays.fill(out, Double.NaN);
      return out;
    }
    int[] qCat = catRows(query);
    double[] qNum = numRows(query);
    int c = catCols.length;
    int m = numCols.length;
    double[] out = new double[query.rowCount()];
    IntStream.range(0, query.rowCount())
        .parallel()
        .forEach(
            q -> {
              int qc = q * c;
              int qn = q * m;
              int[] block = blocks.get(new Key(Arrays.copyOfRange(qCat, qc, qc + c)));
              double best = Double.POSITIVE_INFINITY;
              if (block != null) {
                best = scan(block[0], block[1], qCat, qc, qNum, qn, best);
                // A row outside the block differs in a category, so its distance is >= 1: when
                // the block gave a distance <= 1, no other row can be closer.
                if (best > 1) {
                  best = scan(0, block[0], qCat, qc, qNum, qn, best);
                  best = scan(block[1], nRef, qCat, qc, qNum, qn, best);
                }
              } else {
                best = scan(0, nRef, qCat, qc, qNum, qn, best);
              }
              out[q] = best / p;
            });
    return out;
  }

  /** The smaller of {@code best} and the distance (times p) to reference rows [from, to). */
  private double scan(int from, int to, int[] qCat, int qc, double[] qNum, int qn, double best) {
    int c = catCols.length;
    int m = numCols.length;
    for (int r = from; r < to && best > 0; r++) {
      double d = 0;
      int rc = r * c;
      for (int k = 0; k < c && d < best; k++) {
        if (refCat[rc + k] != qCat[qc + k]) {
          d += 1;
        }
      }
      if (d >= best) {
        continue;
      }
      int rn = r * m;
      for (int k = 0; k < m && d < best; k++) {
        double a = refNum[rn + k];
        double b = qNum[qn + k];
        double diff = a - b;
        if (diff != diff) { // NaN: at least one is missing
          d += (a != a && b != b) ? 0 : 1;
        } else {
          d += Math.min(1.0, Math.abs(diff));
        }
      }
      if (d < best) {
        best = d;
      }
    }
    return best;
  }
}
