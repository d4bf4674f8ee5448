package se.tillit.dp.mechanisms.statistical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Shared checks for the statistical tests. Each check rejects with probability about 4e-8 when the
 * sampler is correct: mean, variance and tail checks use a two-sided normal threshold of
 * {@value #Z} standard errors (P[|N(0,1)| > 5.5] = 3.8e-8, by the central limit theorem at the
 * sample sizes used, >= 10^5), and chi-square tests reject above the 1 - 1e-7 quantile. A test
 * class runs at most ~30 checks, so a correct implementation fails a class with probability below
 * 2e-6.
 */
final class StatisticalChecks {
  static final double Z = 5.5;
  static final double CHI_SQUARE_FALSE_REJECTION = 1e-7;

  private StatisticalChecks() {}

  /** Sample mean within Z standard errors of {@code mean}, for a variance {@code variance}. */
  static void checkMean(double[] xs, double mean, double variance, String what) {
    double m = mean(xs);
    double tolerance = Z * Math.sqrt(variance / xs.length);
    assertThat(m).as("%s: mean", what).isBetween(mean - tolerance, mean + tolerance);
  }

  /**
   * Sample variance within Z standard errors of {@code variance}; the standard error of the
   * sample variance is {@code sqrt((mu4 - variance^2) / n)} for the fourth central moment mu4.
   */
  static void checkVariance(double[] xs, double mean, double variance, double mu4, String what) {
    double v = 0;
    for (double x : xs) {
      v += (x - mean) * (x - mean);
    }
    v /= xs.length;
    double tolerance = Z * Math.sqrt((mu4 - variance * variance) / xs.length);
    assertThat(v).as("%s: variance", what).isBetween(variance - tolerance, variance + tolerance);
  }

  /** Observed frequency of an event within Z binomial standard errors of {@code p}. */
  static void checkFrequency(long hits, long n, double p, String what) {
    double f = (double) hits / n;
    double tolerance = Z * Math.sqrt(p * (1 - p) / n);
    assertThat(f).as("%s: frequency", what).isBetween(p - tolerance, p + tolerance);
  }

  /** Fraction of samples with {@code |x - centre| > threshold}. */
  static long countBeyond(double[] xs, double centre, double threshold) {
    long hits = 0;
    for (double x : xs) {
      if (Math.abs(x - centre) > threshold) {
        hits++;
      }
    }
    return hits;
  }

  static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  /**
   * Chi-square goodness of fit of integer samples to the pmf {@code pmf} (need not be normalised
   * over the central range; {@code total} is the normaliser). Cells with expected count >= 20 are
   * kept; the rest of each tail is pooled into one cell.
   */
  static void checkChiSquare(long[] samples, LongToDoubleFunction unnormalisedPmf, double total,
      long range, String what) {
    Map<Long, Long> observed = new TreeMap<>();
    for (long s : samples) {
      observed.merge(s, 1L, Long::sum);
    }
    int n = samples.length;
    // Central cells: k in [lo, hi] with expected >= 20.
    long lo = 0;
    long hi = 0;
    while (lo - 1 >= -range && n * unnormalisedPmf.applyAsDouble(lo - 1) / total >= 20) {
      lo--;
    }
    while (hi + 1 <= range && n * unnormalisedPmf.applyAsDouble(hi + 1) / total >= 20) {
      hi++;
    }
    double chi = 0;
    int cells = 0;
    double centralMass = 0;
    long centralObserved = 0;
    for (long k = lo; k <= hi; k++) {
      double e = n * unnormalisedPmf.applyAsDouble(k) / total;
      long o = observed.getOrDefault(k, 0L);
      chi += (o - e) * (o - e) / e;
      cells++;
      centralMass += unnormalisedPmf.applyAsDouble(k) / total;
      centralObserved += o;
    }
    // Lower and upper tails pooled (expected mass from the pmf, by symmetry split if symmetric).
    double lowerMass = 0;
    for (long k = -range; k < lo; k++) {
      lowerMass += unnormalisedPmf.applyAsDouble(k) / total;
    }
    double upperMass = Math.max(0, 1 - centralMass - lowerMass);
    long lowerObserved = 0;
    for (Map.Entry<Long, Long> e : observed.entrySet()) {
      if (e.getKey() < lo) {
        lowerObserved += e.getValue();
      }
    }
    long upperObserved = n - centralObserved - lowerObserved;
    for (double[] cell : new double[][] {{lowerMass, lowerObserved}, {upperMass, upperObserved}}) {
      double e = n * cell[0];
      if (e > 1e-9) {
        chi += (cell[1] - e) * (cell[1] - e) / e;
        cells++;
      } else {
        assertThat(cell[1]).as("%s: samples in a cell of zero mass", what).isEqualTo(0.0);
      }
    }
    double threshold =
        new ChiSquaredDistribution(cells - 1)
            .inverseCumulativeProbability(1 - CHI_SQUARE_FALSE_REJECTION);
    assertThat(chi).as("%s: chi-square with %d cells", what, cells).isLessThan(threshold);
  }
}
