package se.tillit.synth.report.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Exact nearest-neighbour search under a Gower-style mixed distance (Gower 1971): the mean over
 * columns of a per-column distance in [0, 1]. Categorical: 0 when equal, 1 otherwise. Numeric:
 * |x - y| / range, capped at 1, where range is the real training data's max - min (1 when
 * constant). Missing: 0 when both are missing, 1 when one is. Each per-column distance is a
 * metric, so their mean is one too.
 *
 * <p>The search is a brute-force scan with partial-distance early termination: the categorical
 * columns (the ones most likely to differ, most categories first) are summed before the numeric
 * ones, and a candidate is dropped as soon as its partial sum reaches the best distance found so
 * far; a query stops at the first exact match. Queries run in parallel. For Adult (15 columns,
 * 26k reference rows) this answers 5,000 queries in about a second.
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
    cats.sort((a, b) -> Integer.compare(layout.categoryCount(b), layout.categoryCount(a)));
    this.catCols = cats.stream().mapToInt(Integer::intValue).toArray();
    this.numCols = nums.stream().mapToInt(Integer::intValue).toArray();
    this.scale = new double[numCols.length];
    for (int k = 0; k < numCols.length; k++) {
      double[] v = Stats.finiteSorted(scaleFrame.num(numCols[k]));
      double range = v.length == 0 ? 0 : v[v.length - 1] - v[0];
      scale[k] = range > 0 ? 1.0 / range : 1.0;
    }
    this.nRef = reference.rowCount();
    this.refCat = catRows(reference);
    this.refNum = numRows(reference);
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
              double best = Double.POSITIVE_INFINITY;
              int qc = q * c;
              int qn = q * m;
              for (int r = 0; r < nRef && best > 0; r++) {
                double d = 0;
                int rc = r * c;
                int k = 0;
                for (; k < c && d < best; k++) {
                  if (refCat[rc + k] != qCat[qc + k]) {
                    d += 1;
                  }
                }
                if (d >= best) {
                  continue;
                }
                int rn = r * m;
                for (k = 0; k < m && d < best; k++) {
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
              out[q] = best / p;
            });
    return out;
  }
}
