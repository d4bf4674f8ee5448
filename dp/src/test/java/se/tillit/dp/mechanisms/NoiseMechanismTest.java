package se.tillit.dp.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;

/** Builders, grid property, events and reproducibility of the grid Laplace and Gaussian. */
class NoiseMechanismTest {

  private static LaplaceMechanism laplace(long seed) {
    return LaplaceMechanism.builder()
        .epsilon(0.5)
        .l1Sensitivity(3.0)
        .random(Randomness.insecureSeededForTesting(seed))
        .build();
  }

  private static GaussianMechanism gaussian(long seed) {
    return GaussianMechanism.builder()
        .epsilon(1.0)
        .delta(1e-6)
        .l2Sensitivity(2.0)
        .random(Randomness.insecureSeededForTesting(seed))
        .build();
  }

  // ---- Laplace builder: one test per invalid value -----------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0})
  public void laplaceEpsilon_invalid_throws(double eps) {
    assertThatThrownBy(() -> LaplaceMechanism.builder().epsilon(eps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon must be")
        .hasMessageContaining("Provided value: " + eps);
  }

  @Test
  public void laplaceEpsilon_belowTwoToMinus50_throws() {
    assertThatThrownBy(() -> LaplaceMechanism.builder().epsilon(0x1p-51))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2^-50");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0, 0x1p901})
  public void laplaceSensitivity_invalid_throws(double s) {
    assertThatThrownBy(() -> LaplaceMechanism.builder().l1Sensitivity(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l1 sensitivity must be");
  }

  @Test
  public void laplaceBuild_missingEpsilon_namesIt() {
    assertThatThrownBy(() -> LaplaceMechanism.builder().l1Sensitivity(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("epsilon");
  }

  @Test
  public void laplaceBuild_missingSensitivity_namesIt() {
    assertThatThrownBy(() -> LaplaceMechanism.builder().epsilon(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("l1 sensitivity");
  }

  // ---- Gaussian builder ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0})
  public void gaussianEpsilon_invalid_throws(double eps) {
    assertThatThrownBy(() -> GaussianMechanism.builder().epsilon(eps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon must be");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, 1, -1e-9, 2, Double.NEGATIVE_INFINITY})
  public void gaussianDelta_outsideOpenUnitInterval_throws(double delta) {
    assertThatThrownBy(() -> GaussianMechanism.builder().delta(delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta must be > 0 and < 1");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0})
  public void gaussianSensitivity_invalid_throws(double s) {
    assertThatThrownBy(() -> GaussianMechanism.builder().l2Sensitivity(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2 sensitivity must be");
  }

  @Test
  public void gaussianBuild_missingDelta_namesIt() {
    assertThatThrownBy(() -> GaussianMechanism.builder().epsilon(1).l2Sensitivity(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delta");
  }

  @Test
  public void gaussianBuild_missingEpsilon_namesIt() {
    assertThatThrownBy(() -> GaussianMechanism.builder().delta(1e-5).l2Sensitivity(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("epsilon");
  }

  @Test
  public void gaussianBuild_missingSensitivity_namesIt() {
    assertThatThrownBy(() -> GaussianMechanism.builder().epsilon(1).delta(1e-5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("l2 sensitivity");
  }

  // ---- behaviour -----------------------------------------------------------------------------

  @Test
  public void laplaceAddNoise_results_lieOnGrid() {
    LaplaceMechanism m = laplace(1);
    double g = m.granularity();
    assertThat(Math.getExponent(g)).isEqualTo(Math.getExponent(g)); // power of two:
    assertThat(g).isEqualTo(Math.scalb(1.0, Math.getExponent(g)));
    for (int i = 0; i < 200; i++) {
      double y = m.addNoise(0.123456789 + i);
      assertThat(new BigDecimal(y).divide(new BigDecimal(g)).stripTrailingZeros().scale())
          .isLessThanOrEqualTo(0);
    }
  }

  @Test
  public void gaussianAddNoise_results_lieOnGrid() {
    GaussianMechanism m = gaussian(2);
    double g = m.granularity();
    assertThat(g).isEqualTo(Math.scalb(1.0, Math.getExponent(g)));
    for (int i = 0; i < 200; i++) {
      double y = m.addNoise(-7.77 * i);
      assertThat(new BigDecimal(y).divide(new BigDecimal(g)).stripTrailingZeros().scale())
          .isLessThanOrEqualTo(0);
    }
  }

  @Test
  public void granularity_isAbout2ToMinus40OfScale() {
    LaplaceMechanism m = laplace(1);
    assertThat(m.scale() / m.granularity()).isBetween(0x1p39, 0x1p40);
    GaussianMechanism gm = gaussian(1);
    assertThat(gm.l2Sensitivity() / gm.granularity()).isBetween(0x1p39, 0x1p40);
  }

  @Test
  public void addNoise_sameSeed_sameOutputs() {
    assertThat(draw(laplace(42))).isEqualTo(draw(laplace(42)));
    assertThat(draw(gaussian(42))).isEqualTo(draw(gaussian(42)));
    assertThat(draw(laplace(42))).isNotEqualTo(draw(laplace(43)));
  }

  private static List<Double> draw(NoiseMechanism m) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      out.add(m.addNoise(10.0));
      out.add((double) m.addNoise(10L));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  public void addNoise_nonFiniteInput_throws(double x) {
    assertThatThrownBy(() -> laplace(1).addNoise(x)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gaussian(1).addNoise(x)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void addNoise_hugeEpsilon_returnsNearlyInput() {
    LaplaceMechanism m = LaplaceMechanism.builder().epsilon(1e9).l1Sensitivity(1).build();
    assertThat(m.addNoise(12.5)).isCloseTo(12.5, within(1e-5));
    assertThat(m.addNoise(Long.MAX_VALUE - 1)).isBetween(Long.MAX_VALUE - 2, Long.MAX_VALUE);
    assertThat(m.addNoise(BigDecimal.valueOf(3))).isCloseTo(3.0, within(1e-5));
  }

  @Test
  public void laplaceDpEvent_isLaplaceOneOverEpsilon() {
    DpEvent e = laplace(1).dpEvent();
    assertThat(e).isInstanceOf(DpEvent.Laplace.class);
    assertThat(((DpEvent.Laplace) e).noiseMultiplier()).isCloseTo(2.0, within(1e-9));
    assertThat(((DpEvent.Laplace) e).noiseMultiplier()).isLessThanOrEqualTo(2.0);
  }

  @Test
  public void gaussianDpEvent_isSigmaOverSensitivity() {
    GaussianMechanism m = gaussian(1);
    assertThat(m.sigma())
        .isCloseTo(GaussianNoise.sigmaFor(1.0, 1e-6, 2.0), within(1e-6 * m.sigma()));
    DpEvent e = m.dpEvent();
    assertThat(e).isInstanceOf(DpEvent.Gaussian.class);
    assertThat(((DpEvent.Gaussian) e).noiseMultiplier())
        .isCloseTo(m.sigma() / 2.0, within(1e-12))
        .isLessThanOrEqualTo(m.sigma() / 2.0);
  }

  @Test
  public void toString_hasNoRandomState() {
    assertThat(laplace(1).toString()).contains("epsilon=0.5").doesNotContain("Random");
  }
}
