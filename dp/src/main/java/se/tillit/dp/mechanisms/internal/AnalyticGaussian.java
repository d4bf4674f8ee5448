package se.tillit.dp.mechanisms.internal;

import org.apache.commons.math3.special.Erf;

/**
 * The analytic Gaussian mechanism of Balle and Wang, "Improving the Gaussian Mechanism for
 * Differential Privacy: Analytical Calibration and Optimal Denoising" (ICML 2018, Theorem 8):
 * Gaussian noise of standard deviation {@code s} on a query of L2 sensitivity {@code D} is
 * (epsilon, delta)-DP iff
 *
 * <pre>
 *   Phi(D/(2s) - eps s/D) - e^eps Phi(-D/(2s) - eps s/D) <= delta.
 * </pre>
 *
 * The left side is strictly decreasing in s, so the smallest s is found by bisection; this holds
 * for every epsilon > 0 (the classical {@code sqrt(2 ln(1.25/delta))/eps} bound needs eps < 1).
 * The term {@code e^eps Phi(.)} is evaluated in log space so large epsilon does not overflow.
 */
public final class AnalyticGaussian {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  /** Below this argument Phi is taken from its asymptotic series (Phi(-37) ~ 6e-300). */
  private static final double ASYMPTOTIC_BELOW = -37.0;

  private AnalyticGaussian() {}

  /** The standard normal cdf. */
  public static double phi(double z) {
    if (z >= 0) {
      return 1.0 - 0.5 * Erf.erfc(z / Math.sqrt(2));
    }
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }

  /** {@code log Phi(z)}, accurate far into the lower tail. */
  public static double logPhi(double z) {
    if (z >= 0) {
      return Math.log1p(-0.5 * Erf.erfc(z / Math.sqrt(2)));
    }
    if (z > ASYMPTOTIC_BELOW) {
      return Math.log(0.5 * Erf.erfc(-z / Math.sqrt(2)));
    }
    // Mills ratio series: Phi(z) = phi(z)/|z| * (1 - 1/z^2 + 3/z^4 - 15/z^6 + 105/z^8 - ...).
    double r = 1.0 / (z * z);
    double series = 1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r)));
    return -0.5 * z * z - Math.log(-z) - LOG_SQRT_2PI + Math.log(series);
  }

  /**
   * The smallest delta for which Gaussian noise of standard deviation {@code sigma} is
   * (epsilon, delta)-DP for L2 sensitivity {@code sensitivity} (Balle and Wang 2018, Theorem 8).
   * {@code epsilon >= 0}; returns a value in [0, 1].
   */
  public static double delta(double sigma, double epsilon, double sensitivity) {
    double a = sensitivity / (2 * sigma);
    double b = epsilon * sigma / sensitivity;
    if (Double.isInfinite(b)) {
      return 0.0;
    }
    double first = phi(a - b);
    double second = Math.exp(epsilon + logPhi(-a - b));
    return Math.min(1.0, Math.max(0.0, first - second));
  }

  /**
   * The smallest standard deviation (up to a relative 1e-13, rounded up) such that Gaussian noise
   * is (epsilon, delta)-DP for the given L2 sensitivity. Arguments are assumed already checked.
   */
  public static double sigma(double epsilon, double delta, double sensitivity) {
    // delta depends on sigma and sensitivity only through their ratio: solve for sensitivity 1.
    double hi = 1.0;
    while (delta(hi, epsilon, 1.0) > delta) {
      hi *= 2;
    }
    double lo = hi / 2;
    while (lo > Double.MIN_NORMAL && delta(lo, epsilon, 1.0) <= delta) {
      hi = lo;
      lo /= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = lo + (hi - lo) / 2;
      if (delta(mid, epsilon, 1.0) > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.nextUp(hi * sensitivity);
  }
}
