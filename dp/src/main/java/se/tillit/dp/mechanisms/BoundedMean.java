package se.tillit.dp.mechanisms;

import java.math.BigDecimal;
import java.math.MathContext;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.internal.AggregationConfig;

/**
 * A differentially private mean of one partition's entries clamped into {@code [lower, upper]},
 * as Google's {@code BoundedMean} computes it: entries are clamped and centred at
 * {@code m = (lower + upper) / 2}; half the budget (epsilon/2, and delta/2 for Gaussian noise)
 * goes to a noisy sum of {@code clamp(x) - m} (sensitivity {@code (upper - lower)/2} per
 * contribution), the other half to a noisy count; the result is
 * {@code clamp(m + noisySum / max(1, noisyCount))}. Dividing and clamping are post-processing.
 *
 * <p>The centred values are summed exactly. NaN entries are ignored. If {@code lower == upper} the
 * result is always {@code lower} and the event is {@code NoOp}. See {@link BoundedCount} for the
 * contribution bounds the caller must enforce and for how to record {@link #dpEvent()}.
 *
 * <p>Lifecycle: add entries, then {@link #computeResult()} once; misuse throws
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class BoundedMean {
  private final double lower;
  private final double upper;
  private final BigDecimal midpoint;
  private final NoiseMechanism sumMechanism; // null when lower == upper
  private final NoiseMechanism countMechanism;
  private BigDecimal centredSum = BigDecimal.ZERO;
  private long count;
  private boolean resultReturned;

  private BoundedMean(AggregationConfig config, double lower, double upper) {
    this.lower = lower;
    this.upper = upper;
    BigDecimal lo = new BigDecimal(lower);
    BigDecimal hi = new BigDecimal(upper);
    this.midpoint = lo.add(hi).divide(BigDecimal.valueOf(2)); // exact: dyadic rationals
    if (lower == upper) {
      this.sumMechanism = null;
      this.countMechanism = null;
    } else {
      double halfRange = Math.nextUp(hi.subtract(lo).divide(BigDecimal.valueOf(2)).doubleValue());
      this.sumMechanism =
          config.mechanism(Math.nextUp(config.maxContributionsPerPartition() * halfRange), 0.5);
      this.countMechanism = config.mechanism(config.maxContributionsPerPartition(), 0.5);
    }
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
    double clamped = Math.max(lower, Math.min(upper, entry));
    centredSum = centredSum.add(new BigDecimal(clamped).subtract(midpoint));
    count = Math.addExact(count, 1);
  }

  /** {@link #addEntry} for each value. */
  public void addEntries(Collection<Double> entries) {
    checkOpen();
    for (Double e : entries) {
      addEntry(e);
    }
  }

  /**
   * The noisy mean, in {@code [lower, upper]}.
   *
   * @throws IllegalStateException if called before
   */
  public double computeResult() {
    checkOpen();
    resultReturned = true;
    if (sumMechanism == null) {
      return lower;
    }
    double noisySum = sumMechanism.addNoise(centredSum);
    long noisyCount = Math.max(1, countMechanism.addNoise(count));
    double mean =
        midpoint.add(new BigDecimal(noisySum).divide(BigDecimal.valueOf(noisyCount),
            MathContext.DECIMAL64)).doubleValue();
    return Math.max(lower, Math.min(upper, mean));
  }

  /** {@code Composed[sum event, count event]}, each at half the budget. */
  public DpEvent dpEvent() {
    if (sumMechanism == null) {
      return new DpEvent.NoOp();
    }
    return new DpEvent.Composed(List.of(sumMechanism.dpEvent(), countMechanism.dpEvent()));
  }

  private void checkOpen() {
    if (resultReturned) {
      throw new IllegalStateException("the mean's result was already computed");
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
    public BoundedMean build() {
      config.checkComplete();
      if (lower == null) {
        throw new IllegalStateException("lower must be set before build()");
      }
      if (upper == null) {
        throw new IllegalStateException("upper must be set before build()");
      }
      DpPreconditions.checkBounds("lower", lower, "upper", upper);
      return new BoundedMean(config, lower, upper);
    }
  }
}
