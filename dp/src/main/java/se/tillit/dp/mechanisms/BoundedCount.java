package se.tillit.dp.mechanisms;

import java.security.SecureRandom;
import java.util.Collection;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.internal.AggregationConfig;

/**
 * A differentially private count of the entries of one partition, modelled on Google's
 * {@code Count}.
 *
 * <p><b>Contribution bounds are the caller's duty:</b> each privacy unit (person) may add at most
 * {@code maxContributionsPerPartition} entries here and contribute to at most
 * {@code maxPartitionsContributed} partitions. The noise is calibrated to the resulting L1 (Laplace)
 * or L2 (Gaussian) sensitivity over all partitions, so {@link #dpEvent()} describes the whole
 * release of every partition built with the same parameters: record it once per release, not once
 * per partition.
 *
 * <p>Lifecycle: add entries, then call {@link #computeResult()} once. Adding after the result, or
 * computing twice, throws {@link IllegalStateException}. Not thread-safe.
 */
public final class BoundedCount {
  private final NoiseMechanism mechanism;
  private long count;
  private boolean resultReturned;

  private BoundedCount(AggregationConfig config) {
    this.mechanism = config.mechanism(config.maxContributionsPerPartition(), 1.0);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Counts one entry. */
  public void increment() {
    incrementBy(1);
  }

  /** Counts {@code n >= 0} entries. */
  public void incrementBy(long n) {
    checkOpen();
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0. Provided value: " + n);
    }
    count = Math.addExact(count, n);
  }

  /** Counts one entry; its value is ignored. */
  public void addEntry(Object entry) {
    incrementBy(1);
  }

  /** Counts every entry of the collection. */
  public void addEntries(Collection<?> entries) {
    incrementBy(entries.size());
  }

  /**
   * The noisy count (may be negative; clamp afterwards if needed, which is post-processing).
   *
   * @throws IllegalStateException if called before
   */
  public long computeResult() {
    checkOpen();
    resultReturned = true;
    return mechanism.addNoise(count);
  }

  /** The privacy spend of {@link #computeResult()}; see the class comment. */
  public DpEvent dpEvent() {
    return mechanism.dpEvent();
  }

  private void checkOpen() {
    if (resultReturned) {
      throw new IllegalStateException("the count's result was already computed");
    }
  }

  /**
   * Builder. Required: epsilon, maxPartitionsContributed; delta iff noise is Gaussian. Defaults:
   * maxContributionsPerPartition 1, Laplace noise, {@code Randomness.secure()}.
   */
  public static final class Builder {
    private final AggregationConfig config = new AggregationConfig();

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
     * @throws IllegalArgumentException if delta is set for Laplace noise
     */
    public BoundedCount build() {
      config.checkComplete();
      return new BoundedCount(config);
    }
  }
}
