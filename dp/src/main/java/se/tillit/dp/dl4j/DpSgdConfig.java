package se.tillit.dp.dl4j;

import java.security.SecureRandom;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;

/**
 * Parameters of DP-SGD (Abadi et al., CCS 2016) as run by {@link DpSgdTrainer}: clip norm C, noise
 * multiplier sigma, Poisson sampling rate q (or an expected batch size from which q is derived),
 * microbatch size k and the source of randomness.
 *
 * <p>One step releases {@code (sum_j clip_C(g_j) + N(0, (sigma * C)^2 I)) / D}, where {@code g_j}
 * is the gradient of one example ({@code k = 1}) or the mean gradient of one microbatch ({@code k
 * > 1}), and {@code D} is data-independent (see {@link DpSgdTrainer}).
 *
 * <p>Immutable. Build with {@link #builder()}; every setter rejects a bad value at once with an
 * {@link IllegalArgumentException} and {@link Builder#build()} names any required field not set.
 * The {@link SecureRandom} held here is shared by everything built from this config.
 */
public final class DpSgdConfig {
  private final double l2NormClip;
  private final double noiseMultiplier;
  private final double samplingRate; // NaN when derived from expectedBatchSize
  private final int expectedBatchSize; // 0 when samplingRate is given
  private final int microbatchSize;
  private final SecureRandom random;

  private DpSgdConfig(Builder b) {
    this.l2NormClip = b.l2NormClip;
    this.noiseMultiplier = b.noiseMultiplier;
    this.samplingRate = b.samplingRate;
    this.expectedBatchSize = b.expectedBatchSize;
    this.microbatchSize = b.microbatchSize;
    this.random = b.random;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The clip norm C: each per-example (or per-microbatch) gradient is scaled to L2 norm <= C. */
  public double l2NormClip() {
    return l2NormClip;
  }

  /**
   * The noise multiplier sigma: the noise added to the sum of clipped gradients has standard
   * deviation {@code sigma * C} per coordinate. Zero only for a config built with {@link
   * Builder#insecureZeroNoiseForTesting()}.
   */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** Whether this config adds no noise and therefore gives no privacy guarantee. */
  public boolean isInsecureZeroNoise() {
    return noiseMultiplier == 0.0;
  }

  /** Microbatch size k: 1 for per-example clipping. */
  public int microbatchSize() {
    return microbatchSize;
  }

  /** The source of noise and sampling randomness. */
  public SecureRandom random() {
    return random;
  }

  /**
   * The Poisson sampling rate q for a data set of {@code datasetSize} examples: the rate given to
   * the builder, or {@code min(1, expectedBatchSize / datasetSize)}.
   *
   * @throws IllegalArgumentException if {@code datasetSize < 1}
   */
  public double samplingRate(long datasetSize) {
    if (datasetSize < 1) {
      throw new IllegalArgumentException(
          "dataset size must be >= 1. Provided value: " + datasetSize);
    }
    if (!Double.isNaN(samplingRate)) {
      return samplingRate;
    }
    return Math.min(1.0, (double) expectedBatchSize / datasetSize);
  }

  @Override
  public String toString() {
    return "DpSgdConfig{l2NormClip="
        + l2NormClip
        + ", noiseMultiplier="
        + noiseMultiplier
        + (Double.isNaN(samplingRate)
            ? ", expectedBatchSize=" + expectedBatchSize
            : ", samplingRate=" + samplingRate)
        + ", microbatchSize="
        + microbatchSize
        + "}";
  }

  /** Builder for {@link DpSgdConfig}. Not thread-safe. */
  public static final class Builder {
    private double l2NormClip = Double.NaN;
    private double noiseMultiplier = Double.NaN;
    private double samplingRate = Double.NaN;
    private int expectedBatchSize = 0;
    private int microbatchSize = 1;
    private SecureRandom random;

    private Builder() {}

    /** Required. The clip norm C, {@code 0 < C < infinity}. */
    public Builder l2NormClip(double l2NormClip) {
      this.l2NormClip = DpPreconditions.checkPositiveFinite("l2 norm clip", l2NormClip);
      return this;
    }

    /**
     * Required (or {@link #insecureZeroNoiseForTesting()}). The noise multiplier sigma, {@code 0
     * < sigma < infinity}.
     */
    public Builder noiseMultiplier(double noiseMultiplier) {
      this.noiseMultiplier = DpPreconditions.checkNoiseMultiplier(noiseMultiplier);
      return this;
    }

    /**
     * Sets sigma = 0: no noise, NO PRIVACY. For tests that compare DP-SGD with plain SGD and for
     * measuring the cost of clipping alone. A trainer with this config refuses to report a {@code
     * DpEvent} and reports an infinite epsilon.
     */
    public Builder insecureZeroNoiseForTesting() {
      this.noiseMultiplier = 0.0;
      return this;
    }

    /** The Poisson sampling rate q in (0, 1]. Set this or {@link #expectedBatchSize(int)}. */
    public Builder samplingRate(double samplingRate) {
      this.samplingRate = DpPreconditions.checkSamplingRate(samplingRate);
      this.expectedBatchSize = 0;
      return this;
    }

    /**
     * The expected batch size b >= 1; the trainer uses {@code q = min(1, b / n)} for a data set
     * of n examples. Set this or {@link #samplingRate(double)}.
     */
    public Builder expectedBatchSize(int expectedBatchSize) {
      if (expectedBatchSize < 1) {
        throw new IllegalArgumentException(
            "expected batch size must be >= 1. Provided value: " + expectedBatchSize);
      }
      this.expectedBatchSize = expectedBatchSize;
      this.samplingRate = Double.NaN;
      return this;
    }

    /**
     * Microbatch size k >= 1 (default 1: per-example clipping). With k > 1 the sampled batch is
     * split into about {@code q * n / k} microbatches whose mean gradients are clipped as units,
     * which is cheaper but doubles the add/remove sensitivity; see {@link DpSgdTrainer}.
     */
    public Builder microbatchSize(int microbatchSize) {
      if (microbatchSize < 1) {
        throw new IllegalArgumentException(
            "microbatch size must be >= 1. Provided value: " + microbatchSize);
      }
      this.microbatchSize = microbatchSize;
      return this;
    }

    /** The randomness for sampling and noise; default {@link Randomness#secure()}. */
    public Builder random(SecureRandom random) {
      if (random == null) {
        throw new IllegalArgumentException("random must not be null. Provided value: null");
      }
      this.random = random;
      return this;
    }

    /**
     * @throws IllegalStateException if the clip norm, the noise multiplier, or both sampling rate
     *     and expected batch size were never set
     */
    public DpSgdConfig build() {
      if (Double.isNaN(l2NormClip)) {
        throw new IllegalStateException("l2 norm clip must be set");
      }
      if (Double.isNaN(noiseMultiplier)) {
        throw new IllegalStateException(
            "noise multiplier must be set (or insecureZeroNoiseForTesting() called)");
      }
      if (Double.isNaN(samplingRate) && expectedBatchSize == 0) {
        throw new IllegalStateException("sampling rate or expected batch size must be set");
      }
      if (random == null) {
        random = Randomness.secure();
      }
      return new DpSgdConfig(this);
    }
  }
}
