package se.tillit.dp.accounting.internal;

import org.apache.commons.math3.special.Erf;

/**
 * Numerical core of the RDP accountant: Renyi DP curves of single mechanisms and the conversion
 * from RDP to (epsilon, delta). Not public API: use {@link se.tillit.dp.accounting.RdpAccountant}.
 *
 * <p>All functions return upper bounds on the quantity they name (never an underestimate), or
 * {@link Double#POSITIVE_INFINITY} where no finite bound could be computed.
 *
 * <p>References:
 *
 * <ul>
 *   <li>[M17] I. Mironov, "Renyi Differential Privacy", CSF 2017, arXiv:1702.07476.
 *   <li>[MTZ19] I. Mironov, K. Talwar, L. Zhang, "Renyi Differential Privacy of the Sampled
 *       Gaussian Mechanism", arXiv:1908.10530, Section 3.3.
 *   <li>[CKS20] C. Canonne, G. Kamath, T. Steinke, "The Discrete Gaussian for Differential
 *       Privacy", arXiv:2004.00010, Proposition 12.
 *   <li>[KOV15] P. Kairouz, S. Oh, P. Viswanath, "The Composition Theorem for Differential
 *       Privacy", ICML 2015: every (epsilon, delta)-DP pair is a post-processing of the
 *       randomised-response pair.
 * </ul>
 */
public final class RdpMath {
  private RdpMath() {}

  /**
   * Largest integer order summed with the exact finite binomial series of [MTZ19]; above it the
   * (always valid, looser) Gaussian bound {@code alpha / (2 sigma^2)} is used, to keep the cost
   * of one order bounded.
   */
  public static final int MAX_INTEGER_ORDER_SERIES = 10_000;

  /**
   * Most terms of the infinite series for a fractional order. If the series has not converged by
   * then, the order gets no bound from the series (as in Google's dp_accounting, which uses the
   * same cap); the Gaussian bound {@code alpha / (2 sigma^2)} still applies.
   */
  public static final int MAX_FRACTIONAL_SERIES_TERMS = 1000;

  /** Terms below {@code exp(-30)} times the running total end the fractional series. */
  private static final double FRACTIONAL_SERIES_CUTOFF = 30.0;

  /** Orders at or below this use only the KL bound in the conversions (formula unstable). */
  private static final double MIN_ORDER_FOR_CONVERSION = 1.01;

  private static final double LOG_HALF = Math.log(0.5);
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double ERFC_ASYMPTOTIC_FROM = 8.0;

