package se.tillit.dp.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.internal.Rational;

class DiscreteMechanismTest {

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0})
  public void discreteLaplaceScale_invalidDouble_throws(double scale) {
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().scale(scale))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale must be");
  }

  @Test
  public void discreteLaplaceScale_nonPositiveRational_throws() {
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().scale(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numerator");
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().scale(1, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("denominator");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0})
  public void discreteLaplaceEpsilon_invalid_throws(double eps) {
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().epsilon(eps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon must be");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  public void discreteLaplaceSensitivity_belowOne_throws(long s) {
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().l1Sensitivity(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l1 sensitivity must be >= 1");
  }

  @Test
  public void discreteLaplaceBuild_noScale_namesIt() {
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scale or epsilon");
  }

  @Test
  public void discreteLaplaceBuild_scaleAndEpsilon_throws() {
    assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().scale(2.0).epsilon(1).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  public void discreteLaplaceEpsilon_convertsExactly() {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder().epsilon(0.1).l1Sensitivity(3).build();
    // 0.1 as a double is exactly 3602879701896397 / 2^55.
    assertThat(m.scale())
        .isEqualTo(Rational.of(BigInteger.valueOf(3).shiftLeft(55),
            BigInteger.valueOf(3602879701896397L)));
    assertThat(m.epsilon()).isCloseTo(0.1, within(1e-15));
  }

  @Test
  public void discreteLaplaceDpEvent_isLaplaceWithLatticeCorrection() {
    // scale t = 2, sensitivity 1: pure eps = 1/2; event epsilon = 1/2 + 1/(4*4) = 0.5625.
    DpEvent e = DiscreteLaplaceMechanism.builder().scale(2, 1).build().dpEvent();
    assertThat(e).isInstanceOf(DpEvent.Laplace.class);
    assertThat(((DpEvent.Laplace) e).noiseMultiplier()).isCloseTo(1 / 0.5625, within(1e-9));
  }

  @Test
  public void discreteLaplace_sameSeed_sameSamples() {
    assertThat(laplaceSamples(7)).isEqualTo(laplaceSamples(7));
    assertThat(laplaceSamples(7)).isNotEqualTo(laplaceSamples(8));
  }

  private static List<Long> laplaceSamples(long seed) {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder()
            .scale(7, 3)
            .random(Randomness.insecureSeededForTesting(seed))
            .build();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.add(m.addNoise(100L));
    }
    return out;
  }

  @Test
  public void discreteLaplace_addNoiseNearLongMax_saturates() {
    DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.builder().scale(1000, 1).build();
    for (int i = 0; i < 50; i++) {
      long y = m.addNoise(Long.MAX_VALUE);
      assertThat(y).isLessThanOrEqualTo(Long.MAX_VALUE);
    }
  }

  // ---- discrete Gaussian ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0})
  public void discreteGaussianSigma_invalid_throws(double sigma) {
    assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().sigma(sigma))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sigma must be");
  }

  @Test
  public void discreteGaussianSigmaSquared_nonPositive_throws() {
    assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().sigmaSquared(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numerator");
    assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().sigmaSquared(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("denominator");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5})
  public void discreteGaussianSensitivity_belowOne_throws(long s) {
    assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().l2Sensitivity(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2 sensitivity must be >= 1");
  }

  @Test
  public void discreteGaussianBuild_noSigma_namesIt() {
    assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sigma");
  }

  @Test
  public void discreteGaussianSigma_convertedExactly() {
    DiscreteGaussianMechanism m = DiscreteGaussianMechanism.builder().sigma(1.5).build();
    assertThat(m.sigmaSquared()).isEqualTo(Rational.of(9, 4));
  }

  @Test
  public void discreteGaussianDpEvent_isGaussianSigmaOverSensitivity() {
    DpEvent e =
        DiscreteGaussianMechanism.builder().sigmaSquared(25, 1).l2Sensitivity(2).build().dpEvent();
    assertThat(e).isInstanceOf(DpEvent.Gaussian.class);
    assertThat(((DpEvent.Gaussian) e).noiseMultiplier())
        .isCloseTo(2.5, within(1e-12))
        .isLessThanOrEqualTo(2.5);
  }

  @Test
  public void discreteGaussian_sameSeed_sameSamples() {
    assertThat(gaussianSamples(11)).isEqualTo(gaussianSamples(11));
    assertThat(gaussianSamples(11)).isNotEqualTo(gaussianSamples(12));
  }

  private static List<BigInteger> gaussianSamples(long seed) {
    DiscreteGaussianMechanism m =
        DiscreteGaussianMechanism.builder()
            .sigmaSquared(BigInteger.valueOf(10), BigInteger.valueOf(3))
            .random(Randomness.insecureSeededForTesting(seed))
            .build();
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.add(m.sample());
    }
    return out;
  }
}
