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
 * Laplace noise of scale {@code b = l1Sensitivity / epsilon} for real or integer queries, drawn on
 * a power-of-two grid so that it is epsilon-DP in floating point, not only on paper.
 *
 * <p>Construction (after Google's {@code LaplaceNoise} and its "Secure Noise Generation" note): the
 * granularity is {@code g = 2^ceil(log2(b / 2^40))}; the input is rounded to the nearest multiple of
 * g; a two-sided geometric sample {@code k} with {@code P[k] ~ exp(-lambda |k|)},
 * {@code lambda = g epsilon / (l1Sensitivity + 2 g)}, is drawn with the exact sampler of Canonne,
 * Kamath and Steinke (2020, Algorithm 2); the result is {@code g * (index + k)} rounded once to a
 * double. Rounding moves neighbouring inputs at most {@code ceil(l1Sensitivity / g)} grid steps
 * apart, so the mechanism is {@code lambda (l1Sensitivity/g + 1) <= epsilon - lambda} DP.
 *
 * <p>{@link #dpEvent()} is {@code DpEvent.Laplace(1 / epsilon)}. A two-sided geometric over m grid
 * steps with parameter lambda has a hockey-stick privacy profile dominated by a continuous Laplace
 * of privacy parameter {@code m lambda + 2 ln cosh(lambda / 2) <= m lambda + lambda^2 / 4}
 * (equality at m = 1, where the geometric is the worst pure-DP pair; checked numerically for
 * m > 1 in {@code LaplaceDominanceTest}). The slack of lambda kept above covers that term, so RDP
 * and PLD accountants that treat this mechanism as a continuous Laplace stay sound.
 */
public final class LaplaceMechanism implements NoiseMechanism {
  private static final double GRANULARITY_PARAM = 0x1p40;

  private final double epsilon;
  private final double l1Sensitivity;
  private final double granularity;
  private final Rational latticeScale;
  private final ExactSampler sampler;
  private final DpEvent event;

  private LaplaceMechanism(double epsilon, double l1Sensitivity, SecureRandom random) {
    this.epsilon = epsilon;
    this.l1Sensitivity = l1Sensitivity;
    this.granularity = Lattice.ceilPowerOfTwo(l1Sensitivity / epsilon / GRANULARITY_PARAM);
    // Lattice scale 1/lambda = (sensitivity + 2 g) / (g epsilon), exact.
    Rational g = Rational.ofDouble(granularity);
    this.latticeScale =
        Rational.ofDouble(l1Sensitivity)
            .add(g.add(g))
            .divide(g.multiply(Rational.ofDouble(epsilon)));
    this.sampler = new ExactSampler(random);
    double lambda = 1.0 / latticeScale.doubleValue();
    double dominatingEpsilon =
        (lambda * (l1Sensitivity / granularity + 1) + lambda * lambda / 4) * (1 + 1e-12);
    this.event = new DpEvent.Laplace(1.0 / Math.max(epsilon, dominatingEpsilon));
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
    return Lattice.nearestIndex(x, granularity).add(sampler.discreteLaplace(latticeScale));
  }

  @Override
  public double granularity() {
    return granularity;
  }

  public double epsilon() {
    return epsilon;
  }

  public double l1Sensitivity() {
    return l1Sensitivity;
  }

  /** The nominal Laplace scale {@code b = l1Sensitivity / epsilon}. */
  public double scale() {
    return l1Sensitivity / epsilon;
  }

  /** {@code DpEvent.Laplace(1 / epsilon)}, see the class comment. */
  @Override
  public DpEvent dpEvent() {
    return event;
  }

  @Override
  public String toString() {
    return "LaplaceMechanism{epsilon=" + epsilon + ", l1Sensitivity=" + l1Sensitivity
        + ", granularity=" + granularity + "}";
  }

  /** Builder; {@code epsilon} and {@code l1Sensitivity} are required. */
  public static final class Builder {
    private Double epsilon;
    private Double l1Sensitivity;
    private SecureRandom random;

    private Builder() {}

    /** {@code 0 < epsilon < infinity}; at least 2^-50 so the grid stays fine. */
    public Builder epsilon(double epsilon) {
      DpPreconditions.checkEpsilon(epsilon);
      if (epsilon < 0x1p-50) {
        throw new IllegalArgumentException(
            "epsilon must be >= 2^-50 and < infinity. Provided value: " + epsilon);
      }
      this.epsilon = epsilon;
      return this;
    }

    /** L1 sensitivity of the query, {@code 0 < s < infinity}. */
    public Builder l1Sensitivity(double l1Sensitivity) {
      DpPreconditions.checkPositiveFinite("l1 sensitivity", l1Sensitivity);
      if (l1Sensitivity > 0x1p900) {
        throw new IllegalArgumentException(
            "l1 sensitivity must be > 0 and <= 2^900. Provided value: " + l1Sensitivity);
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
     * @throws IllegalStateException naming the first required field that was never set
     */
    public LaplaceMechanism build() {
      if (epsilon == null) {
        throw new IllegalStateException("epsilon must be set before build()");
      }
      if (l1Sensitivity == null) {
        throw new IllegalStateException("l1 sensitivity must be set before build()");
      }
      return new LaplaceMechanism(
          epsilon, l1Sensitivity, random != null ? random : Randomness.secure());
    }
  }
}
