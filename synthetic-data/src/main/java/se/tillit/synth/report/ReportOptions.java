package se.tillit.synth.report;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Settings of a {@link SynthesisReport}. Immutable; build with {@link #builder()}. The defaults
 * keep an Adult-size report (30k rows, 15 columns) well under a minute on two cores.
 *
 * <p>A {@linkplain Builder#seed seed} makes the report reproducible (train/test split, subsamples,
 * forest); without one a fresh seed is drawn and reported. The report's randomness protects no
 * one, so a seed here is safe, unlike a seed for a synthesizer's noise.
 */
public final class ReportOptions {
  /** Default number of quantile bins per numeric column for marginal TVD. */
  public static final int DEFAULT_BINS = 20;
  /** Default cap on query rows in each nearest-neighbour search (DCR, membership inference). */
  public static final int DEFAULT_MAX_QUERY_ROWS = 5_000;
  /** Default cap on reference rows of a nearest-neighbour search. */
  public static final int DEFAULT_MAX_REFERENCE_ROWS = 50_000;
  /** Default share of the real rows held out when no holdout table is given. */
  public static final double DEFAULT_HOLDOUT_FRACTION = 0.2;
  /** Default number of trees of the random forest for TSTR/TRTR. */
  public static final int DEFAULT_TREES = 20;
  /** Default cap on the training rows of the random forest. */
  public static final int DEFAULT_MAX_TRAIN_ROWS = 50_000;

  private final String target;
  private final Long seed;
  private final int bins;
  private final int maxQueryRows;
  private final int maxReferenceRows;
  private final double holdoutFraction;
  private final int trees;
  private final int maxTrainRows;

  private ReportOptions(Builder b) {
    this.target = b.target;
    this.seed = b.seed;
    this.bins = b.bins;
    this.maxQueryRows = b.maxQueryRows;
    this.maxReferenceRows = b.maxReferenceRows;
    this.holdoutFraction = b.holdoutFraction;
    this.trees = b.trees;
    this.maxTrainRows = b.maxTrainRows;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All defaults: no target (no TSTR/TRTR), a fresh seed. */
  public static ReportOptions defaults() {
    return builder().build();
  }

  /** The column predicted for TSTR/TRTR accuracy, if any. */
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  public int bins() {
    return bins;
  }

  public int maxQueryRows() {
    return maxQueryRows;
  }

  public int maxReferenceRows() {
    return maxReferenceRows;
  }

  public double holdoutFraction() {
    return holdoutFraction;
  }

  public int trees() {
    return trees;
  }

  public int maxTrainRows() {
    return maxTrainRows;
  }

  @Override
  public String toString() {
    return "ReportOptions[target=" + target + ", seed=" + (seed == null ? "fresh" : "set")
        + ", bins=" + bins + ", maxQueryRows=" + maxQueryRows + ", maxReferenceRows="
        + maxReferenceRows + ", holdoutFraction=" + holdoutFraction + ", trees=" + trees
        + ", maxTrainRows=" + maxTrainRows + "]";
  }

  /** Builder; each setter rejects a bad value at once. */
  public static final class Builder {
    private String target;
    private Long seed;
    private int bins = DEFAULT_BINS;
    private int maxQueryRows = DEFAULT_MAX_QUERY_ROWS;
    private int maxReferenceRows = DEFAULT_MAX_REFERENCE_ROWS;
    private double holdoutFraction = DEFAULT_HOLDOUT_FRACTION;
    private int trees = DEFAULT_TREES;
    private int maxTrainRows = DEFAULT_MAX_TRAIN_ROWS;

    private Builder() {}

    /** The column to predict; null or absent = no utility metrics. */
    public Builder target(String target) {
      if (target != null && target.isBlank()) {
        throw new IllegalArgumentException(
            "target must be a column name or absent. Provided value: '" + target + "'");
      }
      this.target = target;
      return this;
    }

    /** A seed for reproducible splits and subsamples (see the class comment). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Quantile bins per numeric column; in [2, 1000]. */
    public Builder bins(int bins) {
      if (bins < 2 || bins > 1000) {
        throw new IllegalArgumentException(
            "bins must be >= 2 and <= 1000. Provided value: " + bins);
      }
      this.bins = bins;
      return this;
    }

    /** Cap on query rows of each nearest-neighbour search; in [10, 1,000,000]. */
    public Builder maxQueryRows(int rows) {
      if (rows < 10 || rows > 1_000_000) {
        throw new IllegalArgumentException(
            "maxQueryRows must be >= 10 and <= 1000000. Provided value: " + rows);
      }
      this.maxQueryRows = rows;
      return this;
    }

    /** Cap on reference rows of each nearest-neighbour search; in [100, 10,000,000]. */
    public Builder maxReferenceRows(int rows) {
      if (rows < 100 || rows > 10_000_000) {
        throw new IllegalArgumentException(
            "maxReferenceRows must be >= 100 and <= 10000000. Provided value: " + rows);
      }
      this.maxReferenceRows = rows;
      return this;
    }

    /** Share of real rows held out when no holdout table is given; in (0, 0.9]. */
    public Builder holdoutFraction(double fraction) {
      if (!(fraction > 0 && fraction <= 0.9)) {
        throw new IllegalArgumentException(
            "holdoutFraction must be > 0 and <= 0.9. Provided value: " + fraction);
      }
      this.holdoutFraction = fraction;
      return this;
    }

    /** Trees of the random forest; in [1, 1000]. */
    public Builder trees(int trees) {
      if (trees < 1 || trees > 1000) {
        throw new IllegalArgumentException(
            "trees must be >= 1 and <= 1000. Provided value: " + trees);
      }
      this.trees = trees;
      return this;
    }

    /** Cap on the forest's training rows (a seeded subsample above it); >= 10. */
    public Builder maxTrainRows(int rows) {
      if (rows < 10) {
        throw new IllegalArgumentException("maxTrainRows must be >= 10. Provided value: " + rows);
      }
      this.maxTrainRows = rows;
      return this;
    }

    public ReportOptions build() {
      return new ReportOptions(this);
    }
  }
}
