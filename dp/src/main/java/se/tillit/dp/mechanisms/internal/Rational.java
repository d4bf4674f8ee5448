package se.tillit.dp.mechanisms.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact non-negative or negative rational number {@code num / den} with {@code den > 0}, kept in
 * lowest terms. Used so that no floating-point rounding enters a sampling decision.
 */
public final class Rational implements Comparable<Rational> {
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  private final BigInteger num;
  private final BigInteger den;

  private Rational(BigInteger num, BigInteger den) {
    this.num = num;
    this.den = den;
  }

  /** {@code num / den} in lowest terms; {@code den} must not be zero. */
  public static Rational of(BigInteger num, BigInteger den) {
    if (den.signum() == 0) {
      throw new IllegalArgumentException("denominator must be != 0. Provided value: 0");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
    return new Rational(num, den);
  }

  public static Rational of(long num, long den) {
    return of(BigInteger.valueOf(num), BigInteger.valueOf(den));
  }

  public static Rational of(BigInteger value) {
    return new Rational(value, BigInteger.ONE);
  }

  /** The exact value of a finite double (every finite double is a dyadic rational). */
  public static Rational ofDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "value must be a finite number. Provided value: " + value);
    }
    BigDecimal exact = new BigDecimal(value);
    BigInteger unscaled = exact.unscaledValue();
    int scale = exact.scale();
    if (scale <= 0) {
      return of(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }
    return of(unscaled, BigInteger.TEN.pow(scale));
  }

  public BigInteger numerator() {
    return num;
  }

  public BigInteger denominator() {
    return den;
  }

  public int signum() {
    return num.signum();
  }

  public Rational add(Rational o) {
    return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational subtract(Rational o) {
    return of(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
  }

  public Rational multiply(Rational o) {
    return of(num.multiply(o.num), den.multiply(o.den));
  }

  public Rational divide(Rational o) {
    return of(num.multiply(o.den), den.multiply(o.num));
  }

  public Rational abs() {
    return num.signum() < 0 ? new Rational(num.negate(), den) : this;
  }

  /** The largest integer {@code <= this}. */
  public BigInteger floor() {
    BigInteger[] qr = num.divideAndRemainder(den);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  /** A double close to this value (for reporting only, never for sampling decisions). */
  public double doubleValue() {
    return new BigDecimal(num).divide(new BigDecimal(den), java.math.MathContext.DECIMAL64)
        .doubleValue();
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rational r && num.equals(r.num) && den.equals(r.den);
  }

  @Override
  public int hashCode() {
    return num.hashCode() * 31 + den.hashCode();
  }

  @Override
  public String toString() {
    return num + "/" + den;
  }
}
