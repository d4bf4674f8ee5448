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

class RobustStrategiesTest {
  private static final double EPS = 1e-12;

  // Flower's tests (adap/flower framework/py/flwr/server/strategy/fedmedian_test.py,
  // krum_test.py, multikrum_test.py) start from 0.1 and give the clients' models; here the
  // clients send the deltas from 0.1.
  private static AggregateResult flowerRound(Strategy s, double... models) {
    ModelParameters global = model(0.1, 0.1, 0.1, 0.1);
    ClientUpdate[] ups = new ClientUpdate[models.length];
    for (int i = 0; i < models.length; i++) {
      double d = models[i] - 0.1;
      ups[i] = update(String.valueOf(i), 5, d, d, d, d);
    }
    return train(s, global, ups);
  }

  private static void assertAllClose(double[] actual, double expected) {
    for (double v : actual) {
      assertThat(v).isCloseTo(expected, within(EPS));
    }
  }

  @Test
  void median_flowerTestVector_reproduced() {
    assertAllClose(values(flowerRound(new CoordinateMedian(RoundPolicy.DEFAULT), 0.2, 1.0, 0.5)), 0.5);
  }

  @Test
  void median_evenCount_meanOfMiddleTwo() {
    AggregateResult r = train(new CoordinateMedian(RoundPolicy.DEFAULT), model(0, 0),
        update("a", 1, 1, 40), update("b", 1, 2, 30), update("c", 1, 3, 20),
        update("d", 1, 10, 10));

    assertThat(values(r)).containsExactly(2.5, 25.0);
  }

  @Test
  void trimmedMean_quarterTrimmed_dropsExtremesPerCoordinate() {
    // n = 4, beta 0.25: one value cut from each side of each coordinate.
    AggregateResult r = train(new TrimmedMean(RoundPolicy.DEFAULT, 0.25), model(1, 1),
        update("a", 1, 1, -100), update("b", 1, 2, 5), update("c", 1, 3, 6),
        update("d", 1, 100, 7));

    assertThat(values(r)).containsExactly(1 + 2.5, 1 + 5.5);
  }

  @Test
  void trimmedMean_betaBelowOneClient_isPlainMean() {
    // n = 4, beta 0.2: floor(0.8) = 0 values cut (as scipy.stats.trim_mean and Flower).
    AggregateResult r = train(new TrimmedMean(RoundPolicy.DEFAULT, 0.2), model(0),
        update("a", 1, 1), update("b", 1, 2), update("c", 1, 3), update("d", 1, 10));

    assertThat(values(r)[0]).isCloseTo(4.0, within(EPS));
  }

  @Test
  void krum_flowerTestVector_reproduced() {
    // f = 1, n = 3: each client scores its single nearest neighbour; 0.7 and 1.0 tie (0.36),
    // the first is taken, as numpy's argmin in Flower.
    AggregateResult r = flowerRound(new Krum(RoundPolicy.DEFAULT, 1, 1), 0.2, 0.7, 1.0);

    assertAllClose(values(r), 0.7);
    assertThat(r.metrics()).containsEntry(StrategyMetrics.KRUM_SELECTED, 1.0);
  }

  @Test
  void multiKrum_flowerTestVector_reproduced() {
    AggregateResult r = flowerRound(new Krum(RoundPolicy.DEFAULT, 1, 2), 0.2, 0.5, 1.0);

    assertAllClose(values(r), 0.35);
    assertThat(r.metrics()).containsEntry(StrategyMetrics.KRUM_SELECTED, 2.0);
  }

