package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Objects;

/**
 * What a strategy receives at the end of a training round.
 *
 * @param sum the aggregated sum of the contributors' weighted deltas (always present)
 * @param reports every contributor's report (examples and scalar metrics)
 * @param individual each contributor's own delta; present (non-empty) only when the strategy
 *     {@link Strategy#needsIndividualUpdates() needs individual updates}, and never when the
 *     aggregation is secure
 */
public record RoundUpdates(WeightedSum sum, List<ClientReport> reports, List<ClientUpdate> individual) {
  public RoundUpdates {
    Objects.requireNonNull(sum, "sum");
    reports = List.copyOf(reports);
    individual = List.copyOf(individual);
  }
}
