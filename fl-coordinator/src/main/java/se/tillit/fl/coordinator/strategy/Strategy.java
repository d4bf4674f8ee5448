package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Map;
import se.tillit.fl.protocol.ModelParameters;

/**
 * How a federated run turns client updates into the next global model (FedAvg, FedProx, FedAdam,
 * FedYogi, FedAdagrad, coordinate median, trimmed mean, Krum, and the DP-FedAvg decorator).
 *
 * <p>Clients upload <em>deltas</em> (local parameters minus the round's global parameters). The
 * coordinator sums them with an {@link Aggregator} weighted by {@link #weighting()} and hands the
 * sum to {@link #aggregateTrain}; only strategies that {@link #needsIndividualUpdates() need} each
 * update get them, and those cannot be combined with secure aggregation.
 *
 * <p>A strategy may hold state across rounds (server optimiser moments, an adaptive clipping
 * norm); {@link #saveState()} and {@link #restoreState(byte[])} carry it through a checkpoint so
 * that a restarted coordinator resumes exactly. The coordinator calls a strategy from one thread
 * at a time.
 */
public interface Strategy {

  /** How each client's delta is weighted in the sum. */
  enum Weighting {
    /** By the number of examples the client trained on (FedAvg). */
    EXAMPLES,
    /** Every client counts once (DP-FedAvg, whose sensitivity needs bounded weights). */
    UNIFORM
  }

  /** The name used in run files, e.g. {@code fedavg}. */
  String name();

  default Weighting weighting() {
    return Weighting.EXAMPLES;
  }

  /** True for robust strategies that need each client's update, not just the sum. */
  default boolean needsIndividualUpdates() {
    return false;
  }

  /** The settings of round {@code round}'s training tasks, given the run's base settings. */
  default TrainSettings configureTrain(long round, TrainSettings base) {
    return base;
  }

  /**
   * Computes the next global model from round {@code round}'s updates.
   *
   * @param global the model the clients trained from in this round
   * @param updates the aggregated sum (and individual updates if needed) of the contributors;
   *     contains at least one contributor
   * @param failures the sampled clients that did not contribute, and why
   */
  AggregateResult aggregateTrain(
      long round, ModelParameters global, RoundUpdates updates, List<ClientFailure> failures);

  /**
   * Combines a federated evaluation round's results; by default the example-weighted mean of each
   * metric, plus {@code num_examples}.
   */
  default Map<String, Double> aggregateEvaluate(
      long round, List<EvaluateResult> results, List<ClientFailure> failures) {
    java.util.Map<String, Double> sums = new java.util.TreeMap<>();
    long total = 0;
    for (EvaluateResult r : results) {
      total += r.numExamples();
      for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
        sums.merge(e.getKey(), e.getValue() * r.numExamples(), Double::sum);
      }
    }
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    if (total > 0) {
      long n = total;
      sums.forEach((k, v) -> out.put(k, v / n));
    }
    out.put("num_examples", (double) total);
    return out;
  }

  /** The strategy's state across rounds, for checkpoints; empty if it has none. */
  default byte[] saveState() {
    return new byte[0];
  }

  /** Restores what {@link #saveState()} returned. */
  default void restoreState(byte[] state) {}
}
