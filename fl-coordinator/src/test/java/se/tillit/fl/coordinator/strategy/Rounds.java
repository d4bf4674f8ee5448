package se.tillit.fl.coordinator.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;

/** Builds rounds the way the coordinator does: deltas summed by the real PlainSumAggregator. */
final class Rounds {
  private Rounds() {}

  static ModelParameters model(double... values) {
    return ModelParameters.of(Tensor.ofDoubles("w", values));
  }

  static ModelParameters floatModel(float... values) {
    return ModelParameters.of(Tensor.ofFloats("w", values));
  }

  static ClientUpdate update(String client, long examples, double... delta) {
    return update(client, examples, Map.of(), delta);
  }

  static ClientUpdate update(
      String client, long examples, Map<String, Double> metrics, double... delta) {
    return new ClientUpdate(new ClientReport(client, examples, metrics), model(delta));
  }

  static ClientUpdate update(String client, long examples, ModelParameters delta) {
    return new ClientUpdate(new ClientReport(client, examples, Map.of()), delta);
  }

  static ClientFailure failure(String client) {
    return new ClientFailure(client, ClientFailure.Kind.TIMEOUT, "deadline");
  }

  /** Sums the updates with the strategy's weighting; individual updates only if it needs them. */
  static RoundUpdates round(Strategy strategy, ModelParameters global, List<ClientUpdate> updates) {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, global.specs());
    List<ClientReport> reports = new ArrayList<>();
    for (ClientUpdate u : updates) {
      double weight =
          strategy.weighting() == Strategy.Weighting.EXAMPLES ? u.numExamples() : 1.0;
      acc.add(u.clientId(), u.delta(), weight);
      reports.add(u.report());
    }
    return new RoundUpdates(
        acc.finish(), reports, strategy.needsIndividualUpdates() ? updates : List.of());
  }

  static AggregateResult train(
      Strategy strategy, ModelParameters global, List<ClientUpdate> updates,
      List<ClientFailure> failures) {
    return strategy.aggregateTrain(1, global, round(strategy, global, updates), failures);
  }

  static AggregateResult train(Strategy strategy, ModelParameters global, ClientUpdate... updates) {
    return train(strategy, global, List.of(updates), List.of());
  }

  static double[] values(AggregateResult r) {
    return r.global().toFlatDoubles();
  }
}
