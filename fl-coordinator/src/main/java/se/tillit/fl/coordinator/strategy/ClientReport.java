package se.tillit.fl.coordinator.strategy;

import java.util.Map;
import java.util.Objects;

/**
 * What a client reported with its result in one round: how many records the result is based on and
 * its scalar metrics (for example {@code loss}, {@code accuracy}, {@code dp.epsilon},
 * {@code dp.unclipped}). Never holds tensor data.
 */
public record ClientReport(String clientId, long numExamples, Map<String, Double> metrics) {
  public ClientReport {
    Objects.requireNonNull(clientId, "clientId");
    if (numExamples <= 0) {
      throw new IllegalArgumentException(
          "numExamples must be positive. Provided value: " + numExamples);
    }
    metrics = Map.copyOf(metrics);
  }
}
