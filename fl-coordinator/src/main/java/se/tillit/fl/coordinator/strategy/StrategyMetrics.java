package se.tillit.fl.coordinator.strategy;

/**
 * Names of the metrics that the strategies in this package put in {@link AggregateResult#metrics()}.
 * Besides these, an accepted round carries the example-weighted mean of every scalar the clients
 * reported (for example {@code loss}, {@code accuracy}), except {@code dp.*} values.
 */
public final class StrategyMetrics {
  private StrategyMetrics() {}

  /** 1 if the round was rejected and the global model kept, else 0. */
  public static final String ROUND_REJECTED = "round.rejected";
  /** Why a round was rejected: {@link #REASON_FAILURES_NOT_ACCEPTED} or {@link #REASON_TOO_FEW_CONTRIBUTORS}. */
  public static final String ROUND_REJECTED_REASON = "round.rejected_reason";
  /** The round had failures and the strategy does not accept them. */
  public static final double REASON_FAILURES_NOT_ACCEPTED = 1;
  /** Fewer clients contributed than the strategy's minimum. */
  public static final double REASON_TOO_FEW_CONTRIBUTORS = 2;
  /** Number of contributing clients. */
  public static final String ROUND_CONTRIBUTORS = "round.contributors";
  /** Number of sampled clients that did not contribute. */
  public static final String ROUND_FAILURES = "round.failures";
  /** Sum of the contributors' example counts. */
  public static final String NUM_EXAMPLES = "num_examples";
  /** The largest {@code dp.epsilon} (record-level) that a contributor reported. */
  public static final String DP_EPSILON_MAX = "dp.epsilon_max";

  /** The metric a client reports with adaptive clipping: 1 if its update norm was at most the clip norm. */
  public static final String CLIENT_DP_UNCLIPPED = "dp.unclipped";
  /** DP-FedAvg: the clip norm the clients used in this round. */
  public static final String DP_CLIP_NORM = "dp.clip_norm";
  /** DP-FedAvg with adaptive clipping: the clip norm for the next round. */
  public static final String DP_CLIP_NORM_NEXT = "dp.clip_norm_next";
  /** DP-FedAvg: standard deviation of the Gaussian noise added to the sum of clipped updates. */
  public static final String DP_NOISE_STD = "dp.noise_std";
  /** DP-FedAvg: the noise multiplier of the whole round (what the accountant uses). */
  public static final String DP_NOISE_MULTIPLIER = "dp.noise_multiplier";
  /** DP-FedAvg with adaptive clipping: the noised fraction of clients that were not clipped. */
  public static final String DP_UNCLIPPED_FRACTION = "dp.unclipped_fraction";
  /** Krum: how many client updates were selected. */
  public static final String KRUM_SELECTED = "krum.selected";
}