  @Test
  void krum_handComputedScores_picksDensestPoint() {
    // 1-D deltas 0, 1, 3, 10 with f = 0: n - f - 2 = 2 neighbours.
    // squared distances: 0:{1, 9, 100} -> 10; 1:{1, 4, 81} -> 5; 3:{9, 4, 49} -> 13; 10 -> 49+81.
    AggregateResult krum = train(new Krum(RoundPolicy.DEFAULT, 0, 1), model(0),
        update("a", 1, 0), update("b", 1, 1), update("c", 1, 3), update("d", 1, 10));
    AggregateResult multi = train(new Krum(RoundPolicy.DEFAULT, 0, 3), model(0),
        update("a", 1, 0), update("b", 1, 1), update("c", 1, 3), update("d", 1, 10));

    assertThat(values(krum)).containsExactly(1.0);
    assertThat(values(multi)[0]).isCloseTo(4.0 / 3, within(EPS));
  }

  /** Four honest clients near [1, -1] and one Byzantine client sending a huge delta. */
  private static AggregateResult byzantineRound(Strategy s) {
    return train(s, model(0, 0),
        update("h1", 10, 1.0, -1.0), update("h2", 10, 1.1, -0.9), update("h3", 10, 0.9, -1.1),
        update("h4", 10, 1.05, -0.95), update("evil", 10, 1e6, -1e6));
  }

  @Test
  void robustStrategies_byzantineOutlier_boundedWhileFedAvgIsNot() {
    List<Strategy> robust = List.of(
        new CoordinateMedian(RoundPolicy.DEFAULT),
        new TrimmedMean(RoundPolicy.DEFAULT, 0.2),
        new Krum(RoundPolicy.DEFAULT, 1, 1),
        new Krum(RoundPolicy.DEFAULT, 1, 3));
    for (Strategy s : robust) {
      double[] x = values(byzantineRound(s));
      assertThat(x[0]).as(s.toString()).isBetween(0.9, 1.1);
      assertThat(x[1]).as(s.toString()).isBetween(-1.1, -0.9);
    }
    double[] avg = values(byzantineRound(FedAvg.create()));
    assertThat(avg[0]).isGreaterThan(1e5);
  }

  @Test
  void robustStrategies_ignoreExampleCounts() {
    for (Strategy s : List.of(new CoordinateMedian(RoundPolicy.DEFAULT),
        new TrimmedMean(RoundPolicy.DEFAULT, 0.0), new Krum(RoundPolicy.DEFAULT, 0, 3))) {
      AggregateResult r = train(s, model(0),
          update("a", 1000, 1), update("b", 1, 2), update("c", 1, 3));
      assertThat(values(r)[0]).as(s.toString()).isCloseTo(2.0, within(EPS));
      assertThat(s.needsIndividualUpdates()).isTrue();
    }
  }

  @Test
  void robustStrategies_acceptFailuresFalse_rejectRound() {
    Strategy s = new CoordinateMedian(new RoundPolicy(false, 1));

    AggregateResult r = train(s, model(0), List.of(update("a", 1, 1), update("b", 1, 2)),
        List.of(failure("c")));

    assertThat(values(r)).containsExactly(0.0);
    assertThat(r.metrics()).containsEntry(StrategyMetrics.ROUND_REJECTED, 1.0);
  }

  @Test
  void aggregateTrain_withoutIndividualUpdates_illegalState() {
    Strategy s = new Krum(RoundPolicy.DEFAULT, 0, 1);
    RoundUpdates sumOnly = new RoundUpdates(
        new WeightedSum(new double[] {1}, 1, List.of("a")),
        List.of(new ClientReport("a", 1, Map.of())), List.of());

    assertThatThrownBy(() -> s.aggregateTrain(1, model(0), sumOnly, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs each client's update");
  }

  @Test
  void constructors_badParameters_rejected() {
    assertThatThrownBy(() -> new TrimmedMean(RoundPolicy.DEFAULT, 0.5))
        .hasMessageContaining("beta must be >= 0 and < 0.5");
    assertThatThrownBy(() -> new Krum(RoundPolicy.DEFAULT, -1, 1))
        .hasMessageContaining("f must be >= 0");
    assertThatThrownBy(() -> new Krum(RoundPolicy.DEFAULT, 0, 0))
        .hasMessageContaining("m must be >= 1");
  }
}
