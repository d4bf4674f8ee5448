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
 * Discrete Gaussian noise for integer queries: {@code P[Y = y]} proportional to
 * {@code exp(-y^2 / (2 sigma^2))} on the integers, for an exact rational {@code sigma^2}, sampled
 * exactly by Canonne, Kamath and Steinke (2020), Algorithm 3. Its variance is slightly below
 * sigma^2.
 *
 * <p><b>Accounting.</b> {@link #dpEvent()} is {@code DpEvent.DiscreteGaussian(sigma, D)} for
 * integer L2 sensitivity D of a scalar integer query (for a scalar query the L2 and L1
 * sensitivities coincide: the value moves by at most D). The RDP accountant gives it the
 * continuous Gaussian's curve with noise multiplier {@code sigma / D}, which is exact (CKS 2020:
 * same Renyi divergences for integer shifts); the PLD accountant computes its exact (epsilon,
 * delta) profile over the integers, which at small sigma is worse than the continuous Gaussian's
 * (delta 1.2 times larger at sigma = 1, epsilon = 3, several-fold far in the tail at sigma =
 * 0.5).
 */
public final class DiscreteGaussianMechanism implements IntegerNoiseMechanism {
  private final Rational sigmaSquared;
  private final long l2Sensitivity;
  private final ExactSampler sampler;

  private DiscreteGaussianMechanism(
      Rational sigmaSquared, long l2Sensitivity, SecureRandom random) {
    this.sigmaSquared = sigmaSquared;
    this.l2Sensitivity = l2Sensitivity;
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
    return sampler.discreteGaussian(sigmaSquared);
  }

  /** The exact parameter sigma^2. */
  public Rational sigmaSquared() {
    return sigmaSquared;
  }

  /** sigma, as a double (rounded). */
  public double sigma() {
    return Math.sqrt(sigmaSquared.doubleValue());
  }

  public long l2Sensitivity() {
    return l2Sensitivity;
  }

  /**
   * {@code DpEvent.DiscreteGaussian(sigma, D)}, with sigma rounded down (below the exact square
   * root of the rational sigma^2, so the event never claims more noise than is added).
   */
  @Override
  public DpEvent dpEvent() {
    return new DpEvent.DiscreteGaussian(sigmaRoundedDown(), l2Sensitivity);
  }

  /** A double strictly below the exact sqrt(sigma^2) (34 digits, then one step down). */
  private double sigmaRoundedDown() {
    MathContext floor = new MathContext(34, RoundingMode.FLOOR);
    BigDecimal s2 =
        new BigDecimal(sigmaSquared.numerator())
            .divide(new BigDecimal(sigmaSquared.denominator()), floor);
    return Math.nextDown(s2.sqrt(floor).doubleValue());
  }

  @Override
  public String toString() {
    return "DiscreteGaussianMechanism{sigmaSquared=" + sigmaSquared + ", l2Sensitivity="
        + l2Sensitivity + "}";
  }

  /** Builder: {@code sigma} or {@code sigmaSquared} is required; L2 sensitivity defaults to 1. */
  public static final class Builder {
    private Rational sigmaSquared;
    private long l2Sensitivity = 1;
    private SecureRandom random;

    private Builder() {}

    /** {@code sigma^2 = num / den}, both positive. */
    public Builder sigmaSquared(BigInteger num, BigInteger den) {
      if (num == null || num.signum() <= 0) {
        throw new IllegalArgumentException(
            "sigma squared numerator must be >= 1. Provided value: " + num);
      }
      if (den == null || den.signum() <= 0) {
        throw new IllegalArgumentException(
            "sigma squared denominator must be >= 1. Provided value: " + den);
      }
      this.sigmaSquared = Rational.of(num, den);
      return this;
    }

    /** {@code sigma^2 = num / den}, both positive. */
    public Builder sigmaSquared(long num, long den) {
      return sigmaSquared(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    /** sigma as a double; sigma^2 becomes the exact square of the rational it represents. */
    public Builder sigma(double sigma) {
      DpPreconditions.checkPositiveFinite("sigma", sigma);
      Rational s = Rational.ofDouble(sigma);
      this.sigmaSquared = s.multiply(s);
      return this;
    }

    /** Integer L2 sensitivity, {@code >= 1}; default 1. */
    public Builder l2Sensitivity(long l2Sensitivity) {
      if (l2Sensitivity < 1) {
        throw new IllegalArgumentException(
            "l2 sensitivity must be >= 1. Provided value: " + l2Sensitivity);
      }
      this.l2Sensitivity = l2Sensitivity;
      return this;
    }

    /** The noise source; defaults to {@link Randomness#secure()}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * @throws IllegalStateException if sigma was never set
     */
    public DiscreteGaussianMechanism build() {
      if (sigmaSquared == null) {
        throw new IllegalStateException("sigma must be set before build()");
      }
      return new DiscreteGaussianMechanism(
          sigmaSquared, l2Sensitivity, random != null ? random : Randomness.secure());
    }
  }
}
