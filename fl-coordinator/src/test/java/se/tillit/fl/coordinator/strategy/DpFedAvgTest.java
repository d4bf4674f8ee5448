package se.tillit.fl.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static se.tillit.fl.coordinator.strategy.Rounds.failure;
import static se.tillit.fl.coordinator.strategy.Rounds.model;
import static se.tillit.fl.coordinator.strategy.Rounds.train;
import static se.tillit.fl.coordinator.strategy.Rounds.update;
import static se.tillit.fl.coordinator.strategy.Rounds.values;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.fl.protocol.ModelParameters;

class DpFedAvgTest {
  private static final TrainSettings BASE = new TrainSettings(1, 32, 0.05, 0, 0, false, Map.of());

  private static DpFedAvg fixed(Strategy inner, double z, double clip) {
    return DpFedAvg.builder(inner).noiseMultiplier(z).fixedClipNorm(clip)
        .random(Randomness.insecureSeededForTesting(7)).build();
  }

  @Test
  void configureTrain_fixedClipping_sendsClipNormAndKeepsInnerSettings() {
    DpFedAvg dp = fixed(new FedProx(RoundPolicy.DEFAULT, 0.1, 1.0), 1.0, 0.7);

    TrainSettings s = dp.configureTrain(1, BASE);

    assertThat(s.clipNorm()).isEqualTo(0.7);
    assertThat(s.reportUnclipped()).isFalse();
    assertThat(s.proximalMu()).isEqualTo(0.1);
    assertThat(dp.weighting()).isEqualTo(Strategy.Weighting.UNIFORM);
    assertThat(dp.name()).isEqualTo("dp-fedprox");
  }

  @Test
  void aggregateTrain_noiseMultiplierZero_dividesSumBySampledNotContributors() {
    // Two contributors (clipped deltas 3 and 6) and one dropped client: 9 / 3 sampled = 3.
    DpFedAvg dp = fixed(FedAvg.create(), 0.0, 10);

    AggregateResult r = train(dp, model(1),
        List.of(update("a", 100, 3), update("b", 1, 6)), List.of(failure("c")));

    assertThat(values(r)).containsExactly(4.0);
    assertThat(r.metrics())
        .containsEntry(StrategyMetrics.DP_CLIP_NORM, 10.0)
        .containsEntry(StrategyMetrics.DP_NOISE_STD, 0.0);
  }

  @Test
  void aggregateTrain_withNoise_addsNoiseOfStdZTimesClip() {
    DpFedAvg dp = fixed(FedAvg.create(), 1.5, 2.0);
    ModelParameters global = model(new double[64]);

    AggregateResult r = train(dp, global, update("a", 1, new double[64]));

    double[] x = values(r);
    assertThat(x).doesNotContain(0.0);
    double ss = 0;
    for (double v : x) {
      ss += v * v;
    }
    // One sampled client: the model moves by the noise itself, std 3; 64 values give an
    // empirical std within a factor 2 with overwhelming probability (and always with seed 7).
    assertThat(Math.sqrt(ss / x.length)).isBetween(1.5, 6.0);
    assertThat(r.metrics())
        .containsEntry(StrategyMetrics.DP_NOISE_STD, 3.0)
        .containsEntry(StrategyMetrics.DP_NOISE_MULTIPLIER, 1.5)
        .containsEntry(StrategyMetrics.DP_CLIP_NORM, 2.0)
        .doesNotContainKey(StrategyMetrics.DP_UNCLIPPED_FRACTION);
  }

  @Test
  void aggregateTrain_innerFedAdam_receivesNoisedMeanAsPseudoGradient() {
    // With z = 0 the inner FedAdam sees the mean over sampled clients: [1, -2] (sum [2, -4] / 2).
    DpFedAvg dp = fixed(new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1), 0.0, 100);

    AggregateResult r = train(dp, model(0, 0), update("a", 1, 2, -4), update("b", 9, 0, 0));

