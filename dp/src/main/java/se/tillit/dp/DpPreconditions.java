package se.tillit.dp;

/**
 * Every parameter check of the dp module, with one message shape:
 * {@code "<name> must be <constraint>. Provided value: <value>"}.
 *
 * <p>A bad parameter raises {@link IllegalArgumentException}. Values checked here are privacy
 * parameters, never personal data, so echoing them in the message is safe.
 */
public final class DpPreconditions {
  private DpPreconditions() {}

  /** A finite epsilon: {@code 0 < epsilon < infinity}. */
  public static double checkEpsilon(double epsilon) {
    return checkPositiveFinite("epsilon", epsilon);
  }

  /** A delta strictly between 0 and 1. */
  public static double checkDelta(double delta) {
    return checkOpenUnitInterval("delta", delta);
  }

  /** A delta in [0, 1): zero allowed, for pure-DP questions. */
  public static double checkDeltaAllowZero(double delta) {
    if (Double.isNaN(delta) || delta < 0 || delta >= 1) {
      throw new IllegalArgumentException(
          "delta must be >= 0 and < 1. Provided value: " + delta);
    }
    return delta;
  }

  /** A noise multiplier (standard deviation over sensitivity): {@code 0 < s < infinity}. */
  public static double checkNoiseMultiplier(double noiseMultiplier) {
    return checkPositiveFinite("noise multiplier", noiseMultiplier);
  }

  /** A sampling rate {@code q} in (0, 1]. */
  public static double checkSamplingRate(double q) {
    if (Double.isNaN(q) || q <= 0 || q > 1) {
      throw new IllegalArgumentException(
          "sampling rate must be > 0 and <= 1. Provided value: " + q);
    }
    return q;
  }

  /** A number of steps or compositions, at least 1. */
  public static long checkSteps(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1. Provided value: " + steps);
    }
    return steps;
  }

  /** {@code 0 < value < infinity}. */
  public static double checkPositiveFinite(String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value <= 0) {
      throw new IllegalArgumentException(
          name + " must be > 0 and < infinity. Provided value: " + value);
    }
    return value;
  }

  /** {@code 0 <= value < infinity}. */
  public static double checkNonNegativeFinite(String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
      throw new IllegalArgumentException(
          name + " must be >= 0 and < infinity. Provided value: " + value);
    }
    return value;
  }

  /** A finite number (not NaN, not infinite). */
  public static double checkFinite(String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " must be a finite number. Provided value: " + value);
    }
    return value;
  }

  /** {@code 0 < value < 1}. */
  public static double checkOpenUnitInterval(String name, double value) {
    if (Double.isNaN(value) || value <= 0 || value >= 1) {
      throw new IllegalArgumentException(
          name + " must be > 0 and < 1. Provided value: " + value);
    }
    return value;
  }

  /** {@code lower <= upper}, both finite. */
  public static void checkBounds(String lowerName, double lower, String upperName, double upper) {
    checkFinite(lowerName, lower);
    checkFinite(upperName, upper);
    if (lower > upper) {
      throw new IllegalArgumentException(
          lowerName + " must be <= " + upperName + " (" + upper + "). Provided value: " + lower);
    }
  }
}
