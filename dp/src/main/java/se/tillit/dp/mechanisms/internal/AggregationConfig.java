package se.tillit.dp.mechanisms.internal;

import java.security.SecureRandom;
import java.util.Objects;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;
import se.tillit.dp.mechanisms.GaussianMechanism;
import se.tillit.dp.mechanisms.LaplaceMechanism;
import se.tillit.dp.mechanisms.NoiseKind;
import se.tillit.dp.mechanisms.NoiseMechanism;

/**
 * The parameters shared by the bounded aggregations' builders, checked as they are set (bad value:
 * IllegalArgumentException) and again at {@link #checkComplete} (missing value:
 * IllegalStateException naming it).
 */
public final class AggregationConfig {
  private Double epsilon;
  private Double delta;
  private Integer maxPartitionsContributed;
  private int maxContributionsPerPartition = 1;
  private NoiseKind noiseKind = NoiseKind.LAPLACE;
  private SecureRandom random;

  public void epsilon(double value) {
    this.epsilon = DpPreconditions.checkEpsilon(value);
  }

  public void delta(double value) {
    this.delta = DpPreconditions.checkDelta(value);
  }

  public void maxPartitionsContributed(int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "maxPartitionsContributed must be >= 1. Provided value: " + value);
    }
    this.maxPartitionsContributed = value;
  }

  public void maxContributionsPerPartition(int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "maxContributionsPerPartition must be >= 1. Provided value: " + value);
    }
    this.maxContributionsPerPartition = value;
  }

  public void noise(NoiseKind kind) {
    if (kind == null) {
      throw new IllegalArgumentException("noise must not be null. Provided value: null");
    }
    this.noiseKind = kind;
  }

  public void random(SecureRandom value) {
    this.random = Objects.requireNonNull(value, "random");
  }

  /**
   * @throws IllegalStateException naming a required field never set
   * @throws IllegalArgumentException if delta does not fit the noise kind
   */
  public void checkComplete() {
    if (epsilon == null) {
      throw new IllegalStateException("epsilon must be set before build()");
    }
    if (maxPartitionsContributed == null) {
      throw new IllegalStateException("maxPartitionsContributed must be set before build()");
    }
    if (noiseKind == NoiseKind.GAUSSIAN && delta == null) {
      throw new IllegalStateException("delta must be set before build() for Gaussian noise");
    }
    if (noiseKind == NoiseKind.LAPLACE && delta != null) {
      throw new IllegalArgumentException(
          "delta must be unset for Laplace noise. Provided value: " + delta);
    }
  }

  public double epsilon() {
    return epsilon;
  }

  /** Delta, or 0 for Laplace noise. */
  public double delta() {
    return delta == null ? 0.0 : delta;
  }

  public int maxPartitionsContributed() {
    return maxPartitionsContributed;
  }

  public int maxContributionsPerPartition() {
    return maxContributionsPerPartition;
  }

  public NoiseKind noiseKind() {
    return noiseKind;
  }

  public SecureRandom randomOrDefault() {
    if (random == null) {
      random = Randomness.secure();
    }
    return random;
  }

  /**
   * A mechanism for one partition's value whose contribution per privacy unit is at most
   * {@code lInfSensitivity} in this partition, over at most {@code maxPartitionsContributed}
   * partitions: L1 sensitivity {@code l0 * lInf} for Laplace, L2 {@code sqrt(l0) * lInf} for
   * Gaussian (rounded up), with the given share of the budget.
   */
  public NoiseMechanism mechanism(double lInfSensitivity, double budgetFraction) {
    double l0 = maxPartitionsContributed;
    double eps = epsilon * budgetFraction;
    if (noiseKind == NoiseKind.LAPLACE) {
      return LaplaceMechanism.builder()
          .epsilon(eps)
          .l1Sensitivity(Math.nextUp(l0 * lInfSensitivity))
          .random(randomOrDefault())
          .build();
    }
    return GaussianMechanism.builder()
        .epsilon(eps)
        .delta(delta * budgetFraction)
        .l2Sensitivity(Math.nextUp(Math.nextUp(Math.sqrt(l0)) * lInfSensitivity))
        .random(randomOrDefault())
        .build();
  }
}
