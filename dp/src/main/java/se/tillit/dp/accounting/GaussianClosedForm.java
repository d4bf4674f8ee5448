package se.tillit.dp.accounting;

import se.tillit.dp.accounting.internal.NormalMath;

/**
 * The exact privacy profile of the Gaussian mechanism with sensitivity 1 and standard deviation
 * sigma (Balle and Wang 2018, Theorem 8):
 * {@code delta(eps) = Phi(1/(2 sigma) - eps sigma) - e^eps Phi(-1/(2 sigma) - eps sigma)}. The same
 * in both directions of the add/remove relation.
 */
final class GaussianClosedForm {
  private GaussianClosedForm() {}

  /**
   * Relative safety margin added to every delta, so that floating-point error in the normal CDF
   * (about 1e-13 relative) can only make the answer pessimistic.
   */
  private static final double MARGIN = 1e-10;

  /** Delta at {@code epsilon >= 0}: the exact value, rounded up by a tiny relative margin. */
  static double delta(double sigma, double epsilon) {
    return Math.min(1.0, exactDelta(sigma, epsilon) * (1 + MARGIN));
  }

  private static double exactDelta(double sigma, double epsilon) {
    double a = 0.5 / sigma - epsilon * sigma;
    double b = -0.5 / sigma - epsilon * sigma;
    // Phi(a) - exp(eps + log Phi(b)), each term computed in a tail-accurate way.
    double first = NormalMath.cdf(a);
    double second = Math.exp(epsilon + NormalMath.logCdf(b));
    return Math.min(1.0, Math.max(0.0, first - second));
  }

  /**
   * The smallest epsilon with {@code delta(epsilon) <= target}, to a relative precision of 1e-12;
   * the upper end of the final bracket is returned, so the answer is never below the true one.
   */
  static double epsilon(double sigma, double targetDelta) {
    if (delta(sigma, 0.0) <= targetDelta) {
      return 0.0;
    }
    double lo = 0.0;
    double hi = 1.0;
    while (delta(sigma, hi) > targetDelta) {
      lo = hi;
      hi *= 2;
      if (hi > 1e12) {
        return Double.POSITIVE_INFINITY;
      }
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (delta(sigma, mid) > targetDelta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
