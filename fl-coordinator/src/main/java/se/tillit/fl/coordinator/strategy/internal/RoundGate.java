package se.tillit.fl.coordinator.strategy.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.tillit.fl.coordinator.strategy.AggregateResult;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.coordinator.strategy.ClientReport;
import se.tillit.fl.coordinator.strategy.RoundPolicy;
import se.tillit.fl.coordinator.strategy.RoundUpdates;
import se.tillit.fl.coordinator.strategy.StrategyMetrics;
import se.tillit.fl.protocol.ModelParameters;

/**
 * The round-acceptance rule shared by all strategies, and the metrics every round reports.
 * Internal: not part of the public API.
 */
public final class RoundGate {
  private RoundGate() {}

  /**
   * The rejection of this round under {@code policy} (the global model unchanged, with the reason
   * in the metrics), or {@code null} if the round may be aggregated.
   */
  public static AggregateResult rejectionOrNull(
      RoundPolicy policy, ModelParameters global, RoundUpdates updates,
      List<ClientFailure> failures) {
    int contributors = updates.reports().size();
    double reason = 0;
    if (!policy.acceptFailures() && !failures.isEmpty()) {
      reason = StrategyMetrics.REASON_FAILURES_NOT_ACCEPTED;
    } else if (contributors < policy.minContributors()) {
      reason = StrategyMetrics.REASON_TOO_FEW_CONTRIBUTORS;
    }
    if (reason == 0) {
      return null;
    }
    Map<String, Double> metrics = baseMetrics(updates, failures);
    metrics.put(StrategyMetrics.ROUND_REJECTED, 1.0);
    metrics.put(StrategyMetrics.ROUND_REJECTED_REASON, reason);
    return new AggregateResult(global, metrics);
  }

  /**
   * The metrics of an accepted round: the example-weighted mean of each scalar the clients
   * reported, except {@code dp.*} values ({@code dp.unclipped} bits are private inputs to adaptive
   * clipping and are never released; for {@code dp.epsilon} the maximum over clients is given as
   * {@code dp.epsilon_max}), plus the round counters.
   */
  public static Map<String, Double> acceptedMetrics(
      RoundUpdates updates, List<ClientFailure> failures) {
    Map<String, Double> metrics = baseMetrics(updates, failures);
    metrics.putAll(clientMetricMeans(updates.reports()));
    metrics.put(StrategyMetrics.ROUND_REJECTED, 0.0);
    return metrics;
  }

  private static Map<String, Double> baseMetrics(
      RoundUpdates updates, List<ClientFailure> failures) {
    Map<String, Double> metrics = new TreeMap<>();
    metrics.put(StrategyMetrics.ROUND_CONTRIBUTORS, (double) updates.reports().size());
    metrics.put(StrategyMetrics.ROUND_FAILURES, (double) failures.size());
    long examples = 0;
    for (ClientReport r : updates.reports()) {
      examples += r.numExamples();
    }
    metrics.put(StrategyMetrics.NUM_EXAMPLES, (double) examples);
    return metrics;
  }

  private static Map<String, Double> clientMetricMeans(List<ClientReport> reports) {
    Map<String, double[]> sums = new TreeMap<>(); // name -> {weighted sum, weight}
    double epsilonMax = Double.NaN;
    for (ClientReport r : reports) {
      for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
        String name = e.getKey();
        double value = e.getValue() == null ? Double.NaN : e.getValue();
        if (!Double.isFinite(value)) {
          continue;
        }
        if (name.equals("dp.epsilon")) {
          epsilonMax = Double.isNaN(epsilonMax) ? value : Math.max(epsilonMax, value);
          continue;
        }
        if (name.startsWith("dp.") || name.startsWith("round.") || name.equals("num_examples")) {
          continue;
        }
        double[] acc = sums.computeIfAbsent(name, k -> new double[2]);
        acc[0] += value * r.numExamples();
        acc[1] += r.numExamples();
      }
    }
    Map<String, Double> out = new TreeMap<>();
    sums.forEach((k, v) -> out.put(k, v[0] / v[1]));
    if (!Double.isNaN(epsilonMax)) {
      out.put(StrategyMetrics.DP_EPSILON_MAX, epsilonMax);
    }
    return out;
  }
}
