package se.tillit.synth.encode;

import java.security.SecureRandom;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.LaplaceMechanism;

/**
 * Differentially private bounds of a numeric column, for DP fits without a public domain. After
 * the "approximate bounds" of Google's differential-privacy library (ApproxBounds): the values are
 * counted in logarithmic buckets (0; and for each sign, (2^(k-1), 2^k] for k = -8 .. 62, the
 * first bucket holding (0, 2^-8]); every count gets Laplace noise of scale 1/epsilon (one record
 * changes one count by one, so the histogram is epsilon-DP); the bounds are the outer edges of the
 * most extreme buckets whose noisy count exceeds a threshold chosen so that an empty bucket passes
 * it with probability at most 1e-3 over all buckets.
 *
 * <p>The bounds are coarse (a power of two) and may cut off a sparse tail, whose values are then
 * clamped; a schema file with public bounds is better when there is one.
 */
public final class DpBounds {
  private static final int KMIN = -8;
  private static final int KMAX = 62;
  private static final int PER_SIGN = KMAX - KMIN + 1;
  private static final int BUCKETS = 2 * PER_SIGN + 1;
  private static final double FAILURE = 1e-3;

  private DpBounds() {}

  /** Bounds and the mechanism that found them. */
  public record Result(double min, double max, DpEvent event) {}

  /**
   * Bounds of {@code values} (the present values of one column) at {@code epsilon}.
   *
   * @throws IllegalArgumentException if no bucket is above the threshold (too few rows for this
   *     epsilon); the message says to declare the bounds in a schema file
   */
  public static Result estimate(String column, double[] values, double epsilon,
      SecureRandom random) {
    DpPreconditions.checkEpsilon(epsilon);
    long[] counts = new long[BUCKETS];
    for (double v : values) {
      counts[bucket(v)]++;
    }
    LaplaceMechanism lap =
        LaplaceMechanism.builder().epsilon(epsilon).l1Sensitivity(1).random(random).build();
    double threshold = Math.log(BUCKETS * 0.5 / FAILURE) / epsilon;
    double[] noisy = new double[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      noisy[b] = lap.addNoise(counts[b]);
    }
    int lo = -1;
    int hi = -1;
    for (int b = 0; b < BUCKETS; b++) {
      if (noisy[b] > threshold) {
        if (lo < 0) {
          lo = b;
        }
        hi = b;
      }
    }
    if (lo < 0) {
      throw new IllegalArgumentException(
          "column '" + column + "': too few rows to find differentially private bounds at"
              + " epsilon " + epsilon + " for this column; declare its min and max in a schema"
              + " file (tillit synth schema writes one to review)");
    }
    return new Result(lowerEdge(lo), upperEdge(hi), lap.dpEvent());
  }

  /** Buckets in increasing order: negatives (most negative first), zero, positives. */
  static int bucket(double v) {
    if (v == 0) {
      return PER_SIGN;
    }
    int k = (int) Math.ceil(Math.log(Math.abs(v)) / Math.log(2));
    // guard against rounding in log
    if (Math.scalb(1.0, k) < Math.abs(v)) {
      k++;
    }
    k = Math.max(KMIN, Math.min(KMAX, k));
    int idx = k - KMIN; // 0 .. PER_SIGN-1
    return v > 0 ? PER_SIGN + 1 + idx : PER_SIGN - 1 - idx;
  }

  static double upperEdge(int b) {
    if (b == PER_SIGN) {
      return 0;
    }
    if (b > PER_SIGN) {
      return Math.scalb(1.0, b - PER_SIGN - 1 + KMIN);
    }
    int idx = PER_SIGN - 1 - b;
    return idx == 0 ? 0 : -Math.scalb(1.0, idx - 1 + KMIN);
  }

  static double lowerEdge(int b) {
    if (b == PER_SIGN) {
      return 0;
    }
    if (b < PER_SIGN) {
      return -Math.scalb(1.0, PER_SIGN - 1 - b + KMIN);
    }
    int idx = b - PER_SIGN - 1;
    return idx == 0 ? 0 : Math.scalb(1.0, idx - 1 + KMIN);
  }
}
