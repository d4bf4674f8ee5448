package se.tillit.synth.report.internal;

import java.util.Arrays;

/**
 * Puts every column's values into a finite set of bins fixed by the real data, so that real and
 * synthetic marginals are counted on shared bins.
 *
 * <p>Categorical: one bin per category of the shared dictionary plus one for missing. Numeric: up
 * to {@code bins} right-closed quantile bins of the real values between the real minimum and
 * maximum (a column with at most {@code bins} distinct values gets one bin per value, so zero-
 * inflated columns such as capital gain keep "exactly 0" apart), plus a bin below the real minimum,
 * one above the real maximum and one for missing. The outer bins make tables whose values do not
 * overlap have TVD 1.
 */
public final class Binning {
  private final Frame.Layout layout;
  private final double[] min;
  private final double[] max;
  private final double[][] cuts;
  private final int[] domain;

  private Binning(Frame.Layout layout, double[] min, double[] max, double[][] cuts, int[] domain) {
    this.layout = layout;
    this.min = min;
    this.max = max;
    this.cuts = cuts;
    this.domain = domain;
  }

  /**
   * Bins fixed by {@code real}. Call after every table of the report is encoded, so categorical
   * domains include categories seen only in synthetic data.
   */
  public static Binning fit(Frame real, int bins) {
    int p = real.columnCount();
    double[] min = new double[p];
    double[] max = new double[p];
    double[][] cuts = new double[p][];
    int[] domain = new int[p];
    for (int j = 0; j < p; j++) {
      if (!real.isNumeric(j)) {
        domain[j] = real.layout().categoryCount(j) + 1;
        continue;
      }
      double[] v = Stats.finiteSorted(real.num(j));
      if (v.length == 0) {
        min[j] = 0;
        max[j] = 0;
        cuts[j] = new double[0];
      } else {
        min[j] = v[0];
        max[j] = v[v.length - 1];
        double[] distinct = Arrays.stream(v).distinct().toArray();
        double[] c;
        if (distinct.length <= bins) {
          c = Arrays.copyOf(distinct, distinct.length - 1);
        } else {
          double[] q = new double[bins - 1];
          for (int i = 1; i < bins; i++) {
            q[i - 1] = v[(int) Math.floor((double) i / bins * (v.length - 1))];
          }
          double top = max[j];
          c = Arrays.stream(q).distinct().filter(x -> x < top).toArray();
        }
        cuts[j] = c;
      }
      domain[j] = cuts[j].length + 4;
    }
    return new Binning(real.layout(), min, max, cuts, domain);
  }

  public int domain(int column) {
    return domain[column];
  }

  /** The bin of every row of {@code column} in {@code frame}. */
  public int[] bin(Frame frame, int column) {
    if (frame.layout() != layout) {
      throw new IllegalArgumentException("frame must share the binning's layout");
    }
    int n = frame.rowCount();
    int[] out = new int[n];
    if (!frame.isNumeric(column)) {
      int missing = domain[column] - 1;
      int[] c = frame.cat(column);
      for (int i = 0; i < n; i++) {
        out[i] = c[i] < 0 ? missing : c[i];
      }
      return out;
    }
    double[] x = frame.num(column);
    double[] c = cuts[column];
    int above = c.length + 2;
    int missing = c.length + 3;
    for (int i = 0; i < n; i++) {
      double v = x[i];
      if (Double.isNaN(v)) {
        out[i] = missing;
      } else if (v < min[column]) {
        out[i] = 0;
      } else if (v > max[column]) {
        out[i] = above;
      } else {
        out[i] = 1 + lowerBound(c, v);
      }
    }
    return out;
  }

  /** Index of the first element >= v (a.length if none). */
  private static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
