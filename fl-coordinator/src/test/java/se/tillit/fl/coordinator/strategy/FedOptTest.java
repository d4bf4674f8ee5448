package se.tillit.fl.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static se.tillit.fl.coordinator.strategy.Rounds.failure;
import static se.tillit.fl.coordinator.strategy.Rounds.model;
import static se.tillit.fl.coordinator.strategy.Rounds.train;
import static se.tillit.fl.coordinator.strategy.Rounds.update;
import static se.tillit.fl.coordinator.strategy.Rounds.values;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.ModelParameters;

class FedOptTest {
  private static final double EPS = 1e-15;

  /** Two rounds with pseudo-gradients [1, -2] then [1, 0], from x = [0, 0]. */
  private static double[][] twoRounds(FedOpt strategy) {
    ModelParameters x = model(0, 0);
    AggregateResult r1 = train(strategy, x, update("a", 2, 1, -2));
    AggregateResult r2 = train(strategy, r1.global(), update("a", 2, 1, 0));
    return new double[][] {values(r1), values(r2)};
  }

  @Test
  void fedAdam_twoRounds_matchHandComputation() {
    // eta 0.1, beta1 0.9, beta2 0.99, tau 0.1.
    // Round 1: m = 0.1 d = [0.1, -0.2]; v = 0.01 d^2 = [0.01, 0.04];
    //   x = 0.1 m / (sqrt(v) + 0.1) = [0.1 * 0.1 / 0.2, 0.1 * -0.2 / 0.3] = [0.05, -0.0666...].
    // Round 2: m = [0.19, -0.18]; v = [0.0199, 0.0396];
    //   x0 = 0.05 + 0.1 * 0.19 / (sqrt(0.0199) + 0.1) = 0.128816145...
    //   x1 = -0.0666... + 0.1 * -0.18 / (sqrt(0.0396) + 0.1) = -0.126867841...
    double[][] x = twoRounds(new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1));

