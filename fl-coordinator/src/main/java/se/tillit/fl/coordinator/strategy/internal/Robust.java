package se.tillit.fl.coordinator.strategy.internal;

import java.util.Arrays;
import java.util.List;

/** Robust aggregation rules on flat vectors. Internal: not part of the public API. */
public final class Robust {
  private Robust() {}

  /** Coordinate-wise median; the mean of the two middle values for an even count (as numpy). */
  public static double[] median(List<double[]> vectors) {
    return trimmedMean(vectors, (vectors.size() - 1) / 2);
  }

  /**
   * Coordinate-wise mean after dropping the {@code cut} smallest and {@code cut} largest values of
   * each coordinate ({@code 2 cut < n}).
   */
  public static double[] trimmedMean(List<double[]> vectors, int cut) {
    int n = vectors.size();
    if (n == 0 || 2 * cut >= n) {
      throw new IllegalArgumentException("trimming " + cut + " of " + n + " values on each side"
          + " leaves none");
    }
    int d = vectors.get(0).length;
    double[] out = new double[d];
    double[] column = new double[n];
    int kept = n - 2 * cut;
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < n; i++) {
        column[i] = vectors.get(i)[j];
      }
      Arrays.sort(column);
      double s = 0;
      for (int i = cut; i < n - cut; i++) {
        s += column[i];
      }
      out[j] = s / kept;
    }
    return out;
  }

  /**
   * Krum scores (Blanchard et al., NeurIPS 2017): for each vector, the sum of its squared L2
   * distances to its {@code max(1, n - f - 2)} nearest other vectors (Flower's
   * {@code aggregate_krum} uses the same count). With one vector the score is 0.
   */
  public static double[] krumScores(List<double[]> vectors, int f) {
    int n = vectors.size();
    double[][] dist = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = i + 1; k < n; k++) {
        double[] a = vectors.get(i);
        double[] b = vectors.get(k);
        double s = 0;
        for (int j = 0; j < a.length; j++) {
          double t = a[j] - b[j];
          s += t * t;
        }
        dist[i][k] = s;
        dist[k][i] = s;
      }
    }
    int closest = Math.min(n - 1, Math.max(1, n - f - 2));
    double[] scores = new double[n];
    double[] others = new double[Math.max(0, n - 1)];
    for (int i = 0; i < n; i++) {
      int c = 0;
      for (int k = 0; k < n; k++) {
        if (k != i) {
          others[c++] = dist[i][k];
        }
      }
      Arrays.sort(others);
      double s = 0;
      for (int k = 0; k < closest; k++) {
        s += others[k];
      }
      scores[i] = s;
    }
    return scores;
  }

  /** Indices of the {@code m} lowest scores, ties broken by the lower index. */
  public static int[] lowest(double[] scores, int m) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      int c = Double.compare(scores[a], scores[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int k = Math.min(m, scores.length);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
