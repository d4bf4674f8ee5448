package se.tillit.dp.mechanisms.statistical;

import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkChiSquare;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkFrequency;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkMean;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkVariance;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.tillit.dp.Randomness;
import se.tillit.dp.mechanisms.DiscreteGaussianMechanism;

/**
 * The exact discrete Gaussian sampler (CKS 2020, Algorithm 3) against the pmf
 * {@code exp(-k^2 / (2 sigma^2)) / Z}, with moments and tails computed by summing the pmf. False
 * failure probability: see {@link StatisticalChecks}.
 */
@Tag("statistical")
class DiscreteGaussianStatisticalTest {
  private static final int N = 150_000;

  /** sigma^2 = num/den: below 1 (t = 1), rational, integer, large. */
  @ParameterizedTest
  @CsvSource({"1, 4", "2, 1", "10, 3", "100, 1", "1000000, 1"})
  public void discreteGaussian_pmfMomentsAndTails_match(long num, long den) {
    DiscreteGaussianMechanism m =
        DiscreteGaussianMechanism.builder().sigmaSquared(num, den).random(Randomness.secure())
            .build();
    double s2 = (double) num / den;
    long range = (long) Math.ceil(40 * Math.sqrt(s2)) + 40;
    double z = 0;
    double second = 0;
    double fourth = 0;
    for (long k = -range; k <= range; k++) {
      double w = Math.exp(-(double) k * k / (2 * s2));
      z += w;
      second += w * k * k;
      fourth += w * (double) k * k * k * k;
    }
    double variance = second / z;
    double mu4 = fourth / z;

    long[] samples = new long[N];
    double[] xs = new double[N];
    for (int i = 0; i < N; i++) {
      samples[i] = m.addNoise(0L);
      xs[i] = samples[i];
    }
    final double total = z;
    checkChiSquare(samples, k -> Math.exp(-(double) k * k / (2 * s2)), total, range,
        "discrete Gaussian sigma^2=" + num + "/" + den);
    checkMean(xs, 0, variance, "discrete Gaussian");
    checkVariance(xs, 0, variance, mu4, "discrete Gaussian");
    // Two-sided tail beyond 2 sigma, mass from the pmf.
    long k0 = (long) Math.floor(2 * Math.sqrt(s2)) + 1;
    double tail = 0;
    for (long k = k0; k <= range; k++) {
      tail += 2 * Math.exp(-(double) k * k / (2 * s2)) / z;
    }
    long hits = 0;
    for (long s : samples) {
      if (Math.abs(s) >= k0) {
        hits++;
      }
    }
    checkFrequency(hits, N, tail, "discrete Gaussian tail");
  }
}
