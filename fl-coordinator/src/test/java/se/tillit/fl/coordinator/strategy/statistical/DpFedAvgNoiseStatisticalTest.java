package se.tillit.fl.coordinator.strategy.statistical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.fl.coordinator.strategy.AdaptiveClipping;
import se.tillit.fl.coordinator.strategy.ClientReport;
import se.tillit.fl.coordinator.strategy.DpFedAvg;
import se.tillit.fl.coordinator.strategy.FedAvg;
import se.tillit.fl.coordinator.strategy.PlainSumAggregator;
import se.tillit.fl.coordinator.strategy.RoundUpdates;
import se.tillit.fl.coordinator.strategy.Aggregator;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;

/** The noise DP-FedAvg adds has the documented standard deviation (with SecureRandom). */
@Tag("statistical")
class DpFedAvgNoiseStatisticalTest {
  private static final int N = 400_000;

  /** Empirical std of the model change when 4 sampled clients send zero deltas. */
  private static double[] moments(DpFedAvg dp) {
    ModelParameters global = ModelParameters.of(Tensor.ofDoubles("w", new double[N]));
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, global.specs());
    List<ClientReport> reports = new java.util.ArrayList<>();
    for (int k = 0; k < 4; k++) {
      acc.add("c" + k, global, 1.0);
      reports.add(new ClientReport("c" + k, 10, Map.of("dp.unclipped", 1.0)));
    }
    double[] x = dp.aggregateTrain(1, global, new RoundUpdates(acc.finish(), reports, List.of()),
        List.of()).global().toFlatDoubles();
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= N;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(var / N)};
  }

  @Test
  void fixedClipping_noiseOnMean_hasStdZTimesClipOverSampled() {
    // z = 1.5, C = 2: std 3 on the sum, 0.75 on the mean of 4. se(std) = 0.75 / sqrt(2N) = 8e-4.
    DpFedAvg dp = DpFedAvg.builder(FedAvg.create()).noiseMultiplier(1.5).fixedClipNorm(2.0).build();

    double[] m = moments(dp);

    assertThat(m[0]).isCloseTo(0.0, within(0.006));
    assertThat(m[1]).isCloseTo(0.75, within(0.006));
  }

  @Test
  void adaptiveClipping_noiseOnMean_usesModelNoiseMultiplier() {
    // z = 1, sigma_b = 1: z_Delta = 1.1547; C = 0.5 -> std on the mean of 4 = 0.1443.
    DpFedAvg dp = DpFedAvg.builder(FedAvg.create()).noiseMultiplier(1.0)
        .adaptiveClipping(new AdaptiveClipping(0.5, 0.5, 0.2, 1.0)).build();

    double[] m = moments(dp);

    assertThat(m[1]).isCloseTo(0.5 / Math.sqrt(0.75) / 4, within(0.0015));
  }
}
