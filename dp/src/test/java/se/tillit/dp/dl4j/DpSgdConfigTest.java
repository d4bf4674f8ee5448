package se.tillit.dp.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DpSgdConfigTest {

  private static DpSgdConfig.Builder valid() {
    return DpSgdConfig.builder().l2NormClip(1.0).noiseMultiplier(1.1).samplingRate(0.01);
  }

  @Test
  void build_validParameters_keepsThem() {
    DpSgdConfig config = valid().microbatchSize(4).build();

    assertThat(config.l2NormClip()).isEqualTo(1.0);
    assertThat(config.noiseMultiplier()).isEqualTo(1.1);
    assertThat(config.samplingRate(1000)).isEqualTo(0.01);
    assertThat(config.microbatchSize()).isEqualTo(4);
    assertThat(config.isInsecureZeroNoise()).isFalse();
    assertThat(config.random()).isNotNull();
  }

  @Test
  void samplingRate_expectedBatchSize_isBatchOverDatasetSizeCappedAtOne() {
    DpSgdConfig config = valid().expectedBatchSize(256).build();

    assertThat(config.samplingRate(25_600)).isEqualTo(0.01);
    assertThat(config.samplingRate(100)).isEqualTo(1.0);
    assertThatThrownBy(() -> config.samplingRate(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void l2NormClip_invalid_throwsIllegalArgument(double clip) {
    assertThatThrownBy(() -> DpSgdConfig.builder().l2NormClip(clip))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2 norm clip must be > 0")
        .hasMessageContaining("Provided value");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.5, Double.NaN, Double.POSITIVE_INFINITY})
  void noiseMultiplier_invalid_throwsIllegalArgument(double sigma) {
    assertThatThrownBy(() -> DpSgdConfig.builder().noiseMultiplier(sigma))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, 1.0001, Double.NaN})
  void samplingRate_invalid_throwsIllegalArgument(double q) {
    assertThatThrownBy(() -> DpSgdConfig.builder().samplingRate(q))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -3})
  void expectedBatchSize_invalid_throwsIllegalArgument(int b) {
    assertThatThrownBy(() -> DpSgdConfig.builder().expectedBatchSize(b))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void microbatchSize_invalid_throwsIllegalArgument(int k) {
    assertThatThrownBy(() -> DpSgdConfig.builder().microbatchSize(k))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void random_null_throwsIllegalArgument() {
    assertThatThrownBy(() -> DpSgdConfig.builder().random(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_missingFields_throwsIllegalStateNamingThem() {
    assertThatThrownBy(() -> DpSgdConfig.builder().noiseMultiplier(1).samplingRate(0.1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("l2 norm clip");
    assertThatThrownBy(() -> DpSgdConfig.builder().l2NormClip(1).samplingRate(0.1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noise multiplier");
    assertThatThrownBy(() -> DpSgdConfig.builder().l2NormClip(1).noiseMultiplier(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sampling rate");
  }

  @Test
  void insecureZeroNoiseForTesting_setsZeroNoise() {
    DpSgdConfig config =
        DpSgdConfig.builder().l2NormClip(1).insecureZeroNoiseForTesting().samplingRate(1).build();

    assertThat(config.noiseMultiplier()).isEqualTo(0.0);
    assertThat(config.isInsecureZeroNoise()).isTrue();
  }
}
