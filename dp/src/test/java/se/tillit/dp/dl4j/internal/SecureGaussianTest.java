package se.tillit.dp.dl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;

class SecureGaussianTest {

  @Test
  void sample_moments_matchNormal() {
    // 200 000 samples of N(0, 3^2): se(mean) = 0.0067, se(var) = 9 * sqrt(2 / n) = 0.028.
    double[] x = SecureGaussian.sample(Randomness.insecureSeededForTesting(11), 3.0, 200_000);
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double m2 = 0;
    double m4 = 0;
    for (double v : x) {
      double d = (v - mean) * (v - mean);
      m2 += d;
      m4 += d * d;
    }
    m2 /= x.length;
    m4 /= x.length;

    assertThat(mean).isCloseTo(0.0, within(0.035));
    assertThat(m2).isCloseTo(9.0, within(0.15));
    assertThat(m4 / (m2 * m2)).isCloseTo(3.0, within(0.06)); // kurtosis of a normal
  }

  @Test
  void sample_oddLength_fillsEveryEntry() {
    double[] x = SecureGaussian.sample(Randomness.secure(), 1.0, 1025);

    assertThat(x).hasSize(1025);
    assertThat(x[1024]).isNotEqualTo(0.0);
    assertThat(java.util.Arrays.stream(x).allMatch(Double::isFinite)).isTrue();
  }

  @Test
  @Tag("statistical")
  void sample_kolmogorovSmirnov_doesNotRejectNormal() {
    double[] x = SecureGaussian.sample(Randomness.secure(), 2.0, 1_000_000);

    double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(null, 0, 2), x);

    assertThat(p).isGreaterThan(1e-4);
  }
}
