package se.tillit.fl.coordinator.strategy;

import java.util.Map;
import java.util.Objects;
import se.tillit.fl.protocol.ModelParameters;

/**
 * A strategy's outcome for a training round: the next global model and the round's metrics (for
 * example the weighted mean of the clients' {@code loss}, {@code dp.clip_norm}).
 */
public record AggregateResult(ModelParameters global, Map<String, Double> metrics) {
  public AggregateResult {
    Objects.requireNonNull(global, "global");
    metrics = Map.copyOf(metrics);
  }
}
