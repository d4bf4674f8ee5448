package se.tillit.dp.mechanisms;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.Collection;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.internal.AggregationConfig;

/**
 * A differentially private sum of one partition's entries, each clamped into
 * {@code [lower, upper]}, modelled on Google's {@code BoundedSum}.
 *
 * <p>The clamped entries are summed exactly (BigDecimal), so floating-point summation cannot
 * inflate the sensitivity (Casacuberta et al., "Widespread underestimation of sensitivity in
 * differentially private libraries", CCS 2022). NaN entries are ignored (a NaN would otherwise
 * turn the whole result into NaN and reveal its presence); infinite entries are clamped.
 *
 * <p>Per-partition sensitivity: {@code maxContributionsPerPartition * max(|lower|, |upper|)}; the
 * noise covers {@code maxPartitionsContributed} partitions (see {@link BoundedCount} for the
 * caller's duty and for how to record {@link #dpEvent()}). If both bounds are 0 the result is
 * always 0 and the event is {@code NoOp}.
 *
 * <p>Lifecycle: add entries, then {@link #computeResult()} once; misuse throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class BoundedSum {
  private final double lower;
  private final double upper;
  private final NoiseMechanism mechanism; // null when both bounds are 0
  private BigDecimal sum = BigDecimal.ZERO;
  private boolean resultReturned;

  private BoundedSum(AggregationConfig config, double lower, double upper) {
    this.lower = lower;
    this.upper = upper;
    double maxMagnitude = Math.max(Math.abs(lower), Math.abs(upper));
    this.mechanism =
        maxMagnitude == 0
            ? null
            : config.mechanism(
                Math.nextUp(config.maxContributionsPerPartition() * maxMagnitude), 1.0);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Clamps {@code entry} into [lower, upper] and adds it; NaN is ignored. */
  public void addEntry(double entry) {
    checkOpen();
    if (Double.isNaN(entry)) {
      return;
    }
    sum = sum.add(new BigDecimal(Math.max(lower, Math.min(upper, entry))));
  }

  /** {@link #addEntry} for each value. */
  public void addEntries(Collection<Double> entries) {
    checkOpen();
    for (Double e : entries) {
      addEntry(e);
    }
  }

  /**
   * The noisy sum, on the mechanism's power-of-two grid.
   *
   * @throws IllegalStateException if called before
   */
  public double computeResult() {
    checkOpen();
    resultReturned = true;
    return mechanism == null ? 0.0 : mechanism.addNoise(sum);
  }

  /** The privacy spend of {@link #computeResult()}. */
  public DpEvent dpEvent() {
    return mechanism == null ? new DpEvent.NoOp() : mechanism.dpEvent();
  }

  private void checkOpen() {
    if (resultReturned) {
      throw new IllegalStateException("the sum's result was already computed");
    }
  }

  /**
   * Builder. Required: epsilon, maxPartitionsContributed, lower, upper; delta iff noise is
   * Gaussian. Defaults: maxContributionsPerPartition 1, Laplace noise, secure randomness.
   */
  public static final class Builder {
    private final AggregationConfig config = new AggregationConfig();
    private Double lower;
    private Double upper;

    private Builder() {}

    public Builder epsilon(double epsilon) {
      config.epsilon(epsilon);
      return this;
    }

    /** Only for Gaussian noise; must stay unset for Laplace. */
    public Builder delta(double delta) {
      config.delta(delta);
      return this;
    }

    public Builder maxPartitionsContributed(int value) {
      config.maxPartitionsContributed(value);
      return this;
    }

    public Builder maxContributionsPerPartition(int value) {
      config.maxContributionsPerPartition(value);
      return this;
    }

    /** Finite lower clamping bound. */
    public Builder lower(double lower) {
      this.lower = DpPreconditions.checkFinite("lower", lower);
      return this;
    }

    /** Finite upper clamping bound. */
    public Builder upper(double upper) {
      this.upper = DpPreconditions.checkFinite("upper", upper);
      return this;
    }

    public Builder noise(NoiseKind kind) {
      config.noise(kind);
      return this;
    }

    public Builder random(SecureRandom random) {
      config.random(random);
      return this;
    }

    /**
     * @throws IllegalStateException naming a required field never set
     * @throws IllegalArgumentException if lower > upper or delta is set for Laplace noise
     */
    public BoundedSum build() {
      config.checkComplete();
      if (lower == null) {
        throw new IllegalStateException("lower must be set before build()");
      }
      if (upper == null) {
        throw new IllegalStateException("upper must be set before build()");
      }
      DpPreconditions.checkBounds("lower", lower, "upper", upper);
      return new BoundedSum(config, lower, upper);
    }
  }
}
