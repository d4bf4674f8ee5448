package se.tillit.dp.mechanisms;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.Objects;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.internal.ExactSampler;
import se.tillit.dp.mechanisms.internal.Lattice;
import se.tillit.dp.mechanisms.internal.Rational;

/**
 * Discrete Laplace (two-sided geometric) noise for integer queries: {@code P[Y = y]} proportional
 * to {@code exp(-|y| / t)} for an exact rational scale t, sampled exactly by Canonne, Kamath and
 * Steinke (2020), Algorithm 2. With integer L1 sensitivity D it is pure {@code (D / t)}-DP.
 *
 * <p><b>Accounting.</b> {@link #dpEvent()} is {@code DpEvent.DiscreteLaplace(t, D)}: the RDP
 * accountant uses its exact Renyi divergence and the PLD accountant its exact privacy loss
 * distribution. (A continuous Laplace event of the same epsilon would be optimistic: for D = 1 the
 * geometric is randomised response, whose total variation {@code tanh(eps/2)} exceeds the
 * Laplace's {@code 1 - exp(-eps/2)}.)
 */
public final class DiscreteLaplaceMechanism implements IntegerNoiseMechanism {
  private final Rational scale;
  private final long l1Sensitivity;
  private final ExactSampler sampler;

  private DiscreteLaplaceMechanism(Rational scale, long l1Sensitivity, SecureRandom random) {
    this.scale = scale;
    this.l1Sensitivity = l1Sensitivity;
    this.sampler = new ExactSampler(random);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public long addNoise(long x) {
    return Lattice.saturate(BigInteger.valueOf(x).add(sample()));
  }

  /** One noise sample, exact. */
  public BigInteger sample() {
    return sampler.discreteLaplace(scale);
  }

  /** The exact scale t. */
  public Rational scale() {
    return scale;
  }

  public long l1Sensitivity() {
    return l1Sensitivity;
  }

  /** The pure-DP epsilon {@code D / t}. */
  public double epsilon() {
    return Rational.of(BigInteger.valueOf(l1Sensitivity)).divide(scale).doubleValue();
  }

  /**
   * {@code DpEvent.DiscreteLaplace(t, D)}, with the scale rounded down (never above the exact
   * rational t, so the event never claims more noise than is added).
   */
  @Override
  public DpEvent dpEvent() {
    BigDecimal t =
        new BigDecimal(scale.numerator())
            .divide(new BigDecimal(scale.denominator()), new MathContext(34, RoundingMode.FLOOR));
    return new DpEvent.DiscreteLaplace(Math.nextDown(t.doubleValue()), l1Sensitivity);
  }

  @Override
  public String toString() {
    return "DiscreteLaplaceMechanism{scale=" + scale + ", l1Sensitivity=" + l1Sensitivity + "}";
  }

  /**
   * Builder: set exactly one of {@code scale(...)} or {@code epsilon(...)}; the L1 sensitivity
   * defaults to 1.
   */
  public static final class Builder {
    private Rational scale;
    private Double epsilon;
    private long l1Sensitivity = 1;
    private SecureRandom random;

    private Builder() {}

    /** Scale {@code num / den}, both positive. */
    public Builder scale(BigInteger num, BigInteger den) {
      if (num == null || num.signum() <= 0) {
        throw new IllegalArgumentException(
            "scale numerator must be >= 1. Provided value: " + num);
      }
      if (den == null || den.signum() <= 0) {
        throw new IllegalArgumentException(
            "scale denominator must be >= 1. Provided value: " + den);
      }
      this.scale = Rational.of(num, den);
      return this;
    }

    /** Scale {@code num / den}, both positive. */
    public Builder scale(long num, long den) {
      return scale(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    /** Scale given as a double, converted to the exact rational it represents. */
    public Builder scale(double scale) {
      DpPreconditions.checkPositiveFinite("scale", scale);
      this.scale = Rational.ofDouble(scale);
      return this;
    }

    /** Pure-DP epsilon; the scale becomes exactly {@code l1Sensitivity / epsilon}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = DpPreconditions.checkEpsilon(epsilon);
      return this;
    }

    /** Integer L1 sensitivity, {@code >= 1}; default 1. */
    public Builder l1Sensitivity(long l1Sensitivity) {
      if (l1Sensitivity < 1) {
        throw new IllegalArgumentException(
            "l1 sensitivity must be >= 1. Provided value: " + l1Sensitivity);
      }
      this.l1Sensitivity = l1Sensitivity;
      return this;
    }

    /** The noise source; defaults to {@link Randomness#secure()}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * @throws IllegalStateException if neither or both of scale and epsilon were set
     */
    public DiscreteLaplaceMechanism build() {
      if (scale == null && epsilon == null) {
        throw new IllegalStateException("scale or epsilon must be set before build()");
      }
      if (scale != null && epsilon != null) {
        throw new IllegalStateException("only one of scale and epsilon may be set");
      }
      Rational s =
          scale != null
              ? scale
              : Rational.of(BigInteger.valueOf(l1Sensitivity)).divide(Rational.ofDouble(epsilon));
      return new DiscreteLaplaceMechanism(
          s, l1Sensitivity, random != null ? random : Randomness.secure());
    }
  }
}
