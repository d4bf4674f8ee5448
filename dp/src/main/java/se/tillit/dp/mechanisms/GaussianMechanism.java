package se.tillit.dp.mechanisms;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.internal.ExactSampler;
import se.tillit.dp.mechanisms.internal.Lattice;
import se.tillit.dp.mechanisms.internal.Rational;

/**
 * Gaussian noise for real or integer queries, with sigma from the analytic Gaussian mechanism
 * ({@link GaussianNoise#sigmaFor}), drawn on a power-of-two grid.
 *
 * <p>Construction: granularity {@code g = 2^ceil(log2(min(D, sigma) / 2^40))} for L2 sensitivity
 * D, so that one sensitivity spans at least 2^39 grid steps; the input is rounded to the nearest
 * multiple of g; the noise is {@code g * Y} with Y an exact discrete Gaussian (Canonne, Kamath,
 * Steinke 2020, Algorithm 3) of lattice standard deviation {@code sigma (D + g) / (D g)}; the
 * result is {@code g * (index + Y)} rounded once to a double. Rounding moves neighbouring inputs
 * at most {@code (D + g)/g} steps apart, so the ratio of noise to sensitivity on the lattice is at
 * least {@code sigma / D}.
 *
 * <p>{@link #dpEvent()} is {@code DpEvent.Gaussian(sigma / D)}. For R&eacute;nyi DP and zCDP this
 * is exact: the discrete Gaussian with integer shift m has the same Renyi divergence
 * {@code alpha m^2 / (2 sigma^2)} as the continuous one (Canonne, Kamath, Steinke 2020, Section 2:
 * the discrete Gaussian satisfies {@code m^2/(2 sigma^2)}-concentrated DP, exactly as the continuous). Its (epsilon,
 * delta) profile differs from the continuous one by a relative amount that shrinks with the number
 * of grid steps per sensitivity (measured below 1e-4 at 16 steps); with at least 2^39 steps the
 * difference is far below the 1e-9 relative margin by which sigma is calibrated for
 * {@code delta * (1 - 1e-9)}.
 */
public final class GaussianMechanism implements NoiseMechanism {
  private static final double GRANULARITY_PARAM = 0x1p40;
  private static final double DELTA_MARGIN = 1 - 1e-9;

  private final double epsilon;
  private final double delta;
  private final double l2Sensitivity;
  private final double sigma;
  private final double granularity;
  private final Rational latticeVariance;
  private final ExactSampler sampler;

  private GaussianMechanism(
      double epsilon, double delta, double l2Sensitivity, SecureRandom random) {
    this.epsilon = epsilon;
    this.delta = delta;
    this.l2Sensitivity = l2Sensitivity;
    this.sigma = GaussianNoise.sigmaFor(epsilon, delta * DELTA_MARGIN, l2Sensitivity);
    this.granularity =
        Lattice.ceilPowerOfTwo(Math.min(l2Sensitivity, sigma) / GRANULARITY_PARAM);
    Rational g = Rational.ofDouble(granularity);
    Rational d = Rational.ofDouble(l2Sensitivity);
    Rational latticeSigma = Rational.ofDouble(sigma).multiply(d.add(g)).divide(d.multiply(g));
    this.latticeVariance = latticeSigma.multiply(latticeSigma);
    this.sampler = new ExactSampler(random);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public double addNoise(double x) {
    DpPreconditions.checkFinite("x", x);
    return Lattice.toDouble(noisyIndex(new BigDecimal(x)), granularity);
  }

  @Override
  public double addNoise(BigDecimal x) {
    Objects.requireNonNull(x, "x");
    return Lattice.toDouble(noisyIndex(x), granularity);
  }

  @Override
  public long addNoise(long x) {
    return Lattice.toLong(noisyIndex(new BigDecimal(x)), granularity);
  }

  private BigInteger noisyIndex(BigDecimal x) {
    return Lattice.nearestIndex(x, granularity).add(sampler.discreteGaussian(latticeVariance));
  }

  @Override
  public double granularity() {
    return granularity;
  }

  /** The calibrated standard deviation (in the query's units). */
  public double sigma() {
    return sigma;
  }

  public double epsilon() {
    return epsilon;
  }

  public double delta() {
    return delta;
  }

  public double l2Sensitivity() {
    return l2Sensitivity;
  }

  /** {@code DpEvent.Gaussian(sigma / l2Sensitivity)}, see the class comment. */
  @Override
  public DpEvent dpEvent() {
    return new DpEvent.Gaussian(Math.nextDown(sigma / l2Sensitivity));
  }

  @Override
  public String toString() {
    return "GaussianMechanism{epsilon=" + epsilon + ", delta=" + delta + ", l2Sensitivity="
        + l2Sensitivity + ", sigma=" + sigma + ", granularity=" + granularity + "}";
  }

  /** Builder; {@code epsilon}, {@code delta} and {@code l2Sensitivity} are required. */
  public static final class Builder {
    private Double epsilon;
    private Double delta;
    private Double l2Sensitivity;
    private SecureRandom random;

    private Builder() {}

    /** {@code 0 < epsilon < infinity}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = DpPreconditions.checkEpsilon(epsilon);
      return this;
    }

    /** {@code 0 < delta < 1}. */
    public Builder delta(double delta) {
      this.delta = DpPreconditions.checkDelta(delta);
      return this;
    }

    /** L2 sensitivity of the query, {@code 0 < s <= 2^900}. */
    public Builder l2Sensitivity(double l2Sensitivity) {
      DpPreconditions.checkPositiveFinite("l2 sensitivity", l2Sensitivity);
      if (l2Sensitivity > 0x1p900) {
        throw new IllegalArgumentException(
            "l2 sensitivity must be > 0 and <= 2^900. Provided value: " + l2Sensitivity);
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
     * @throws IllegalStateException naming the first required field that was never set
     */
    public GaussianMechanism build() {
      if (epsilon == null) {
        throw new IllegalStateException("epsilon must be set before build()");
      }
      if (delta == null) {
        throw new IllegalStateException("delta must be set before build()");
      }
      if (l2Sensitivity == null) {
        throw new IllegalStateException("l2 sensitivity must be set before build()");
      }
      return new GaussianMechanism(
          epsilon, delta, l2Sensitivity, random != null ? random : Randomness.secure());
    }
  }
}
