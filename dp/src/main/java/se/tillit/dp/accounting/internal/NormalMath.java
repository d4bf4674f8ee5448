package se.tillit.dp.accounting.internal;

/**
 * The standard normal distribution function and its logarithm, accurate in relative terms deep into
 * the lower tail (where the privacy loss distribution of the Gaussian mechanism needs it).
 *
 * <p>The complementary error function follows W. J. Cody, "Rational Chebyshev approximations for
 * the error function", Math. Comp. 23 (1969) 631-637 (the SPECFUN {@code CALERF} coefficient
 * sets), with relative accuracy near 1e-16 over the whole line. {@link #logErfc(double)} evaluates
 * the exponent separately, so it stays finite where {@code erfc} itself underflows.
 */
public final class NormalMath {
  private NormalMath() {}

  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double LOG_HALF = Math.log(0.5);
  private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
  private static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  // Cody (1969): erf on |x| <= 0.46875.
  private static final double[] A = {
    3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
    3.20937758913846947e03, 1.85777706184603153e-1
  };
  private static final double[] B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
    2.84423683343917062e03
  };
  // erfc(x) * exp(x^2) on 0.46875 <= x <= 4.
  private static final double[] C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
    2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
    2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8
  };
  private static final double[] D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
    1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
    3.43936767414372164e03, 1.23033935480374942e03
  };
  // erfc(x) * exp(x^2) * x on x > 4, as a rational function of 1/x^2.
  private static final double[] P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
    1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2
  };
  private static final double[] Q = {
    2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
    6.05183413124413191e-2, 2.33520497626869185e-3
  };

  /** erf(x) for |x| <= 0.46875. */
  private static double erfSmall(double x) {
    double y = Math.abs(x);
    double ysq = y > 1.11e-16 ? y * y : 0.0;
    double num = A[4] * ysq;
    double den = ysq;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return x * (num + A[3]) / (den + B[3]);
  }

  /**
   * For y > 0.46875: returns {@code r} and sets {@code exponent[0]} so that
   * {@code erfc(y) = exp(exponent[0]) * r}.
   */
  private static double erfcScaled(double y, double[] exponent) {
    double r;
    if (y <= 4.0) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      r = (num + C[7]) / (den + D[7]);
    } else {
      double inv = 1.0 / (y * y);
      double num = P[5] * inv;
      double den = inv;
      for (int i = 0; i < 4; i++) {
        num = (num + P[i]) * inv;
        den = (den + Q[i]) * inv;
      }
      r = inv * (num + P[4]) / (den + Q[4]);
      r = (ONE_OVER_SQRT_PI - r) / y;
    }
    // Split y^2 so that the exponent is computed without cancellation (as Cody does).
    double ysq = Math.floor(16.0 * y) / 16.0;
    double del = (y - ysq) * (y + ysq);
    exponent[0] = -ysq * ysq - del;
    return r;
  }

  /** The complementary error function. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double y = Math.abs(x);
    if (y <= 0.46875) {
      return 1.0 - erfSmall(x);
    }
    double upper;
    if (y >= 27.3) {
      upper = 0.0;
    } else {
      double[] e = new double[1];
      double r = erfcScaled(y, e);
      upper = Math.exp(e[0]) * r;
    }
    return x < 0 ? 2.0 - upper : upper;
  }

  /** {@code log(erfc(x))}, finite for every finite x. */
  public static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double y = Math.abs(x);
    if (y <= 0.46875) {
      return Math.log1p(-erfSmall(x));
    }
    if (x < 0) {
      return Math.log(erfc(x));
    }
    if (y > 1e150) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] e = new double[1];
    double r = erfcScaled(y, e);
    return e[0] + Math.log(r);
  }

  /** The standard normal distribution function Phi(z). */
  public static double cdf(double z) {
    if (z == Double.NEGATIVE_INFINITY) {
      return 0.0;
    }
    if (z == Double.POSITIVE_INFINITY) {
      return 1.0;
    }
    return 0.5 * erfc(-z * SQRT_HALF);
  }

  /** {@code log(Phi(z))}, with relative accuracy in the lower tail. */
  public static double logCdf(double z) {
    if (z == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (z == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    if (z < -1.0) {
      return LOG_HALF + logErfc(-z * SQRT_HALF);
    }
    return Math.log1p(-0.5 * erfc(z * SQRT_HALF));
  }

  /** {@code log} of the standard normal density. */
  public static double logPdf(double z) {
    return -0.5 * z * z - LOG_SQRT_TWO_PI;
  }

  /**
   * The z with {@code log(Phi(z)) = logProbability}, for a lower-tail probability
   * ({@code logProbability <= log(0.5)}), found by bisection to full double precision.
   */
  public static double lowerTailQuantile(double logProbability) {
    if (!(logProbability <= LOG_HALF)) {
      throw new IllegalArgumentException(
          "log probability must be <= log(0.5). Provided value: " + logProbability);
    }
    double lo = -Math.sqrt(-2.0 * logProbability) - 2.0;
    double hi = 0.0;
    while (logCdf(lo) > logProbability) {
      lo *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 0; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid == lo || mid == hi) {
        break;
      }
      if (logCdf(mid) > logProbability) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return 0.5 * (lo + hi);
  }
}
