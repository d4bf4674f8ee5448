package se.tillit.synth.report.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Small statistics used by the report: TVD, quantiles, AUC, sampling. */
public final class Stats {
  private Stats() {}

  /** The finite values of {@code x}, sorted. */
  public static double[] finiteSorted(double[] x) {
    double[] v = Arrays.stream(x).filter(Double::isFinite).toArray();
    Arrays.sort(v);
    return v;
  }

  /**
   * Total variation distance between the empirical distributions of two coded samples on the
   * domain {@code 0..domain-1}: half the L1 distance of the normalised histograms, in [0, 1].
   */
  public static double tvd(int[] a, int[] b, int domain) {
    if (a.length == 0 || b.length == 0) {
      return Double.NaN;
    }
    long[] ca = new long[domain];
    long[] cb = new long[domain];
    for (int v : a) {
      ca[v]++;
    }
    for (int v : b) {
      cb[v]++;
    }
    double sum = 0;
    for (int k = 0; k < domain; k++) {
      sum += Math.abs((double) ca[k] / a.length - (double) cb[k] / b.length);
    }
    return Math.min(1.0, sum / 2);
  }

  /** TVD of the joint (2-way) distribution of columns (a1, a2) against (b1, b2). */
  public static double tvd2(int[] a1, int[] a2, int[] b1, int[] b2, int d1, int d2) {
    if (a1.length == 0 || b1.length == 0) {
      return Double.NaN;
    }
    long cells = (long) d1 * d2;
    if (cells <= (1 << 22)) {
      int[] ja = new int[a1.length];
      int[] jb = new int[b1.length];
      for (int i = 0; i < ja.length; i++) {
        ja[i] = a1[i] * d2 + a2[i];
      }
      for (int i = 0; i < jb.length; i++) {
        jb[i] = b1[i] * d2 + b2[i];
      }
      return tvd(ja, jb, (int) cells);
    }
    Map<Long, double[]> m = new HashMap<>();
    for (int i = 0; i < a1.length; i++) {
      m.computeIfAbsent((long) a1[i] * d2 + a2[i], k -> new double[2])[0] += 1.0 / a1.length;
    }
    for (int i = 0; i < b1.length; i++) {
      m.computeIfAbsent((long) b1[i] * d2 + b2[i], k -> new double[2])[1] += 1.0 / b1.length;
    }
    double sum = 0;
    for (double[] pq : m.values()) {
      sum += Math.abs(pq[0] - pq[1]);
    }
    return Math.min(1.0, sum / 2);
  }

  /** The q-quantile (0 <= q <= 1) of sorted values, linear interpolation; NaN when empty. */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Area under the ROC curve of scores for positives against negatives, from the Mann-Whitney U
   * statistic with average ranks for ties: the probability that a random positive scores higher
   * than a random negative, ties counting one half (Mann and Whitney 1947; Hanley and McNeil 1982).
   */
  public static double auc(double[] positives, double[] negatives) {
    int np = positives.length;
    int nn = negatives.length;
    if (np == 0 || nn == 0) {
      return Double.NaN;
    }
    int n = np + nn;
    double[] all = new double[n];
    System.arraycopy(positives, 0, all, 0, np);
    System.arraycopy(negatives, 0, all, np, nn);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(all[x], all[y]));
    double rankSumPositives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && Double.compare(all[order[j + 1]], all[order[i]]) == 0) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1; // ranks are 1-based
      for (int k = i; k <= j; k++) {
        if (order[k] < np) {
          rankSumPositives += avgRank;
        }
      }
      i = j + 1;
    }
    double u = rankSumPositives - (double) np * (np + 1) / 2;
    return u / ((double) np * nn);
  }

  /** {@code k} distinct indices out of {@code 0..n-1} (all of them, shuffled, when k >= n). */
  public static int[] sample(int n, int k, SplittableRandom random) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    int m = Math.min(n, k);
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, m);
  }
}
