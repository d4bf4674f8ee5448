package se.tillit.fl.coordinator.strategy;

import java.util.Map;
import java.util.Objects;

/** One client's answer to a federated evaluation task: records evaluated and its metrics. */
public record EvaluateResult(String clientId, long numExamples, Map<String, Double> metrics) {
  public EvaluateResult {
    Objects.requireNonNull(clientId, "clientId");
    metrics = Map.copyOf(metrics);
  }
}
