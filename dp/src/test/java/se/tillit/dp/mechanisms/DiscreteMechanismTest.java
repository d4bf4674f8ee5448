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
  public void discreteLaplaceDpEvent_isDiscreteLaplaceWithScaleAndSensitivity() {
    DpEvent e = DiscreteLaplaceMechanism.builder().scale(2, 1).l1Sensitivity(3).build().dpEvent();

    assertThat(e).isInstanceOf(DpEvent.DiscreteLaplace.class);
    DpEvent.DiscreteLaplace dl = (DpEvent.DiscreteLaplace) e;
    assertThat(dl.sensitivity()).isEqualTo(3);
    assertThat(dl.scale()).isCloseTo(2.0, within(1e-15)).isLessThan(2.0);
  }

  @Test
  public void discreteLaplaceDpEvent_scaleNeverAboveExactRational() {
    // 1/3 and 10/7 are not doubles; the event's scale must stay below them.
    DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.builder().scale(1, 3).build();
    double scale = ((DpEvent.DiscreteLaplace) m.dpEvent()).scale();
    assertThat(Rational.ofDouble(scale).compareTo(Rational.of(1, 3))).isNegative();
    assertThat(scale).isCloseTo(1.0 / 3, within(1e-15));
    DiscreteLaplaceMechanism n =
        DiscreteLaplaceMechanism.builder().epsilon(0.7).l1Sensitivity(1).build();
    double nScale = ((DpEvent.DiscreteLaplace) n.dpEvent()).scale();
    assertThat(Rational.ofDouble(nScale).compareTo(n.scale())).isNegative();
  }

  @Test
  public void discreteLaplaceDpEvent_pldEpsilonIsThePureEpsilon() {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder().epsilon(0.5).l1Sensitivity(2).build();
    double eps = new se.tillit.dp.accounting.PldAccountant().epsilon(m.dpEvent(), 1e-12);

    assertThat(eps).isCloseTo(0.5, within(2e-4));
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
  public void discreteGaussianDpEvent_isDiscreteGaussianWithSigmaAndSensitivity() {
    DpEvent e =
        DiscreteGaussianMechanism.builder().sigmaSquared(25, 1).l2Sensitivity(2).build().dpEvent();

    assertThat(e).isInstanceOf(DpEvent.DiscreteGaussian.class);
    DpEvent.DiscreteGaussian dg = (DpEvent.DiscreteGaussian) e;
    assertThat(dg.sensitivity()).isEqualTo(2);
    assertThat(dg.sigma()).isCloseTo(5.0, within(1e-14)).isLessThan(5.0);
  }

  @Test
  public void discreteGaussianDpEvent_sigmaNeverAboveExactSquareRoot() {
    DiscreteGaussianMechanism m = DiscreteGaussianMechanism.builder().sigmaSquared(10, 3).build();
    double sigma = ((DpEvent.DiscreteGaussian) m.dpEvent()).sigma();
    Rational s = Rational.ofDouble(sigma);

    assertThat(s.multiply(s).compareTo(Rational.of(10, 3))).isNegative();
    assertThat(sigma).isCloseTo(Math.sqrt(10.0 / 3), within(1e-14));
  }

  @Test
  public void discreteGaussianDpEvent_rdpEqualsGaussianAndPldIsAtLeastContinuous() {
    DpEvent e = DiscreteGaussianMechanism.builder().sigma(1.0).build().dpEvent();
    se.tillit.dp.accounting.RdpAccountant rdp = new se.tillit.dp.accounting.RdpAccountant();
    se.tillit.dp.accounting.PldAccountant pld = new se.tillit.dp.accounting.PldAccountant();

    double[] discrete = rdp.rdp(e);
    double[] continuous = rdp.rdp(new DpEvent.Gaussian(1.0));
    for (int i = 0; i < discrete.length; i++) {
      assertThat(discrete[i]).isCloseTo(continuous[i], within(1e-14 * continuous[i]));
    }
    // At sigma = 1, epsilon = 3 the discrete Gaussian's delta exceeds the continuous one's.
    assertThat(pld.delta(e, 3.0)).isGreaterThan(1.15 * pld.delta(new DpEvent.Gaussian(1.0), 3.0));
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