  /** {@code log(exp(a) + exp(b))} without overflow; {@code -inf} stands for 0. */
  public static double logAdd(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (lo == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    if (hi == Double.POSITIVE_INFINITY) {
      return hi;
    }
    return hi + Math.log1p(Math.exp(lo - hi));
  }

  /**
   * {@code log(erfc(x))}, accurate to about 1e-15 relative for every finite x, including large x
   * where erfc(x) itself underflows.
   */
  public static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x >= ERFC_ASYMPTOTIC_FROM) {
      if (x == Double.POSITIVE_INFINITY) {
        return Double.NEGATIVE_INFINITY;
      }
      // erfc(x) = exp(-x^2) / (x sqrt(pi)) * (1 - 1/(2x^2) + 1*3/(2x^2)^2 - ...). For x >= 8 the
      // terms shrink for the first 2x^2 >= 128 steps; stop once they are below 1e-17.
      double inv2x2 = 1.0 / (2.0 * x * x);
      double term = 1.0;
      double sum = 1.0;
      for (int n = 1; n < 60; n++) {
        term *= -(2 * n - 1) * inv2x2;
        sum += term;
        if (Math.abs(term) < 1e-17) {
          break;
        }
      }
      return -x * x - Math.log(x) - LOG_SQRT_PI + Math.log(sum);
    }
    if (x <= -ERFC_ASYMPTOTIC_FROM) {
      // erfc(x) = 2 - erfc(-x), and erfc(8) < 1e-28.
      return Math.log(2.0);
    }
    return Math.log(Erf.erfc(x));
  }

  /** RDP of the Gaussian mechanism with sensitivity 1 and standard deviation sigma [M17]. */
  public static double gaussianRdp(double sigma, double order) {
    return order / (2.0 * sigma * sigma);
  }

  /**
   * RDP of the Laplace mechanism with L1 sensitivity 1 and scale b [M17, Proposition 6], exact
   * for both directions of the neighbouring relation:
   *
   * <pre>eps + log(1 + (a-1) (exp((1-2a) eps) - 1) / (2a-1)) / (a-1),  eps = 1/b.</pre>
   *
   * <p>Near {@code a = 1} the logarithm is expanded as a series for stability.
   */
  public static double laplaceRdp(double scale, double order) {
    double eps = 1.0 / scale;
    double a = order;
    double c = Math.expm1(eps * (1.0 - 2.0 * a)) / (2.0 * a - 1.0);
    if (a < 1.1) {
      // log(1 + c x) / x = c * sum_{k>=1} (-c x)^{k-1} / k with x = a - 1 and 0 <= -c x <= 0.1.
      double v = -c * (a - 1.0);
      double sum = 0.0;
      double power = 1.0;
      for (int k = 1; k < 100; k++) {
        double term = power / k;
        sum += term;
        if (term < 1e-18 * sum) {
          break;
        }
        power *= v;
      }
      return eps + c * sum;
    }
    return eps + Math.log1p((a - 1.0) * c) / (a - 1.0);
  }

  /**
   * RDP of the discrete Gaussian mechanism with integer sensitivity D and parameter sigma:
   * {@code alpha D^2 / (2 sigma^2)}, the same as the continuous Gaussian with noise multiplier
   * {@code sigma / D}. For integer shifts the Renyi divergences of the discrete Gaussian equal the
   * continuous ones exactly [CKS20, Proposition 5 and its proof]; smaller shifts give smaller
   * values, so this bounds every neighbouring pair.
   */
  public static double discreteGaussianRdp(double sigma, long sensitivity, double order) {
    double d = sensitivity;
    return order * d * d / (2.0 * sigma * sigma);
  }

  /**
   * The exact RDP (both directions) of the discrete Laplace mechanism: noise with {@code P[y]}
   * proportional to {@code exp(-|y| / scale)} on the integers, integer sensitivity D. With
   * {@code l = 1/scale}, {@code r = exp(-l)}, {@code s = exp(-(2a-1) l)} and {@code G = sum_{x=1}^{D-1}
   * s^x}, the sum {@code sum_y P(y)^a Q(y)^(1-a)} splits into the two geometric tails and the
   * middle, giving
   *
   * <pre>D l + log((1 + s^D + (1 - r) G) / (1 + r)) / (a - 1).</pre>
   *
   * <p>For D = 1 it is the Renyi divergence of randomised response with parameter l [M17, Table
   * II], which by [KOV15] bounds every pure {@code l}-DP mechanism. The value grows with D
   * (checked numerically for D up to 200, l from 1e-3 to 3, orders from 1.01 to 200), so it bounds
   * every shift of at most D. It is at most {@code D l}, the pure-DP epsilon.
   */
  public static double discreteLaplaceRdp(double scale, long sensitivity, double order) {
    return discreteLaplaceRdpAtRate(1.0 / scale, sensitivity, order);
  }

  /** {@link #discreteLaplaceRdp} with the rate {@code l = 1/scale} given directly. */
  private static double discreteLaplaceRdpAtRate(double l, long sensitivity, double order) {
    double a = order;
    double d = sensitivity;
    double eps = d * l;
    if (eps == 0.0) {
      return 0.0;
    }
    double b = (2.0 * a - 1.0) * l; // s = exp(-b)
    double w = Math.exp(-b * d); // s^D
    if (sensitivity > 1) {
      // G = s (1 - s^(D-1)) / (1 - s)
      double g = Math.exp(-b) * -Math.expm1(-b * (d - 1.0)) / -Math.expm1(-b);
      w += -Math.expm1(-l) * g;
    }
    double r = Math.exp(-l);
    double value = eps + (Math.log1p(w) - Math.log1p(r)) / (a - 1.0);
    return Math.max(0.0, Math.min(eps, value));
  }

  /**
   * The RDP bound of a pure epsilon-DP mechanism: the Renyi divergence of randomised response
   * with parameter epsilon, as dp_accounting uses for {@code EpsilonDeltaDpEvent}; tight, and at
   * most {@code min(epsilon, a epsilon^2 / 2)} [KOV15, M17].
   */
  public static double pureDpRdp(double epsilon, double order) {
    if (epsilon == 0.0) {
      return 0.0;
    }
    return discreteLaplaceRdpAtRate(epsilon, 1, order);
  }

  /**
   * RDP at {@code order} of the Poisson-subsampled Gaussian mechanism (sampling rate q,
   * noise multiplier sigma) under add/remove-one [MTZ19]. Integer orders use the exact finite
   * binomial series; fractional orders the two-sided infinite series of [MTZ19, Section 3.3],
   * whose terms are added in absolute value (as in dp_accounting since 2024), which bounds
   * {@code A_alpha} from above. The result is capped by the Gaussian bound
   * {@code order / (2 sigma^2)}, which holds for every q because subsampling cannot increase the
   * Renyi divergence (joint convexity).
   *
   * @param q in (0, 1]
   * @param sigma in (0, inf]; {@code +inf} (no contribution) gives 0
   * @param order in (1, inf)
   */
  public static double poissonSampledGaussianRdp(double q, double sigma, double order) {
    if (sigma == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    double gaussianBound = gaussianRdp(sigma, order);
    if (q >= 1.0) {
      return gaussianBound;
    }
    double logA;
    if (order == Math.rint(order) && order <= MAX_INTEGER_ORDER_SERIES) {
      logA = logAInteger(q, sigma, (int) order);
    } else if (order == Math.rint(order)) {
      logA = Double.POSITIVE_INFINITY;
    } else {
      logA = logAFractional(q, sigma, order);
    }
    double rdp = logA / (order - 1.0);
    if (Double.isNaN(rdp)) {
      rdp = Double.POSITIVE_INFINITY;
    }
    return Math.max(0.0, Math.min(rdp, gaussianBound));
  }

  /**
   * {@code log(A_alpha)} for an integer order: {@code A_alpha = sum_{i=0}^{alpha} C(alpha, i)
   * q^i (1-q)^(alpha-i) exp((i^2 - i) / (2 sigma^2))} [MTZ19, Section 3.3].
   */
  public static double logAInteger(double q, double sigma, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2.0 * sigma * sigma;
    double logA = Double.NEGATIVE_INFINITY;
    double logCoef = 0.0; // log C(alpha, 0)
    for (int i = 0; i <= alpha; i++) {
      double di = i;
      double s = logCoef + di * logQ + (alpha - di) * log1mQ + (di * di - di) / twoSigma2;
      logA = logAdd(logA, s);
      logCoef += Math.log(alpha - di) - Math.log(di + 1.0);
    }
    return logA;
  }

  /**
   * {@code log(A_alpha)} for a fractional order, from the split of the integral at
   * {@code z0 = sigma^2 log(1/q - 1) + 1/2} and the binomial series on each side [MTZ19, Section
   * 3.3]. Terms are added in absolute value, which bounds the alternating series from above.
   * Stops once both sides' terms are decreasing and below {@code exp(-30)} times the total.
   *
   * @return {@code +inf} if the series did not converge within {@link
   *     #MAX_FRACTIONAL_SERIES_TERMS} terms
   */
  public static double logAFractional(double q, double sigma, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double sigma2 = sigma * sigma;
    double twoSigma2 = 2.0 * sigma2;
    double z0 = sigma2 * (log1mQ - logQ) + 0.5;
    double erfcScale = 1.0 / (SQRT_2 * sigma);
    double logA0 = Double.NEGATIVE_INFINITY;
    double logA1 = Double.NEGATIVE_INFINITY;
    double lastS0 = Double.NEGATIVE_INFINITY;
    double lastS1 = Double.NEGATIVE_INFINITY;
    double logCoef = 0.0; // log |C(alpha, 0)|
    for (int n = 0; n < MAX_FRACTIONAL_SERIES_TERMS; n++) {
      double i = n;
      double j = alpha - i;
      double logT0 = logCoef + i * logQ + j * log1mQ;
      double logT1 = logCoef + j * logQ + i * log1mQ;
      double logE0 = LOG_HALF + logErfc((i - z0) * erfcScale);
      double logE1 = LOG_HALF + logErfc((z0 - j) * erfcScale);
      double s0 = logT0 + (i * i - i) / twoSigma2 + logE0;
      double s1 = logT1 + (j * j - j) / twoSigma2 + logE1;
      logA0 = logAdd(logA0, s0);
      logA1 = logAdd(logA1, s1);
      double total = logAdd(logA0, logA1);
      if (s0 < lastS0 && s1 < lastS1 && Math.max(s0, s1) < total - FRACTIONAL_SERIES_CUTOFF) {
        return total;
      }
      lastS0 = s0;
      lastS1 = s1;
      logCoef += Math.log(Math.abs(alpha - i)) - Math.log(i + 1.0);
    }
    return Double.POSITIVE_INFINITY;
  }

  /** A value with the order at which it was attained. */
  public record AtOrder(double value, double order) {}

  /**
   * The smallest epsilon such that RDP {@code rdp[k]} at {@code orders[k]} (for any k) implies
   * (epsilon, delta)-DP: the conversion of [CKS20, Proposition 12]
   *
   * <pre>eps = rdp + log((a-1)/a) - (log(delta) + log(a)) / (a-1),</pre>
   *
   * together with the KL bound {@code delta <= sqrt(1 - exp(-rdp))} (which gives epsilon 0), as
   * Google's dp_accounting {@code compute_epsilon} does. Orders at or below 1.01 use only the KL
   * bound. Negative RDP values (rounding) are treated as 0, NaN as infinite.
   *
   * @return epsilon >= 0 (or +inf) and the first order attaining the minimum
   */
  public static AtOrder epsilon(double[] orders, double[] rdp, double delta) {
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = orders[0];
    double logDelta = Math.log(delta);
    for (int k = 0; k < orders.length; k++) {
      double a = orders[k];
      double r = sanitize(rdp[k]);
      double eps;
      if (r == Double.POSITIVE_INFINITY) {
        eps = Double.POSITIVE_INFINITY;
      } else if (delta * delta + Math.expm1(-r) > 0) {
        eps = 0.0;
      } else if (a > MIN_ORDER_FOR_CONVERSION) {
        eps = r + Math.log1p(-1.0 / a) - (logDelta + Math.log(a)) / (a - 1.0);
      } else {
        eps = Double.POSITIVE_INFINITY;
      }
      if (eps < best) {
        best = eps;
        bestOrder = a;
      }
    }
    return new AtOrder(Math.max(0.0, best), bestOrder);
  }

  /**
   * The smallest delta such that RDP at some order implies (epsilon, delta)-DP: the conversion
   * matching {@link #epsilon} (dp_accounting {@code compute_delta}):
   *
   * <pre>log(delta) = (a-1) (rdp - eps + log(1 - 1/a)) - log(a),</pre>
   *
   * and the KL bound {@code delta <= sqrt(1 - exp(-rdp))}, minimised over orders, capped at 1.
   */
  public static AtOrder delta(double[] orders, double[] rdp, double epsilon) {
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = orders[0];
    for (int k = 0; k < orders.length; k++) {
      double a = orders[k];
      double r = sanitize(rdp[k]);
      double logDelta =
          r == 0.0 ? Double.NEGATIVE_INFINITY : 0.5 * Math.log1p(-Math.exp(-r));
      if (a > MIN_ORDER_FOR_CONVERSION) {
        double bound = (a - 1.0) * (r - epsilon + Math.log1p(-1.0 / a)) - Math.log(a);
        logDelta = Math.min(logDelta, bound);
      }
      if (logDelta < best) {
        best = logDelta;
        bestOrder = a;
      }
    }
    return new AtOrder(Math.min(Math.exp(best), 1.0), bestOrder);
  }

  private static double sanitize(double r) {
    if (Double.isNaN(r)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(r, 0.0);
  }
}
