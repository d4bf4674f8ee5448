package se.tillit.dp.mechanisms.statistical;

import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkFrequency;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkMean;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.checkVariance;
import static se.tillit.dp.mechanisms.statistical.StatisticalChecks.countBeyond;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.tillit.dp.Randomness;
import se.tillit.dp.mechanisms.GaussianMechanism;
import se.tillit.dp.mechanisms.LaplaceMechanism;

/**
 * The grid Laplace and Gaussian mechanisms against the continuous distributions they stand for.
 * The grid is 2^-40 of the scale, so the discretisation moves moments by a relative ~2^-39, far
 * below the tolerances. False-failure probability: see {@link StatisticalChecks}.
 */
@Tag("statistical")
class NoiseMechanismStatisticalTest {
  private static final int N = 100_000;

  @ParameterizedTest
  @CsvSource({"0.5, 1, 0", "0.5, 1, 42.7", "2, 0.25, -1e6", "1.0986122886681098, 3, 0"})
  public void laplace_momentsAndTails_matchLaplace(double eps, double sens, double x) {
    LaplaceMechanism m =
        LaplaceMechanism.builder().epsilon(eps).l1Sensitivity(sens).random(Randomness.secure())
            .build();
    double b = sens / eps;
    double[] xs = new double[N];
    double[] longs = new double[N];
    for (int i = 0; i < N; i++) {
      xs[i] = m.addNoise(x);
      longs[i] = m.addNoise(Math.round(x));
    }
    checkMean(xs, x, 2 * b * b, "Laplace");
    checkVariance(xs, x, 2 * b * b, 24 * Math.pow(b, 4), "Laplace");
    // P[|X - x| > k b] = exp(-k)
    checkFrequency(countBeyond(xs, x, b), N, Math.exp(-1), "Laplace |X|>b");
    checkFrequency(countBeyond(xs, x, 3 * b), N, Math.exp(-3), "Laplace |X|>3b");
    long above = 0;
    for (double v : xs) {
      if (v - x > 2 * b) {
        above++;
      }
    }
    checkFrequency(above, N, Math.exp(-2) / 2, "Laplace X>2b");
    // Integer path: rounding adds at most variance 1/12 + bias 0 (symmetric).
    checkMean(longs, Math.round(x), 2 * b * b + 0.25, "Laplace (long)");
  }

  @ParameterizedTest
  @CsvSource({
    "1.0986122886681098, 1e-5, 1, 0",
    "1.0986122886681098, 1e-5, 1, 42",
    "0.1, 1e-10, 2, -5e5",
    "8, 1e-6, 1, 0"
  })
  public void gaussian_momentsAndTails_matchNormal(double eps, double delta, double sens,
      double x) {
    GaussianMechanism m =
        GaussianMechanism.builder().epsilon(eps).delta(delta).l2Sensitivity(sens)
            .random(Randomness.secure()).build();
    double sigma = m.sigma();
    double var = sigma * sigma;
    double[] xs = new double[N];
    double[] longs = new double[N];
    for (int i = 0; i < N; i++) {
      xs[i] = m.addNoise(x);
      longs[i] = m.addNoise(Math.round(x));
    }
    checkMean(xs, x, var, "Gaussian");
    checkVariance(xs, x, var, 3 * var * var, "Gaussian");
    NormalDistribution normal = new NormalDistribution(null, 0, 1);
    checkFrequency(countBeyond(xs, x, sigma), N, 2 * normal.cumulativeProbability(-1),
        "Gaussian |X|>sigma");
    checkFrequency(countBeyond(xs, x, 2.5 * sigma), N, 2 * normal.cumulativeProbability(-2.5),
        "Gaussian |X|>2.5 sigma");
    checkMean(longs, Math.round(x), var + 0.25, "Gaussian (long)");
  }
}
