package se.tillit.dp.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GaussianNoiseTest {
  private static final double LN_3 = Math.log(3);

  // Vectors from google/differential-privacy, go/noise/gaussian_noise_test.go,
  // TestDeltaForGaussian ("Correct value calculated", "Correct value calculated using typical
  // epsilon", "Correct value calculated with epsilon = 0"); tolerance 1e-10 as there.
  @Test
  public void deltaFor_googleVectors_matches() {
    assertThat(GaussianNoise.deltaFor(10, 0.1, 1)).isCloseTo(0.008751768145810, within(1e-10));
    assertThat(GaussianNoise.deltaFor(20, 0.1, 2)).isCloseTo(0.008751768145810, within(1e-10));
    assertThat(GaussianNoise.deltaFor(10, LN_3, 5))
        .isCloseTo(0.004159742234000802, within(1e-10));
    assertThat(GaussianNoise.deltaFor(0.5, 0, 1)).isCloseTo(0.6826894921370859, within(1e-10));
  }

  // Vectors from google/differential-privacy, go/noise/gaussian_noise_test.go,
  // thresholdGaussianTestCases: "noiseDelta is chosen to get a sigma of 1" for epsilon = ln 3 and
  // L2 sensitivity 1 ("simple values"), 0.5 ("scale lInfSensitivity") and sqrt(2) ("scale
  // l0Sensitivity": l0 = 2, lInf = 1).
  @ParameterizedTest
  @CsvSource({
    "0.10985556344445052, 1.0",
    "0.0041597422340007885, 0.5",
    "0.26546844106038714, 1.4142135623730951",
  })
  public void sigmaFor_googleVectors_returnsOne(double delta, double sensitivity) {
    double sigma = GaussianNoise.sigmaFor(LN_3, delta, sensitivity);
    assertThat(sigma).isCloseTo(1.0, within(1e-9));
  }

  // Go TestSigmaForGaussianInvertsDeltaForGaussian (same file): sigma -> delta -> sigma round trip,
  // here with our tighter 1e-12 relative accuracy.
  @ParameterizedTest
  @CsvSource({"0.3, 0.5, 0.5", "15, 10, 0.5", "500, 10, 0.5", "1e102, 1e100, 0.1"})
  public void sigmaFor_deltaOfKnownSigma_recoversSigma(double sigma, double sens, double eps) {
    double delta = GaussianNoise.deltaFor(sigma, eps, sens);
    double got = GaussianNoise.sigmaFor(eps, delta, sens);
    assertThat(got).isGreaterThanOrEqualTo(sigma * (1 - 1e-12));
    assertThat(got).isLessThanOrEqualTo(sigma * (1 + 1e-11));
  }

  /** The calibrated sigma meets the target delta with equality (closed form of Balle-Wang Thm 8). */
  @ParameterizedTest
  @CsvSource({
    "0.01, 1e-5, 1", "0.1, 1e-10, 3", "0.5, 1e-6, 1", "1, 1e-5, 1", "2, 1e-9, 7.5",
    "5, 1e-5, 1", "20, 1e-12, 1", "100, 1e-5, 0.25", "1000, 1e-3, 1"
  })
  public void sigmaFor_anyEpsilon_deltaIsExactlyTarget(double eps, double delta, double sens) {
    double sigma = GaussianNoise.sigmaFor(eps, delta, sens);
    double achieved = GaussianNoise.deltaFor(sigma, eps, sens);
    assertThat(achieved).isLessThanOrEqualTo(delta);
    assertThat(achieved).isGreaterThanOrEqualTo(delta * (1 - 1e-8));
    // Slightly less noise would break the target: sigma is the smallest one.
    assertThat(GaussianNoise.deltaFor(sigma * (1 - 1e-9), eps, sens)).isGreaterThan(delta);
  }

  // Variances from google/differential-privacy, java/tests/.../GaussianNoiseTest.java
  // (addNoise_hasAccurateStatisticalProperties: 11.735977; ..._differentSensitivity: 2.9339943;
  // ..._differentEpsilon: 3.3634987; ..._differentDelta: 3.0625). Those are squares of Google's
  // sigma, the upper end of a bisection to relative accuracy 1e-3, so the tight sigma lies in
  // [sigmaGoogle / 1.001, sigmaGoogle].
  @ParameterizedTest
  @CsvSource({
    "1.0986122886681098, 1e-5, 1.0, 11.735977",
    "1.0986122886681098, 1e-5, 0.5, 2.9339943",
    "2.1972245773362196, 1e-5, 1.0, 3.3634987",
    "1.0986122886681098, 0.01, 1.0, 3.0625",
  })
  public void sigmaFor_googleJavaVariances_withinTheirAccuracy(
      double eps, double delta, double sens, double googleVariance) {
    double sigmaGoogle = Math.sqrt(googleVariance);
    double sigma = GaussianNoise.sigmaFor(eps, delta, sens);
    assertThat(sigma).isLessThanOrEqualTo(sigmaGoogle * (1 + 1e-7));
    assertThat(sigma).isGreaterThanOrEqualTo(sigmaGoogle / 1.001);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.3, 0.9})
  public void sigmaFor_smallEpsilon_beatsClassicalBound(double eps) {
    double delta = 1e-5;
    double classical = Math.sqrt(2 * Math.log(1.25 / delta)) / eps;
    assertThat(GaussianNoise.sigmaFor(eps, delta, 1)).isLessThan(classical);
  }

  @Test
  public void sigmaFor_scalesLinearlyInSensitivity() {
    double a = GaussianNoise.sigmaFor(0.7, 1e-6, 1);
    double b = GaussianNoise.sigmaFor(0.7, 1e-6, 1000);
    assertThat(b / a).isCloseTo(1000, within(1e-6));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, -1, 0})
  public void sigmaFor_badEpsilon_throws(double eps) {
    assertThatThrownBy(() -> GaussianNoise.sigmaFor(eps, 1e-5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon must be");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, 1, -0.1, 1.5, Double.POSITIVE_INFINITY})
  public void sigmaFor_badDelta_throws(double delta) {
    assertThatThrownBy(() -> GaussianNoise.sigmaFor(1, delta, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta must be");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -2, Double.POSITIVE_INFINITY})
  public void sigmaFor_badSensitivity_throws(double sens) {
    assertThatThrownBy(() -> GaussianNoise.sigmaFor(1, 1e-5, sens))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l2 sensitivity must be");
  }

  @Test
  public void deltaFor_negativeEpsilon_throws() {
    assertThatThrownBy(() -> GaussianNoise.deltaFor(1, -0.1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
