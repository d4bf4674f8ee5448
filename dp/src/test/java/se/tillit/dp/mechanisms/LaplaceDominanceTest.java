package se.tillit.dp.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numerical check of the accounting claim in {@link LaplaceMechanism} (which
 * {@link DiscreteLaplaceMechanism} used before it had its own event): a two-sided geometric with parameter lambda over m lattice steps
 * (P ~ exp(-lambda |k|) versus the same shifted by m) has a hockey-stick profile
 * delta(u) = sum_k max(0, P(k) - e^u Q(k)) no larger than that of a continuous Laplace pair with
 * privacy parameter {@code m lambda + lambda^2 / 4}, whose profile is {@code 1 - exp((u - e)/2)}.
 * Only u >= 0 is needed: both pairs are symmetric, so u < 0 follows.
 */
class LaplaceDominanceTest {

  @ParameterizedTest
  @CsvSource({
    "1, 0.01", "1, 0.5", "1, 1", "1, 3", "1, 10",
    "2, 0.05", "2, 0.5", "2, 2", "3, 0.3", "3, 1.5",
    "5, 0.1", "5, 1", "8, 0.02", "8, 0.4", "13, 0.25", "20, 0.05", "40, 0.2"
  })
  public void geometricProfile_isDominatedByCorrectedLaplace(int m, double lambda) {
    double eps = m * lambda;
    double epsC = eps + lambda * lambda / 4;
    for (int i = 0; i <= 4000; i++) {
      double u = eps * i / 4000.0;
      double discrete = geometricProfile(m, lambda, u);
      double continuous = -Math.expm1((u - epsC) / 2);
      assertThat(discrete)
          .as("m=%d lambda=%s u=%s", m, lambda, u)
          .isLessThanOrEqualTo(continuous + 1e-15);
    }
  }

  /** Without the correction, the same-epsilon Laplace does NOT dominate (documented caveat). */
  @ParameterizedTest
  @CsvSource({"1, 1", "2, 0.5", "4, 0.25"})
  public void geometricProfile_exceedsUncorrectedLaplaceSomewhere(int m, double lambda) {
    double eps = m * lambda;
    double worstExcess = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 4000; i++) {
      double u = eps * i / 4000.0;
      worstExcess =
          Math.max(worstExcess, geometricProfile(m, lambda, u) + Math.expm1((u - eps) / 2));
    }
    assertThat(worstExcess).isGreaterThan(1e-6);
  }

  private static double geometricProfile(int m, double lambda, double u) {
    double r = Math.exp(-lambda);
    double norm = (1 - r) / (1 + r);
    double sum = 0;
    double lossAtMost0 = m * lambda; // outputs k <= 0
    if (lossAtMost0 > u) {
      sum += (1 / (1 + r)) * -Math.expm1(u - lossAtMost0);
    }
    for (int k = 1; k < m; k++) {
      double loss = lambda * (m - 2 * k);
      if (loss > u) {
        sum += norm * Math.exp(-lambda * k) * -Math.expm1(u - loss);
      }
    }
    return sum; // outputs k >= m have loss -m lambda <= u
  }
}
