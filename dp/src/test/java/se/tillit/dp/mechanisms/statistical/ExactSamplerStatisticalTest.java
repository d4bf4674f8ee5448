package se.tillit.dp.mechanisms.statistical;

import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkChiSquare;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkFrequency;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkMean;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkVariance;

import java.math.BigInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.tillit.dp.Randomness;
import se.tillit.dp.mechanisms.DiscreteLaplaceMechanism;
import se.tillit.dp.mechanisms.internal.ExactSampler;
import se.tillit.dp.mechanisms.internal.Rational;

/**
 * Bernoulli(exp(-gamma)), geometric and discrete Laplace samplers (CKS 2020, Algorithms 1 and 2)
 * against their exact distributions. False-failure probability: see {@link StatisticalChecks}.
 */
@Tag("statistical")
class ExactSamplerStatisticalTest {
  private static final int N = 200_000;
  private final ExactSampler sampler = new ExactSampler(Randomness.secure());

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 4", "1, 1", "7, 3", "5, 1", "31, 10"})
  public void bernoulliExpMinus_frequency_matchesExp(long num, long den) {
    Rational gamma = Rational.of(num, den);
    long hits = 0;
    for (int i = 0; i < N; i++) {
      if (sampler.bernoulliExpMinus(gamma)) {
        hits++;
      }
    }
    checkFrequency(hits, N, Math.exp(-(double) num / den), "Bernoulli(exp(-" + gamma + "))");
  }

  @ParameterizedTest
  @CsvSource({"3, 2", "1, 1", "10, 1", "1, 3"})
  public void geometric_pmf_matches(long t, long s) {
    long[] samples = new long[N];
    double[] xs = new double[N];
    for (int i = 0; i < N; i++) {
      samples[i] = sampler.geometric(BigInteger.valueOf(t), BigInteger.valueOf(s)).longValueExact();
      xs[i] = samples[i];
    }
    double q = Math.exp(-(double) s / t); // P[Y = y] = (1 - q) q^y
    checkChiSquare(samples, k -> k < 0 ? 0 : (1 - q) * Math.pow(q, k), 1.0, 100_000,
        "geometric(" + t + "/" + s + ")");
    double mean = q / (1 - q);
    double variance = q / ((1 - q) * (1 - q));
    checkMean(xs, mean, variance, "geometric");
  }

  /** Scales: small (mass mostly at 0), fractional, and larger. */
  @ParameterizedTest
  @CsvSource({"1, 3", "5, 2", "1, 1", "20, 1", "1000, 7"})
  public void discreteLaplace_pmfMomentsAndTails_match(long num, long den) {
    DiscreteLaplaceMechanism m =
        DiscreteLaplaceMechanism.builder().scale(num, den).random(Randomness.secure()).build();
    double t = (double) num / den;
    double q = Math.exp(-1 / t);
    long[] samples = new long[N];
    double[] xs = new double[N];
    for (int i = 0; i < N; i++) {
      samples[i] = m.addNoise(0L);
      xs[i] = samples[i];
    }
    // P[Y = y] = (1 - q)/(1 + q) q^|y|
    checkChiSquare(samples, k -> (1 - q) / (1 + q) * Math.pow(q, Math.abs(k)), 1.0, 10_000_000,
        "discrete Laplace scale " + num + "/" + den);
    double variance = 2 * q / ((1 - q) * (1 - q));
    // Fourth moment: 2 sum_{k>=1} k^4 (1-q)/(1+q) q^k = 2 (1-q)/(1+q) q(1+11q+11q^2+q^3)/(1-q)^5
    double mu4 = 2 * (1 - q) / (1 + q) * q * (1 + 11 * q + 11 * q * q + q * q * q)
        / Math.pow(1 - q, 5);
    checkMean(xs, 0, variance, "discrete Laplace");
    checkVariance(xs, 0, variance, mu4, "discrete Laplace");
    // Tail: P[|Y| >= k] = 2 q^k / (1 + q) for k >= 1.
    long k = Math.max(1, Math.round(3 * t));
    long hits = 0;
    for (long s : samples) {
      if (Math.abs(s) >= k) {
        hits++;
      }
    }
    checkFrequency(hits, N, 2 * Math.pow(q, k) / (1 + q), "discrete Laplace tail");
  }
}