    assertThat(values(r)[0]).isCloseTo(0.05, within(1e-15));
    assertThat(values(r)[1]).isCloseTo(-0.2 / 3, within(1e-15));
  }

  @Test
  void adaptive_noiseMultiplierSplit_followsAndrewEtAl() {
    // z = 1, sigma_b = 1: z_Delta = (1 - 1/4)^(-1/2) = 1.1547...
    DpFedAvg dp = DpFedAvg.builder(FedAvg.create()).noiseMultiplier(1.0)
        .adaptiveClipping(new AdaptiveClipping(0.5, 0.5, 0.2, 1.0))
        .random(Randomness.insecureSeededForTesting(3)).build();

    assertThat(dp.modelNoiseMultiplier()).isCloseTo(1 / Math.sqrt(0.75), within(1e-15));
    TrainSettings s = dp.configureTrain(1, BASE);
    assertThat(s.clipNorm()).isEqualTo(0.5);
    assertThat(s.reportUnclipped()).isTrue();

    AggregateResult r = train(dp, model(0),
        update("a", 1, Map.of("dp.unclipped", 1.0), 0.1),
        update("b", 1, Map.of("dp.unclipped", 0.0), 0.5));
    assertThat(r.metrics().get(StrategyMetrics.DP_NOISE_STD))
        .isCloseTo(0.5 / Math.sqrt(0.75), within(1e-15));
    double b = r.metrics().get(StrategyMetrics.DP_UNCLIPPED_FRACTION);
    assertThat(r.metrics().get(StrategyMetrics.DP_CLIP_NORM_NEXT))
        .isCloseTo(0.5 * Math.exp(-0.2 * (b - 0.5)), within(1e-15));
    assertThat(dp.clipNorm()).isEqualTo(r.metrics().get(StrategyMetrics.DP_CLIP_NORM_NEXT));
  }

  @Test
  void adaptive_noCountNoise_exactGeometricUpdate() {
    // z = 0 (no privacy) and sigma_b = 0: 3 of 5 sampled unclipped, one clipped, one dropped
    // (counts as 1/2): b = (1/2 + 1/2 + 1/2 - 1/2 + 0) / 5 + 1/2 = 0.7;
    // C = 1 * exp(-0.2 (0.7 - 0.5)).
    DpFedAvg dp = DpFedAvg.builder(FedAvg.create()).noiseMultiplier(0.0)
        .adaptiveClipping(new AdaptiveClipping(1.0, 0.5, 0.2, 0.0)).build();

    AggregateResult r = train(dp, model(0),
        List.of(update("a", 1, Map.of("dp.unclipped", 1.0), 0.1),
            update("b", 1, Map.of("dp.unclipped", 1.0), 0.1),
            update("c", 1, Map.of("dp.unclipped", 1.0), 0.1),
            update("d", 1, Map.of("dp.unclipped", 0.0), 1.0)),
        List.of(failure("e")));

    assertThat(r.metrics().get(StrategyMetrics.DP_UNCLIPPED_FRACTION)).isCloseTo(0.7, within(1e-15));
    assertThat(dp.clipNorm()).isCloseTo(Math.exp(-0.2 * 0.2), within(1e-15));
  }

  @Test
  void adaptive_toySimulation_convergesNearTargetQuantile() {
    // 100 clients whose update norms are 1, 2, ..., 100; z = 1 and sigma_b = 100 / 20 = 5, as
    // Andrew et al. suggest. The clip norm should settle near the target quantile of the norms.
    for (double target : new double[] {0.5, 0.9}) {
      DpFedAvg dp = DpFedAvg.builder(FedAvg.create()).noiseMultiplier(1.0)
          .adaptiveClipping(new AdaptiveClipping(1.0, target, 0.2, 5.0))
          .random(Randomness.insecureSeededForTesting(11)).build();
      ModelParameters global = model(0);
      double late = 0;
      int lateRounds = 0;
      for (int t = 1; t <= 250; t++) {
        double c = dp.configureTrain(t, BASE).clipNorm();
        List<ClientUpdate> ups = new ArrayList<>();
        for (int k = 1; k <= 100; k++) {
          double clipped = Math.min(k, c); // the client clips its norm-k update to C
          ups.add(update("c" + k, 1, Map.of("dp.unclipped", k <= c ? 1.0 : 0.0), clipped));
        }
        train(dp, global, ups, List.of());
        if (t > 150) {
          late += c;
          lateRounds++;
        }
      }
      double meanClip = late / lateRounds;
      assertThat(meanClip).as("target %s", target).isCloseTo(100 * target, within(8.0));
    }
  }

  @Test
  void saveState_adaptiveWithFedAdam_restoresClipNormAndMoments() {
    AdaptiveClipping ac = new AdaptiveClipping(1.0, 0.5, 0.2, 0.0);
    DpFedAvg a = DpFedAvg.builder(new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1))
        .noiseMultiplier(0.0).adaptiveClipping(ac).build();
    ModelParameters x = model(0, 0);
    for (int t = 0; t < 3; t++) {
      x = train(a, x, update("a", 1, Map.of("dp.unclipped", 1.0), 0.5, -0.5)).global();
    }
    DpFedAvg b = DpFedAvg.builder(new FedAdam(RoundPolicy.DEFAULT, 0.1, 0.9, 0.99, 0.1))
        .noiseMultiplier(0.0).adaptiveClipping(ac).build();

    b.restoreState(a.saveState());

    assertThat(b.clipNorm()).isEqualTo(a.clipNorm()).isLessThan(1.0);
    assertThat(values(train(b, x, update("a", 1, Map.of("dp.unclipped", 1.0), 0.5, -0.5))))
        .containsExactly(values(train(a, x, update("a", 1, Map.of("dp.unclipped", 1.0), 0.5, -0.5))));
    assertThatThrownBy(() -> b.restoreState(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    b.restoreState(new byte[0]);
    assertThat(b.clipNorm()).isEqualTo(1.0);
  }

  @Test
  void dpEvent_roundsAndSampling_isPoissonSampledGaussian() {
    DpFedAvg dp = fixed(FedAvg.create(), 1.2, 1.0);

    assertThat(dp.dpEvent(0.1, 50)).isEqualTo(
        new DpEvent.SelfComposed(new DpEvent.PoissonSampled(0.1, new DpEvent.Gaussian(1.2)), 50));
  }

  @Test
  void builder_badCombinations_rejected() {
    assertThatThrownBy(() -> DpFedAvg.builder(new CoordinateMedian(RoundPolicy.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("median");
    assertThatThrownBy(() -> DpFedAvg.builder(FedAvg.create()).noiseMultiplier(1.0)
            .adaptiveClipping(new AdaptiveClipping(0.1, 0.5, 0.2, 0.5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count_noise must be > noise_multiplier / 2");
    assertThatThrownBy(() -> DpFedAvg.builder(FedAvg.create()).fixedClipNorm(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noise multiplier");
    assertThatThrownBy(() -> DpFedAvg.builder(FedAvg.create()).noiseMultiplier(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clip");
    assertThatThrownBy(() -> DpFedAvg.builder(FedAvg.create()).noiseMultiplier(-1))
        .hasMessageContaining("noise_multiplier must be finite and >= 0");
    assertThatThrownBy(() -> new AdaptiveClipping(1, 1.5, 0.2, 1))
        .hasMessageContaining("target_quantile");
  }
}
