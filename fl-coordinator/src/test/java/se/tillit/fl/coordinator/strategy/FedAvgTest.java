package se.tillit.fl.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static se.tillit.fl.coordinator.strategy.Rounds.failure;
import static se.tillit.fl.coordinator.strategy.Rounds.model;
import static se.tillit.fl.coordinator.strategy.Rounds.train;
import static se.tillit.fl.coordinator.strategy.Rounds.update;
import static se.tillit.fl.coordinator.strategy.Rounds.values;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.ModelParameters;

class FedAvgTest {
  private static final ModelParameters GLOBAL = model(1, 2);

  @Test
  void aggregateTrain_twoClients_addsExampleWeightedMeanDelta() {
    // mean = (1 * [1, 0] + 3 * [0, 4]) / 4 = [0.25, 3]
    AggregateResult r = train(FedAvg.create(), GLOBAL,
        update("a", 1, 1, 0), update("b", 3, 0, 4));

    assertThat(values(r)).containsExactly(1.25, 5.0);
    assertThat(r.metrics())
        .containsEntry(StrategyMetrics.ROUND_REJECTED, 0.0)
        .containsEntry(StrategyMetrics.ROUND_CONTRIBUTORS, 2.0)
        .containsEntry(StrategyMetrics.NUM_EXAMPLES, 4.0);
  }

  @Test
  void aggregateTrain_serverLearningRate_scalesStep() {
    AggregateResult r = train(new FedAvg(RoundPolicy.DEFAULT, 0.5), GLOBAL,
        update("a", 1, 1, 0), update("b", 3, 0, 4));

    assertThat(values(r)).containsExactly(1.125, 3.5);
  }

  @Test
  void aggregateTrain_flowerFedAvgNumbers_reproduced() {
    // Flower's weighted average ("aggregate" in framework/py/flwr/server/strategy/aggregate.py):
    // models 0.2 and 1.0 with 5 examples each from 0.1 average to 0.6.
    AggregateResult r = train(FedAvg.create(), Rounds.floatModel(0.1f, 0.1f),
        new ClientUpdate(new ClientReport("0", 5, Map.of()), Rounds.floatModel(0.1f, 0.1f)),
        new ClientUpdate(new ClientReport("1", 5, Map.of()), Rounds.floatModel(0.9f, 0.9f)));

    // Flower asserts float32 equality; the sum here is in double and rounded once to float32.
    for (float v : r.global().tensors().get(0).toFloatArray()) {
      assertThat(v).isCloseTo(0.6f, within(1e-7f));
    }
  }

  @Test
  void aggregateTrain_clientMetrics_weightedMeanWithoutUnclippedBits() {
    AggregateResult r = train(FedAvg.create(), GLOBAL,
        update("a", 1, Map.of("loss", 1.0, "dp.unclipped", 1.0, "dp.epsilon", 0.5), 0, 0),
        update("b", 3, Map.of("loss", 3.0, "dp.unclipped", 0.0, "dp.epsilon", 0.8), 0, 0));

    assertThat(r.metrics().get("loss")).isCloseTo(2.5, within(1e-12));
    assertThat(r.metrics()).containsEntry(StrategyMetrics.DP_EPSILON_MAX, 0.8);
    assertThat(r.metrics().keySet()).noneMatch(k -> k.startsWith("dp.unclipped"));
  }

  @Test
  void aggregateTrain_failuresNotAccepted_keepsGlobalAndSaysSo() {
    FedAvg strategy = new FedAvg(new RoundPolicy(false, 1), 1.0);

    AggregateResult r = train(strategy, GLOBAL,
        List.of(update("a", 1, 5, 5)), List.of(failure("b")));

    assertThat(r.global()).isEqualTo(GLOBAL);
    assertThat(r.metrics())
        .containsEntry(StrategyMetrics.ROUND_REJECTED, 1.0)
        .containsEntry(StrategyMetrics.ROUND_REJECTED_REASON,
            StrategyMetrics.REASON_FAILURES_NOT_ACCEPTED)
        .containsEntry(StrategyMetrics.ROUND_FAILURES, 1.0);
  }

  @Test
  void aggregateTrain_failuresAccepted_aggregatesContributors() {
    AggregateResult r = train(FedAvg.create(), GLOBAL,
        List.of(update("a", 1, 5, 5)), List.of(failure("b")));

    assertThat(values(r)).containsExactly(6.0, 7.0);
    assertThat(r.metrics())
        .containsEntry(StrategyMetrics.ROUND_REJECTED, 0.0)
        .containsEntry(StrategyMetrics.ROUND_FAILURES, 1.0);
  }

  @Test
  void aggregateTrain_belowMinContributors_rejected() {
    FedAvg strategy = new FedAvg(new RoundPolicy(true, 3), 1.0);

    AggregateResult r = train(strategy, GLOBAL, update("a", 1, 5, 5), update("b", 1, 5, 5));

    assertThat(r.global()).isEqualTo(GLOBAL);
    assertThat(r.metrics()).containsEntry(StrategyMetrics.ROUND_REJECTED_REASON,
        StrategyMetrics.REASON_TOO_FEW_CONTRIBUTORS);
  }

  @Test
  void constructor_badServerLearningRate_rejected() {
    for (double eta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new FedAvg(RoundPolicy.DEFAULT, eta))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("server_lr must be positive and finite");
    }
    assertThatThrownBy(() -> new RoundPolicy(true, 0))
        .hasMessageContaining("min_contributors must be at least 1");
  }

  @Test
  void fedProx_configureTrain_setsMuAndAggregatesAsFedAvg() {
    FedProx prox = new FedProx(RoundPolicy.DEFAULT, 0.01, 1.0);
    TrainSettings base = new TrainSettings(1, 32, 0.05, 0, 0, false, Map.of());

    assertThat(prox.configureTrain(4, base).proximalMu()).isEqualTo(0.01);
    assertThat(values(train(prox, GLOBAL, update("a", 1, 1, 0), update("b", 3, 0, 4))))
        .containsExactly(1.25, 5.0);
    assertThatThrownBy(() -> new FedProx(RoundPolicy.DEFAULT, -0.1, 1.0))
        .hasMessageContaining("mu must be finite and >= 0");
  }

  @Test
  void aggregateEvaluate_default_exampleWeighted() {
    Map<String, Double> m = FedAvg.create().aggregateEvaluate(1, List.of(
        new EvaluateResult("a", 1, Map.of("accuracy", 0.5)),
        new EvaluateResult("b", 3, Map.of("accuracy", 0.9))), List.of());

    assertThat(m.get("accuracy")).isCloseTo(0.8, within(1e-12));
    assertThat(m).containsEntry("num_examples", 4.0);
  }
}
