package se.tillit.dp.mechanisms;

import se.tillit.dp.DpPreconditions;
import se.tillit.dp.mechanisms.internal.AnalyticGaussian;

/**
 * Calibration of Gaussian noise by the analytic Gaussian mechanism of Balle and Wang (ICML 2018,
 * "Improving the Gaussian Mechanism for Differential Privacy", Theorem 8 and Algorithm 1): the
 * exact, smallest standard deviation for given (epsilon, delta), valid for every epsilon > 0.
 */
public final class GaussianNoise {
  private GaussianNoise() {}

  /**
   * The smallest sigma (to a relative 1e-13, rounded up, so never too small) such that adding
   * N(0, sigma^2) to a query of the given L2 sensitivity is (epsilon, delta)-DP, i.e. such that
   * {@code Phi(D/(2 sigma) - eps sigma/D) - e^eps Phi(-D/(2 sigma) - eps sigma/D) <= delta}.
   *
   * @throws IllegalArgumentException if epsilon is not in (0, inf), delta not in (0, 1), or the
   *     sensitivity not in (0, inf)
   */
  public static double sigmaFor(double epsilon, double delta, double l2Sensitivity) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
    DpPreconditions.checkPositiveFinite("l2 sensitivity", l2Sensitivity);
    return AnalyticGaussian.sigma(epsilon, delta, l2Sensitivity);
  }

  /**
   * The tight delta of N(0, sigma^2) noise on a query of the given L2 sensitivity at the given
   * epsilon (Balle and Wang 2018, Theorem 8); {@code epsilon >= 0}.
   */
  public static double deltaFor(double sigma, double epsilon, double l2Sensitivity) {
    DpPreconditions.checkPositiveFinite("sigma", sigma);
    DpPreconditions.checkNonNegativeFinite("epsilon", epsilon);
    DpPreconditions.checkPositiveFinite("l2 sensitivity", l2Sensitivity);
    return AnalyticGaussian.delta(sigma, epsilon, l2Sensitivity);
  }
}
