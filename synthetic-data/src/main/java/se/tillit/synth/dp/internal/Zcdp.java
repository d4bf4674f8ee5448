package se.tillit.synth.dp.internal;

import org.apache.commons.math3.distribution.NormalDistribution;
import se.tillit.dp.accounting.DpEvent;

/**
 * Budget arithmetic in zero-concentrated DP (Bun and Steinke, TCC 2016), as MST and AIM plan it,
 * and the one place that says which {@link DpEvent} an exponential-mechanism selection records.
 */
public final class Zcdp {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private Zcdp() {}

  /**
   * The delta of rho-zCDP at epsilon, by the conversion of Canonne, Kamath and Steinke (NeurIPS
   * 2020, "The Discrete Gaussian for Differential Privacy", Proposition 12 / Corollary 13):
   * {@code delta = min over alpha > 1 of exp((alpha-1)(alpha rho - eps)) / (alpha - 1) * (1 -
   * 1/alpha)^alpha}, minimised by bisection on the derivative as in the reference
   * implementation of MST and AIM (private-pgm, {@code cdp2adp.cdp_delta}).
   */
  public static double cdpDelta(double rho, double epsilon) {
    if (rho <= 0) {
      return 0;
    }
    double amin = 1.01;
    double amax = (epsilon + 1) / (2 * rho) + 2;
    double alpha = amin;
    for (int i = 0; i < 1000; i++) {
      alpha = (amin + amax) / 2;
      double derivative = (2 * alpha - 1) * rho - epsilon + Math.log1p(-1.0 / alpha);
      if (derivative < 0) {
        amin = alpha;
      } else {
        amax = alpha;
      }
    }
    double delta =
        Math.exp((alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log1p(-1 / alpha))
            / (alpha - 1.0);
    return Math.min(delta, 1.0);
  }

  /** The largest rho (by bisection) whose {@link #cdpDelta} at epsilon is at most delta. */
  public static double cdpRho(double epsilon, double delta) {
    double lo = 0;
    double hi = epsilon + 1;
    for (int i = 0; i < 1000; i++) {
      double rho = (lo + hi) / 2;
      if (cdpDelta(rho, epsilon) <= delta) {
        lo = rho;
      } else {
        hi = rho;
      }
    }
    return lo;
  }

  /** The zCDP cost {@code 1/(2 sigma^2)} of a Gaussian measurement with L2 sensitivity 1. */
  public static double gaussianRho(double sigma) {
    return 1 / (2 * sigma * sigma);
  }

  /** The sigma whose Gaussian measurement costs {@code rho}. */
  public static double sigmaForRho(double rho) {
    return Math.sqrt(1 / (2 * rho));
  }

  // ---- exponential mechanism: the one place that decides its recorded event and planned cost ----

  /**
   * The event recorded for one run of the exponential mechanism with parameter epsilon: an
   * epsilon-DP selection, {@code DpEvent.EpsilonDelta(epsilon, 0)}, which the PLD accountant
   * composes exactly (randomized response's privacy loss is the worst case of pure epsilon-DP).
   *
   * <p>The synthesizers PLAN each selection more conservatively, as the zCDP cost of a Gaussian
   * with multiplier {@code 1/mu}, {@code mu = 2 Phi^-1(e^eps / (1 + e^eps))} ({@link
   * #exponentialMechanismRho}): every epsilon-DP mechanism is mu-GDP for this mu (Dong, Roth, Su,
   * JRSS-B 2022: the pure-DP trade-off f_eps is piecewise linear with its kink at {@code a = 1/(1 +
   * e^eps)} and the Gaussian trade-off G_mu is convex, so G_mu <= f_eps everywhere iff it holds at
   * the kink). So the recorded cost is never above what was planned.
   */
  public static DpEvent exponentialMechanismEvent(double epsilon) {
    return new DpEvent.EpsilonDelta(epsilon, 0.0);
  }

  /** The planning stand-in: a Gaussian event that dominates every epsilon-DP mechanism. */
  static DpEvent exponentialMechanismPlanningEvent(double epsilon) {
    return new DpEvent.Gaussian(Math.nextDown(1 / gdpMu(epsilon)));
  }

  /** The zCDP cost the synthesizers plan for one exponential-mechanism run: that of its event. */
  public static double exponentialMechanismRho(double epsilon) {
    double mu = gdpMu(epsilon);
    return mu * mu / 2;
  }

  /** The epsilon of an exponential-mechanism run whose planned cost is {@code rho}. */
  public static double exponentialMechanismEpsilon(double rho) {
    double mu = Math.sqrt(2 * rho);
    double p = STANDARD_NORMAL.cumulativeProbability(mu / 2);
    // mu(eps) is increasing; step down until the planned cost does not exceed rho
    double eps = Math.log(p / (1 - p));
    while (exponentialMechanismRho(eps) > rho) {
      eps = Math.nextDown(eps) * (1 - 1e-12);
    }
    return eps;
  }

  /** {@code 2 Phi^-1(e^eps / (1 + e^eps))}: the GDP parameter that dominates epsilon-DP. */
  static double gdpMu(double epsilon) {
    double p = 1 / (1 + Math.exp(-epsilon));
    return 2 * STANDARD_NORMAL.inverseCumulativeProbability(p);
  }
}
