package se.tillit.fl.simulation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a finished {@link Simulation}.
 *
 * @param federatedAccuracy the final global model's accuracy on the held-out test split
 * @param centralizedAccuracy the centrally trained baseline's accuracy on the same split, or null
 * @param epsilonByClient epsilon spent per client at {@code delta} (empty without DP)
 */
public record SimulationResult(
    int clients,
    int rounds,
    double federatedAccuracy,
    double federatedLoss,
    Double centralizedAccuracy,
    Map<String, Double> epsilonByClient,
    double delta,
    int testRows,
    int trainRows,
    double federatedSeconds,
    double totalSeconds,
    List<Map<String, Object>> roundHistory) {

  public SimulationResult {
    epsilonByClient = Map.copyOf(epsilonByClient);
    roundHistory = List.copyOf(roundHistory);
  }

  /** The largest epsilon spent by any client, or NaN without DP. */
  public double maxEpsilon() {
    return epsilonByClient.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The answer of {@code tillit simulate --json}. */
  public Map<String, Object> toJson(boolean withRounds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("federated_accuracy", federatedAccuracy);
    if (centralizedAccuracy != null) {
      m.put("centralized_accuracy", centralizedAccuracy);
      m.put("accuracy_gap", centralizedAccuracy - federatedAccuracy);
    }
    m.put("federated_loss", federatedLoss);
    m.put("rounds", rounds);
    m.put("clients", clients);
    if (!epsilonByClient.isEmpty()) {
      m.put("epsilon", epsilonByClient);
      m.put("epsilon_max", maxEpsilon());
      m.put("delta", delta);
    }
    m.put("train_rows", trainRows);
    m.put("test_rows", testRows);
    m.put("federated_seconds", federatedSeconds);
    m.put("total_seconds", totalSeconds);
    if (withRounds) {
      m.put("round_history", roundHistory);
    }
    return m;
  }
}
