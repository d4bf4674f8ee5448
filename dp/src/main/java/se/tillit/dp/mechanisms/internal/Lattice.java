package se.tillit.dp.mechanisms.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Arithmetic on the grid {@code g Z} for a power of two {@code g}, done exactly with BigDecimal so
 * that a released value is a deterministic function of the noisy grid index alone (post-processing),
 * which closes Mironov's 2012 floating-point attack on textbook Laplace noise.
 */
public final class Lattice {
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Lattice() {}

  /** The smallest power of two {@code >= x} (at least {@link Double#MIN_NORMAL}), x > 0 finite. */
  public static double ceilPowerOfTwo(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("x must be > 0 and < infinity. Provided value: " + x);
    }
    if (x <= Double.MIN_NORMAL) {
      return Double.MIN_NORMAL;
    }
    int exponent = Math.getExponent(x);
    double floor = Math.scalb(1.0, exponent);
    return floor == x ? x : Math.scalb(1.0, exponent + 1);
  }

  /**
   * The index of the grid point nearest to {@code x}: {@code floor(x/g + 1/2)}, computed exactly.
   * Rounding half up (not half to even) keeps the map shift-invariant: index(x + k g) = index(x) + k.
   */
  public static BigInteger nearestIndex(BigDecimal x, double g) {
    BigDecimal scaled = x.multiply(new BigDecimal(1.0 / g));
    return scaled.add(HALF).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
  }

  /** {@code index * g} rounded once to the nearest double (infinite beyond the double range). */
  public static double toDouble(BigInteger index, double g) {
    return new BigDecimal(index).multiply(new BigDecimal(g)).doubleValue();
  }

  /** {@code index * g} rounded half up to an integer, saturated to the long range. */
  public static long toLong(BigInteger index, double g) {
    BigInteger rounded =
        new BigDecimal(index)
            .multiply(new BigDecimal(g))
            .add(HALF)
            .setScale(0, RoundingMode.FLOOR)
            .toBigIntegerExact();
    return saturate(rounded);
  }

  /** {@code value} clamped into the long range. */
  public static long saturate(BigInteger value) {
    if (value.compareTo(LONG_MAX) > 0) {
      return Long.MAX_VALUE;
    }
    if (value.compareTo(LONG_MIN) < 0) {
      return Long.MIN_VALUE;
    }
    return value.longValue();
  }
}