    assertThat(x[0][0]).isCloseTo(0.05, within(EPS));
    assertThat(x[0][1]).isCloseTo(-0.2 / 3, within(EPS));
    assertThat(x[1][0]).isCloseTo(0.12881614506429467, within(EPS));
    assertThat(x[1][1]).isCloseTo(-0.12686784144990418, within(EPS));
  }

  @Test
  void fedYogi_twoRounds_matchHandComputation() {
    // Round 1 as FedAdam (v starts at 0: v = 0 - 0.01 d^2 sign(-d^2) = 0.01 d^2).
    // Round 2: v0 = 0.01 - 0.01 * 1 * sign(0.01 - 1) = 0.02; v1 = 0.04 - 0 = 0.04;
    //   x0 = 0.05 + 0.1 * 0.19 / (sqrt(0.02) + 0.1) = 0.128700576...
    //   x1 = -0.0666... + 0.1 * -0.18 / (0.2 + 0.1) = -0.126666...
    double[][] x = twoRounds(new FedYogi(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1));

    assertThat(x[0][0]).isCloseTo(0.05, within(EPS));
    assertThat(x[1][0]).isCloseTo(0.12870057685088798, within(EPS));
    assertThat(x[1][1]).isCloseTo(-0.38 / 3, within(EPS));
  }

  @Test
  void fedAdagrad_twoRounds_matchHandComputation() {
    // beta1 0: m = d. Round 1: v = d^2 = [1, 4]; x = 0.1 * [1 / 1.1, -2 / 2.1].
    // Round 2: v = [2, 4], m = [1, 0]; x0 += 0.1 / (sqrt(2) + 0.1); x1 unchanged.
    double[][] x = twoRounds(new FedAdagrad(RoundPolicy.DEFAULT, 0.1, 0.0, 0.1));

    assertThat(x[0][0]).isCloseTo(0.1 / 1.1, within(EPS));
    assertThat(x[0][1]).isCloseTo(-0.2 / 2.1, within(EPS));
    assertThat(x[1][0]).isCloseTo(0.1 / 1.1 + 0.1 / (Math.sqrt(2) + 0.1), within(EPS));
    assertThat(x[1][1]).isCloseTo(-0.2 / 2.1, within(EPS));
  }

  @Test
  void fedAdagrad_flowerTestVector_reproduced() {
    // Flower's fedadagrad_test.py (adap/flower framework/py/flwr/server/strategy): global 0.1,
    // clients 0.2 and 1.0 with 5 examples each, eta 0.1, tau 0.5 -> 0.15 (float32).
    ModelParameters global = Rounds.floatModel(0.1f, 0.1f, 0.1f, 0.1f);
    FedAdagrad strategy = new FedAdagrad(RoundPolicy.DEFAULT, 0.1, 0.0, 0.5);

    AggregateResult r = train(strategy, global,
        new ClientUpdate(new ClientReport("0", 5, Map.of()),
            Rounds.floatModel(0.2f - 0.1f, 0.2f - 0.1f, 0.2f - 0.1f, 0.2f - 0.1f)),
        new ClientUpdate(new ClientReport("1", 5, Map.of()),
            Rounds.floatModel(1.0f - 0.1f, 1.0f - 0.1f, 1.0f - 0.1f, 1.0f - 0.1f)));

    for (float v : r.global().tensors().get(0).toFloatArray()) {
      assertThat(v).isCloseTo(0.15f, within(1e-7f));
    }
  }

  @Test
  void saveState_restoredIntoFreshInstance_nextRoundsIdentical() {
    FedAdam original = new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 1e-3);
    ModelParameters x = model(0.5, -0.5, 2);
    for (int t = 0; t < 3; t++) {
      x = train(original, x, update("a", 3, 0.1 * t, -0.2, 0.3), update("b", 1, 1, 0.5, -t))
          .global();
    }
    byte[] state = original.saveState();
    FedAdam restored = new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 1e-3);
    restored.restoreState(state);

    assertThat(restored.steps()).isEqualTo(3);
    assertThat(restored.saveState()).isEqualTo(state);
    ModelParameters a = x;
    ModelParameters b = x;
    for (int t = 0; t < 3; t++) {
      a = train(original, a, update("a", 2, 0.3, t, -1)).global();
      b = train(restored, b, update("a", 2, 0.3, t, -1)).global();
      assertThat(Arrays.equals(a.toFlatDoubles(), b.toFlatDoubles())).isTrue();
    }
    // A fresh instance without the moments takes a different step.
    FedAdam fresh = new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 1e-3);
    assertThat(values(train(fresh, x, update("a", 2, 0.3, 0, -1))))
        .isNotEqualTo(values(train(restored, x, update("a", 2, 0.3, 0, -1))));
  }

  @Test
  void restoreState_otherStrategysOrCorruptState_rejected() {
    FedYogi yogi = new FedYogi(RoundPolicy.DEFAULT, 0.01, 0.9, 0.99, 1e-3);
    train(yogi, model(0, 0), update("a", 1, 1, 1));
    byte[] state = yogi.saveState();
    FedAdam adam = new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 1e-9);

    assertThatThrownBy(() -> adam.restoreState(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fedadam")
        .hasMessageContaining("fedyogi");
    assertThatThrownBy(() -> yogi.restoreState(Arrays.copyOf(state, state.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> yogi.restoreState(new byte[] {1, 2, 3, 4, 5}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoreState_empty_resetsMoments() {
    FedAdam adam = new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1);
    train(adam, model(0, 0), update("a", 1, 5, 5));
    adam.restoreState(new byte[0]);

    assertThat(adam.steps()).isZero();
    double[] x = values(train(adam, model(0, 0), update("a", 2, 1, -2)));
    assertThat(x[0]).isCloseTo(0.05, within(EPS));
    assertThat(x[1]).isCloseTo(-0.2 / 3, within(EPS));
  }

  @Test
  void aggregateTrain_rejectedRound_doesNotAdvanceMoments() {
    FedAdam adam = new FedAdam(new RoundPolicy(false, 1), 0.1, 0.9, 0.99, 0.1);
    byte[] before = adam.saveState();

    AggregateResult r = train(adam, model(0, 0), List.of(update("a", 1, 1, 1)),
        List.of(failure("b")));

    assertThat(r.metrics()).containsEntry(StrategyMetrics.ROUND_REJECTED, 1.0);
    assertThat(adam.saveState()).isEqualTo(before);
    assertThat(adam.steps()).isZero();
  }

  @Test
  void aggregateTrain_modelSizeChangedAfterRestore_illegalState() {
    FedAdam adam = new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1);
    train(adam, model(0, 0), update("a", 1, 1, 1));

    assertThatThrownBy(() -> train(adam, model(0, 0, 0), update("a", 1, 1, 1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 parameters");
  }

  @Test
  void constructor_badHyperParameters_rejected() {
    assertThatThrownBy(() -> new FedAdam(RoundPolicy.DEFAULT, 0.1, 1.0, 0.99, 1e-9))
        .hasMessageContaining("beta1 must be >= 0 and < 1. Provided value: 1.0");
    assertThatThrownBy(() -> new FedYogi(RoundPolicy.DEFAULT, 0.1, 0.9, -0.1, 1e-9))
        .hasMessageContaining("beta2");
    assertThatThrownBy(() -> new FedAdagrad(RoundPolicy.DEFAULT, 0.1, 0.0, 0))
        .hasMessageContaining("tau must be positive");
    assertThatThrownBy(() -> new FedAdagrad(RoundPolicy.DEFAULT, -1, 0.0, 1e-9))
        .hasMessageContaining("server_lr");
  }
}
