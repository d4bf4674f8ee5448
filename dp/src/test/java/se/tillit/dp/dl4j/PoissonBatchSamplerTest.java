package se.tillit.dp.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import se.tillit.dp.Randomness;

class PoissonBatchSamplerTest {

  @Test
  void sampleIndices_rateOne_returnsEveryIndex() {
    int[] all = PoissonBatchSampler.create(1.0).sampleIndices(7);

    assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void sampleIndices_anyRate_strictlyIncreasingAndInRange() {
    PoissonBatchSampler sampler =
        PoissonBatchSampler.create(0.3, Randomness.insecureSeededForTesting(1));
    for (int r = 0; r < 200; r++) {
      int[] s = sampler.sampleIndices(50);
      for (int i = 0; i < s.length; i++) {
        assertThat(s[i]).isBetween(0, 49);
        if (i > 0) {
          assertThat(s[i]).isGreaterThan(s[i - 1]);
        }
      }
    }
    assertThat(sampler.sampleIndices(0)).isEmpty();
  }

  @Test
  void sampleIndices_eachIndexIncludedWithProbabilityQ() {
    // 20 000 draws of 20 indices at q = 0.3: each frequency has standard error 0.0032.
    PoissonBatchSampler sampler =
        PoissonBatchSampler.create(0.3, Randomness.insecureSeededForTesting(2));
    int draws = 20_000;
    int[] hits = new int[20];
    long total = 0;
    for (int r = 0; r < draws; r++) {
      for (int i : sampler.sampleIndices(20)) {
        hits[i]++;
        total++;
      }
    }
    for (int h : hits) {
      assertThat((double) h / draws).isCloseTo(0.3, within(0.016));
    }
    assertThat((double) total / draws).isCloseTo(6.0, within(0.05));
  }

  @Test
  void sampleIndices_smallRateLargePopulation_meanBatchSizeIsQn() {
    // Binomial(100 000, 0.002): mean 200, sd 14.1; the mean of 300 draws has sd 0.82.
    PoissonBatchSampler sampler =
        PoissonBatchSampler.create(0.002, Randomness.insecureSeededForTesting(3));
    long total = 0;
    for (int r = 0; r < 300; r++) {
      total += sampler.sampleIndices(100_000).length;
    }
    assertThat(total / 300.0).isCloseTo(200.0, within(4.0));
  }

  @Test
  void sample_dataSet_selectsRowsOfFeaturesAndLabels() {
    DataSet data =
        new DataSet(
            Nd4j.arange(0, 10).castTo(DataType.DOUBLE).reshape(10, 1),
            Nd4j.arange(100, 110).castTo(DataType.DOUBLE).reshape(10, 1));

    DataSet all = PoissonBatchSampler.create(1.0).sample(data).orElseThrow();

    assertThat(all.numExamples()).isEqualTo(10);
    assertThat(all.getLabels().getDouble(3, 0)).isEqualTo(103.0);
    DataSet some =
        PoissonBatchSampler.create(0.5, Randomness.insecureSeededForTesting(4))
            .sample(data)
            .orElseThrow();
    for (int i = 0; i < some.numExamples(); i++) {
      assertThat(some.getLabels().getDouble(i, 0) - some.getFeatures().getDouble(i, 0))
          .isEqualTo(100.0);
    }
  }

  @Test
  void create_invalidRate_throwsIllegalArgument() {
    assertThatThrownBy(() -> PoissonBatchSampler.create(0.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PoissonBatchSampler.create(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PoissonBatchSampler.create(0.5, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PoissonBatchSampler.create(0.5).sampleIndices(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
