package se.tillit.fl.coordinator.strategy;

/**
 * When a strategy accepts a training round's results, shared by every strategy here. A rejected
 * round leaves the global model unchanged and reports {@link StrategyMetrics#ROUND_REJECTED} = 1
 * with a {@link StrategyMetrics#ROUND_REJECTED_REASON}; strategy state (server optimiser moments)
 * is not advanced by a rejected round.
 *
 * @param acceptFailures Flower's {@code accept_failures}: if false, a round in which any sampled
 *     client failed (timed out, disconnected, errored, was over budget or was rejected) is
 *     rejected as a whole
 * @param minContributors the fewest contributing clients with which a round is aggregated, at
 *     least 1
 */
public record RoundPolicy(boolean acceptFailures, int minContributors) {
  /** Accept failures, aggregate from one contributor on (Flower's default behaviour). */
  public static final RoundPolicy DEFAULT = new RoundPolicy(true, 1);

  public RoundPolicy {
    if (minContributors < 1) {
      throw new IllegalArgumentException(
          "min_contributors must be at least 1. Provided value: " + minContributors);
    }
  }
}
