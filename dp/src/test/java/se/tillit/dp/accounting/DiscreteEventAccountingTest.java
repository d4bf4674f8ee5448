package se.tillit.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.dp.accounting.internal.AdditiveNoisePrivacyLoss.Adjacency;
import se.tillit.dp.accounting.internal.DiscretePrivacyLoss;
import se.tillit.dp.accounting.internal.PldPmf;
import se.tillit.dp.accounting.internal.PrivacyLossDistribution;
import se.tillit.dp.accounting.internal.RdpMath;

/**
 * Accounting of {@link DpEvent.DiscreteGaussian}, {@link DpEvent.DiscreteLaplace} and {@link
 * DpEvent.EpsilonDelta} by both accountants.
 */
class DiscreteEventAccountingTest {

  private static final PldAccountant PLD = new PldAccountant();
  private static final RdpAccountant RDP = new RdpAccountant();
  private static final double D = PldAccountant.DEFAULT_VALUE_DISCRETIZATION_INTERVAL;

  // ---- independent reference: hockey-stick divergences by direct summation over the integers --

  private static double[] discreteGaussianPmf(double sigma, int radius) {
    double[] w = new double[2 * radius + 1];
    double z = 0;
    for (int x = -radius; x <= radius; x++) {
      w[x + radius] = Math.exp(-(double) x * x / (2 * sigma * sigma));
    }
    for (int i = 0; i < w.length; i++) {
      z += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= z;
    }
    return w;
  }

  /**
   * max over both directions of sum_x max(0, P(x) - e^eps Q(x)), for noise N_Z(0, sigma^2),
   * integer shift k and Poisson sampling rate q: REMOVE P = (1-q) mu + q mu(.+k), Q = mu; ADD
   * P = mu, Q = (1-q) mu + q mu(.-k).
   */
  static double exactDiscreteGaussianDelta(double sigma, int k, double q, double eps) {
    int radius = (int) Math.ceil(40 * sigma) + 2 * k + 5;
    double[] mu = discreteGaussianPmf(sigma, radius);
    double expEps = Math.exp(eps);
    double remove = 0;
    double add = 0;
    for (int x = -radius + k; x <= radius - k; x++) {
      double m = mu[x + radius];
      double plus = mu[x + k + radius];
      double minus = mu[x - k + radius];
      remove += Math.max(0, (1 - q) * m + q * plus - expEps * m);
      add += Math.max(0, m - expEps * ((1 - q) * m + q * minus));
    }
    return Math.max(remove, add);
  }

  /** The continuous Gaussian's exact delta with noise multiplier s (Balle and Wang 2018). */
  private static double continuousGaussianDelta(double s, double eps) {
    org.apache.commons.math3.distribution.NormalDistribution n =
        new org.apache.commons.math3.distribution.NormalDistribution(0, 1);
    return n.cumulativeProbability(-eps * s + 1 / (2 * s))
        - Math.exp(eps) * n.cumulativeProbability(-eps * s - 1 / (2 * s));
  }

  @Nested
  class DiscreteGaussianPld {

    /**
     * The PLD's delta is an upper bound on the exact delta (up to round-off: relative 1e-12, as in
     * PldAccountantTest) and within 1% of it, for every delta above 1e-12.
     */
    @ParameterizedTest
    @CsvSource({
      "0.5, 1", "0.5, 2", "0.5, 3", "0.7, 1", "1.0, 1", "1.0, 2", "1.0, 3", "1.5, 2", "2.0, 1",
      "2.0, 3", "3.0, 1", "3.0, 2", "5.0, 1", "5.0, 3"
    })
    void delta_discreteGaussian_atLeastAndWithinOnePercentOfExactSum(double sigma, int k) {
      PrivacyLossDistribution pld = PrivacyLossDistribution.discreteGaussian(sigma, k, 1.0, D);
      assertThat(PLD.delta(new DpEvent.DiscreteGaussian(sigma, k), 0.7))
          .isEqualTo(pld.deltaForEpsilon(0.7));
      int checked = 0;
      for (double eps = 0; eps <= 12; eps += 0.0731) {
        double exact = exactDiscreteGaussianDelta(sigma, k, 1.0, eps);
        if (exact < 1e-12) {
          break;
        }
        double delta = pld.deltaForEpsilon(eps);

        assertThat(delta).as("eps=" + eps).isGreaterThanOrEqualTo(exact * (1 - 1e-12));
        assertThat(delta).as("eps=" + eps).isLessThanOrEqualTo(exact * 1.01);
        checked++;
      }
      assertThat(checked).isGreaterThan(3);
    }

    /**
     * The reason for the event: the continuous Gaussian with the same sigma under-counts delta
     * (here 1.85e-3 against 1.54e-3 at sigma = 1, epsilon = 3; several-fold in the far tail at
     * smaller sigma).
     */
    @Test
    void delta_smallSigma_continuousGaussianUnderCountsAndDiscreteEventDoesNot() {
      double sigma = 1.0;
      double eps = 3.0;
      double exact = exactDiscreteGaussianDelta(sigma, 1, 1.0, eps);
      double continuous = continuousGaussianDelta(sigma, eps);

      assertThat(continuous).isLessThan(exact / 1.15);
      assertThat(PLD.delta(new DpEvent.Gaussian(sigma), eps)).isLessThan(exact);
      assertThat(PLD.delta(new DpEvent.DiscreteGaussian(sigma, 1), eps))
          .isGreaterThanOrEqualTo(exact * (1 - 1e-12));
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1, 0.3", "0.8, 2, 0.1", "2.0, 1, 0.6"})
    void delta_poissonSampledDiscreteGaussian_atLeastAndCloseToExactBothDirections(
        double sigma, int k, double q) {
      DpEvent event = new DpEvent.PoissonSampled(q, new DpEvent.DiscreteGaussian(sigma, k));
      for (double eps = 0; eps <= 3; eps += 0.173) {
        double exact = exactDiscreteGaussianDelta(sigma, k, q, eps);
        if (exact < 1e-12) {
          break;
        }
        double delta = PLD.delta(event, eps);

        assertThat(delta).as("eps=" + eps).isGreaterThanOrEqualTo(exact * (1 - 1e-12));
        assertThat(delta).as("eps=" + eps).isLessThanOrEqualTo(exact * 1.01);
      }
    }

    /**
     * google/differential-privacy python/dp_accounting/dp_accounting/pld/
     * privacy_loss_mechanism_test.py, DiscreteGaussianPrivacyLossTest,
     * test_discrete_gaussian_from_privacy_parameters: dp_accounting's binary search finds the
     * given sigma (to 3 decimals) for the REMOVE divergence delta at epsilon, so the divergence
     * must cross delta between sigma - 5e-4 and sigma + 5e-4. (Bracketing, not a new search: at
     * small sigma the divergence is not monotone in sigma, as atoms cross epsilon.)
     */
    @ParameterizedTest
    @CsvSource({
      "1, 1.0, 1.0, 0.12693674, 1.041",
      "2, 1.0, 1.0, 0.12693674, 1.972",
      "3, 1.0, 1.0, 0.78760074, 0.993",
      "6, 1.0, 1.0, 0.78760074, 2.014",
      "1, 1.0, 2.0, 0.02092364, 1.038",
      "5, 1.0, 2.0, 0.02092364, 5.008",
      "1, 1.0, 16.0, 1e-5, 0.306",
      "2, 1.0, 16.0, 1e-5, 0.703",
      "1, 0.8, 1.0, 0.07850075632001355, 1.041",
      "2, 0.7, 1.0, 0.06665777574091321, 1.972",
      "3, 0.4, 1.0, 0.27122238416249084, 0.993",
      "6, 0.5, 1.0, 0.3604879495041193, 2.014",
      "1, 0.3, 2.0, 0.0002834863230938751, 1.038",
      "5, 0.1, 2.0, 2.340272571167144e-06, 5.008",
      "2, 0.9, 16.0, 4.518347272315105e-06, 0.703"
    })
    void deltaForEpsilon_aroundDpAccountingSigma_bracketsTargetDelta(
        long k, double q, double eps, double delta, double expectedSigma) {
      double below =
          DiscretePrivacyLoss.discreteGaussian(expectedSigma - 5e-4, k, q, Adjacency.REMOVE)
              .deltaForEpsilon(eps);
      double above =
          DiscretePrivacyLoss.discreteGaussian(expectedSigma + 5e-4, k, q, Adjacency.REMOVE)
              .deltaForEpsilon(eps);

      assertThat(below).isGreaterThan(delta);
      assertThat(above).isLessThan(delta);
    }

    @Test
    void truncation_tailMassIsBelow1e29AndCountedAtInfinity() {
      for (double sigma : new double[] {0.05, 0.5, 1, 7.3, 1000}) {
        DiscretePrivacyLoss loss =
            DiscretePrivacyLoss.discreteGaussian(sigma, 1, 1.0, Adjacency.REMOVE);
        assertThat(loss.infinityMass()).as("sigma=" + sigma).isLessThan(1e-29);
        assertThat(loss.atomCount())
            .isEqualTo(2 * (long) Math.ceil(DiscretePrivacyLoss.TRUNCATION_SIGMAS * sigma) + 2);
      }
      // Without truncation error the divergence at a huge epsilon is exactly the tail bound.
      DiscretePrivacyLoss loss = DiscretePrivacyLoss.discreteGaussian(1, 1, 1.0, Adjacency.REMOVE);
      assertThat(loss.deltaForEpsilon(1e6)).isEqualTo(loss.infinityMass());
    }

    @Test
    void epsilon_largeSigma_closeToContinuousGaussianAndAtLeastIt() {
      // At sigma = 50 the discrete and continuous profiles agree to many digits.
      double eps = PLD.epsilon(new DpEvent.DiscreteGaussian(50, 1), 1e-6);
      double cont = PLD.epsilon(new DpEvent.Gaussian(50), 1e-6);

      assertThat(eps).isCloseTo(cont, within(2 * D));
    }

    @Test
    void epsilon_selfComposedDiscreteGaussian_equalsComposedList() {
      DpEvent one = new DpEvent.DiscreteGaussian(2, 1);
      double self = PLD.epsilon(new DpEvent.SelfComposed(one, 3), 1e-6);
      double list = PLD.epsilon(new DpEvent.Composed(List.of(one, one, one)), 1e-6);

      assertThat(self).isCloseTo(list, within(1e-9));
    }

    @Test
    void supports_hugeSigma_falseWithReason() {
      DpEvent huge = new DpEvent.DiscreteGaussian(1e7, 1);

      assertThat(PLD.supports(huge)).isFalse();
      assertThat(RDP.supports(huge)).isTrue();
      assertThatThrownBy(() -> PLD.epsilon(huge, 1e-6))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DiscreteGaussian with 2320000")
          .hasMessageContaining("use the rdp accountant");
    }
  }

  @Nested
  class DiscreteLaplacePld {

    /**
     * privacy_loss_mechanism_test.py, DiscreteLaplacePrivacyLossDistributionTest,
     * test_discrete_laplace_get_delta_for_epsilon (parameter a = 1 / scale).
     */
    @ParameterizedTest
    @CsvSource({
      "1.0, 1, 1.0, ADD, 1.0, 0.0",
      "0.333333, 3, 1.0, ADD, 1.0, 0.0",
      "0.5, 4, 1.0, ADD, 2.0, 0.0",
      "0.5, 4, 1.0, ADD, 0.5, 0.54202002",
      "0.5, 4, 1.0, ADD, 1.0, 0.39346934",
      "0.5, 4, 1.0, ADD, -0.5, 0.72222110",
      "1.0, 1, 0.8, ADD, 1.0, 0.0",
      "0.333333, 3, 0.8, ADD, 1.0, 0.0",
      "0.5, 4, 0.7, ADD, 0.5, 0.2293628348747755",
      "0.5, 4, 0.6, ADD, 0.6, 0.07668344250639381",
      "0.5, 4, 0.3, ADD, 0.5, 0.0",
      "1.0, 1, 1.0, REMOVE, 1.0, 0.0",
      "0.333333, 3, 1.0, REMOVE, 1.0, 0.0",
      "0.5, 4, 1.0, REMOVE, 2.0, 0.0",
      "0.5, 4, 1.0, REMOVE, 0.5, 0.54202002",
      "0.5, 4, 1.0, REMOVE, 1.0, 0.39346934",
      "0.5, 4, 1.0, REMOVE, -0.5, 0.72222110",
      "1.0, 1, 0.8, REMOVE, 1.0, 0.0",
      "0.333333, 3, 0.8, REMOVE, 1.0, 0.0",
      "0.5, 4, 0.7, REMOVE, 0.5, 0.3523838505224567",
      "0.5, 4, 0.6, REMOVE, 1.0, 0.178181891763215",
      "0.5, 4, 0.3, REMOVE, 0.5, 0.1068168460276349",
      "1.0, 1, 0.2, REMOVE, -0.25, 0.2211992169285951"
    })
    void deltaForEpsilon_discreteLaplace_matchesDpAccounting(
        double a, long k, double q, Adjacency adjacency, double eps, double expected) {
      DiscretePrivacyLoss loss = DiscretePrivacyLoss.discreteLaplace(1 / a, k, q, adjacency);

      assertThat(loss.deltaForEpsilon(eps)).isCloseTo(expected, within(5e-8));
    }

    /**
     * privacy_loss_distribution_test.py, DiscreteLaplacePrivacyLossDistributionTest,
     * test_discrete_laplace_varying_parameter_and_sensitivity_connect_dots (interval 1; the first
     * map is ADD, the second REMOVE).
     */
    @Test
    void discretize_connectTheDotsOnUnitGrid_matchesDpAccountingPmf() {
      assertPmf(dl(1.0, 1, 1, Adjacency.ADD, 1), Map.of(1L, 0.731058579, -1L, 0.268941421));
      assertPmf(
          dl(1.0, 2, 1, Adjacency.ADD, 1),
          Map.of(2L, 0.731058579, 0L, 0.170003402, -2L, 0.098938020));
      assertPmf(
          dl(0.8, 2, 1, Adjacency.REMOVE, 1),
          Map.of(2L, 0.492482728, 1L, 0.197491753, 0L, 0.170722074, -1L, 0.072653156, -2L,
              0.066650289));
      assertPmf(
          dl(0.8, 3, 1, Adjacency.ADD, 1),
          Map.of(3L, 0.359853436, 2L, 0.330121045, 1L, 0.148724321, 0L, 0.043995505, -1L,
              0.054712620, -2L, 0.044677025, -3L, 0.017916048));
      Map<Long, Double> sampled = Map.of(1L, 0.584846863, 0L, 0.2, -1L, 0.215153137);
      assertPmf(dl(1.0, 1, 0.8, Adjacency.ADD, 1), sampled);
      assertPmf(dl(1.0, 1, 0.8, Adjacency.REMOVE, 1), sampled);
      assertPmf(
          dl(1.0, 2, 0.5, Adjacency.ADD, 1),
          Map.of(1L, 0.5, 0L, 0.401061980, -1L, 0.067667642, -2L, 0.031270378));
      assertPmf(
          dl(1.0, 2, 0.5, Adjacency.REMOVE, 1),
          Map.of(2L, 0.231058579, 1L, 0.183939721, 0L, 0.401061980, -1L, 0.183939721));
      assertPmf(
          dl(0.8, 3, 0.2, Adjacency.ADD, 1),
          Map.of(1L, 0.228245419, 0L, 0.698218984, -1L, 0.069698173, -2L, 0.003837424));
      assertPmf(
          dl(0.8, 3, 0.2, Adjacency.REMOVE, 1),
          Map.of(2L, 0.028354943, 1L, 0.189459276, 0L, 0.698218984, -1L, 0.083966797));
    }

    /**
     * privacy_loss_distribution_test.py, test_discrete_laplace_discretization_connect_dots
     * (parameter 1, sensitivity 1).
     */
    @Test
    void discretize_connectTheDotsFinerGrids_matchesDpAccountingPmf() {
      assertPmf(dl(1, 1, 1, Adjacency.REMOVE, 0.1), Map.of(10L, 0.731058579, -10L, 0.268941421));
      assertPmf(
          dl(1, 1, 1, Adjacency.REMOVE, 0.03),
          Map.of(34L, 0.246127076, 33L, 0.484931503, -33L, 0.180189243, -34L, 0.088752178));
    }

    private PldPmf dl(double a, long k, double q, Adjacency adjacency, double interval) {
      return DiscretePrivacyLoss.discreteLaplace(1 / a, k, q, adjacency).discretize(interval);
    }

    private void assertPmf(PldPmf pmf, Map<Long, Double> expected) {
      double total = 0;
      for (long i = pmf.lowerIndex(); i < pmf.lowerIndex() + pmf.size(); i++) {
        double p = pmf.probabilityAt(i);
        assertThat(p).as("index " + i).isCloseTo(expected.getOrDefault(i, 0.0), within(1e-8));
        total += p;
      }
      assertThat(pmf.infinityMass()).isCloseTo(0.0, within(1e-15));
      assertThat(total).isCloseTo(1.0, within(1e-8));
    }

    @Test
    void epsilon_discreteLaplaceAtTinyDelta_isPureEpsilonSensitivityOverScale() {
      DpEvent event = new DpEvent.DiscreteLaplace(4.0, 3);

      assertThat(PLD.epsilon(event, 1e-12))
          .isCloseTo(0.75, within(D))
          .isGreaterThanOrEqualTo(0.75 - 1e-10);
      assertThat(PLD.delta(event, 0.75)).isLessThan(1e-14);
    }

    /** The geometric with D = 1 is worse than the continuous Laplace of the same epsilon. */
    @Test
    void delta_discreteLaplace_exceedsSameEpsilonContinuousLaplace() {
      double discrete = PLD.delta(new DpEvent.DiscreteLaplace(1.0, 1), 0.0);
      double continuous = PLD.delta(new DpEvent.Laplace(1.0), 0.0);

      // tanh(1/2) versus 1 - exp(-1/2).
      assertThat(discrete).isCloseTo(Math.tanh(0.5), within(1e-6));
      assertThat(continuous).isCloseTo(-Math.expm1(-0.5), within(1e-6));
      assertThat(discrete).isGreaterThan(continuous);
    }
  }

  @Nested
  class EpsilonDeltaPld {

    /**
     * pld/pld_privacy_accountant_test.py, test_epsilon_basic: (1, 0) and (2, 0) compose to
     * exactly (3, 0).
     */
    @Test
    void epsilonAndDelta_pureEpsilonEvents_matchDpAccounting() {
      DpEvent event =
          new DpEvent.Composed(
              List.of(new DpEvent.EpsilonDelta(1.0, 0.0), new DpEvent.EpsilonDelta(2.0, 0.0)));

      assertThat(PLD.delta(event, 3.0)).isLessThan(1e-14);
      assertThat(PLD.epsilon(event, 1e-14)).isCloseTo(3.0, within(2 * D));
    }

    /** pld_privacy_accountant_test.py, test_epsilon_delta_basic: delta(3) = 1 - 0.9 * 0.8. */
    @Test
    void epsilonAndDelta_epsilonDeltaEvents_matchDpAccounting() {
      DpEvent event =
          new DpEvent.Composed(
              List.of(new DpEvent.EpsilonDelta(1.0, 0.1), new DpEvent.EpsilonDelta(2.0, 0.2)));

      assertThat(PLD.delta(event, 3.0)).isCloseTo(0.28, within(1e-12));
      assertThat(PLD.epsilon(event, 0.28)).isCloseTo(3.0, within(2 * D));
    }

    @Test
    void delta_singleEvent_isRandomisedResponseProfilePlusDelta() {
      DpEvent event = new DpEvent.EpsilonDelta(1.0, 1e-3);
      // delta(eps') = delta + (1 - delta) (e^1 - e^eps') / (1 + e^1) for 0 <= eps' <= 1.
      for (double eps : new double[] {0.0, 0.3, 0.9, 1.0, 2.0}) {
        double expected =
            1e-3 + (1 - 1e-3) * Math.max(0, Math.exp(1) - Math.exp(eps)) / (1 + Math.exp(1));
        assertThat(PLD.delta(event, eps)).as("eps=" + eps).isCloseTo(expected, within(1e-12));
      }
      assertThat(PLD.epsilon(new DpEvent.EpsilonDelta(0, 0), 1e-9)).isEqualTo(0.0);
    }

    @Test
    void supports_poissonSampledEpsilonDelta_onlyWithRateOne() {
      DpEvent sampled = new DpEvent.PoissonSampled(0.5, new DpEvent.EpsilonDelta(1, 0));

      assertThat(PLD.supports(sampled)).isFalse();
      assertThatThrownBy(() -> PLD.epsilon(sampled, 1e-6))
          .hasMessageEndingWith("Provided value: PoissonSampled of EpsilonDelta");
      DpEvent full = new DpEvent.PoissonSampled(1.0, new DpEvent.EpsilonDelta(1, 1e-6));
      assertThat(PLD.delta(full, 0.5)).isEqualTo(PLD.delta(new DpEvent.EpsilonDelta(1, 1e-6), 0.5));
    }
  }

  @Nested
  class Rdp {

    /**
     * rdp/rdp_privacy_accountant_test.py, test_discrete_gaussian_rdp (orders 3.14159, sigma 5,
     * sensitivity 2) and test_discrete_gaussian_matches_continuous_gaussian.
     */
    @Test
    void rdp_discreteGaussian_equalsGaussianWithSigmaOverSensitivity() {
      RdpAccountant one = new RdpAccountant(new double[] {3.14159});
      assertThat(one.rdp(new DpEvent.DiscreteGaussian(5.0, 2))[0])
          .isCloseTo(3.14159 * 4 / 50, within(1e-15));

      double[] dg = RDP.rdp(new DpEvent.DiscreteGaussian(6.0, 3));
      double[] g = RDP.rdp(new DpEvent.Gaussian(2.0));
      for (int i = 0; i < dg.length; i++) {
        assertThat(dg[i]).isCloseTo(g[i], within(1e-15 * g[i]));
      }
      assertThat(RDP.rdp(new DpEvent.DiscreteGaussian(3.14159, 1)))
          .isEqualTo(RDP.rdp(new DpEvent.Gaussian(3.14159)));
    }

    /** The closed form against a direct sum of P^a Q^(1-a) over the integers. */
    @ParameterizedTest
    @CsvSource({
      "1.0, 1", "1.0, 2", "0.5, 3", "3.0, 5", "10.0, 1", "0.2, 4", "25.0, 40"
    })
    void rdp_discreteLaplace_equalsDirectRenyiDivergence(double scale, int k) {
      double[] orders = {1.1, 1.5, 2, 3.7, 8, 32, 256};
      for (double a : orders) {
        double lambda = 1 / scale;
        int radius = (int) Math.ceil(60 * scale) + 2 * k + 50;
        double c = Math.tanh(lambda / 2);
        double sum = 0;
        for (int x = -radius; x <= radius; x++) {
          double logP = Math.log(c) - lambda * Math.abs(x);
          double logQ = Math.log(c) - lambda * Math.abs(x - k);
          sum += Math.exp(a * logP + (1 - a) * logQ - (a - 1) * k * lambda);
        }
        double direct = k * lambda + Math.log(sum) / (a - 1);

        assertThat(RdpMath.discreteLaplaceRdp(scale, k, a))
            .as("order " + a)
            .isCloseTo(direct, within(1e-9 * Math.max(1, direct)))
            .isLessThanOrEqualTo(k * lambda + 1e-15);
      }
    }

    @Test
    void rdp_discreteLaplace_growsWithSensitivity() {
      for (double a : RdpAccountant.defaultOrders()) {
        double previous = 0;
        for (long k = 1; k <= 50; k++) {
          double r = RdpMath.discreteLaplaceRdp(3.0, k, a);
          assertThat(r).as("order %s k %s", a, k).isGreaterThanOrEqualTo(previous);
          previous = r;
        }
      }
    }

    /**
     * rdp_privacy_accountant_test.py, test_epsilon_delta_dp_event_with_epsilon: a pure 1-DP event
     * gives epsilon in [1, 1.01] at delta 1e-5 and in [0.99, 1] at delta 1e-3.
     */
    @Test
    void epsilon_pureEpsilonDeltaEvent_matchesDpAccounting() {
      DpEvent event = new DpEvent.EpsilonDelta(1.0, 0.0);

      assertThat(RDP.epsilon(event, 1e-5)).isBetween(1.0, 1.01);
      assertThat(RDP.epsilon(event, 1e-3)).isBetween(0.99, 1.0);
    }

    @Test
    void rdp_pureDp_isRandomisedResponseAndBelowBothSimpleBounds() {
      double eps = 0.8;
      double[] r = RDP.rdp(new DpEvent.EpsilonDelta(eps, 0));
      double[] orders = RDP.orders();
      for (int i = 0; i < r.length; i++) {
        double a = orders[i];
        // dp_accounting's formula for EpsilonDeltaDpEvent.
        double rr =
            (eps * a + Math.log1p(Math.exp(eps * (1 - 2 * a))) - Math.log1p(Math.exp(eps)))
                / (a - 1);
        assertThat(r[i]).isCloseTo(rr, within(1e-12));
        assertThat(r[i]).isLessThanOrEqualTo(Math.min(eps, a * eps * eps / 2) + 1e-15);
      }
      assertThat(RDP.rdp(new DpEvent.DiscreteLaplace(1 / eps, 1))).isEqualTo(r);
      assertThat(RDP.rdp(new DpEvent.EpsilonDelta(0, 0))).containsOnly(0.0);
    }

    @Test
    void supports_epsilonDeltaWithPositiveDelta_falseWithReason() {
      DpEvent event = new DpEvent.EpsilonDelta(1.0, 1e-6);

      assertThat(RDP.supports(event)).isFalse();
      assertThatThrownBy(() -> RDP.epsilon(event, 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("EpsilonDelta with delta > 0");
    }

    @Test
    void supports_poissonSampledDiscreteGaussian_falseWithReasonButPldSupportsIt() {
      DpEvent event = new DpEvent.PoissonSampled(0.01, new DpEvent.DiscreteGaussian(2, 1));

      assertThat(RDP.supports(event)).isFalse();
      assertThatThrownBy(() -> RDP.epsilon(event, 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("found DiscreteGaussian inside PoissonSampled")
          .hasMessageContaining("use the PLD accountant");
      assertThat(PLD.supports(event)).isTrue();
      assertThat(RDP.supports(new DpEvent.PoissonSampled(1.0, new DpEvent.DiscreteGaussian(2, 1))))
          .isTrue();
    }
  }

  @Nested
  class PldAgainstRdp {

    static List<DpEvent> events() {
      return List.of(
          new DpEvent.DiscreteGaussian(0.7, 1),
          new DpEvent.DiscreteGaussian(3.0, 2),
          new DpEvent.SelfComposed(new DpEvent.DiscreteGaussian(5.0, 1), 20),
          new DpEvent.DiscreteLaplace(1.0, 1),
          new DpEvent.DiscreteLaplace(5.0, 3),
          new DpEvent.SelfComposed(new DpEvent.DiscreteLaplace(10.0, 1), 10),
          new DpEvent.EpsilonDelta(0.5, 0),
          new DpEvent.SelfComposed(new DpEvent.EpsilonDelta(0.2, 0), 30),
          new DpEvent.Composed(
              List.of(
                  new DpEvent.DiscreteGaussian(2.0, 1),
                  new DpEvent.DiscreteLaplace(2.0, 1),
                  new DpEvent.EpsilonDelta(0.3, 0),
                  new DpEvent.Gaussian(2.0))));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-3, 1e-6, 1e-9})
    void epsilon_pldAtMostRdp(double delta) {
      for (DpEvent event : events()) {
        double pld = PLD.epsilon(event, delta);
        double rdp = RDP.epsilon(event, delta);

        assertThat(pld).as(event + " delta " + delta).isLessThanOrEqualTo(rdp);
      }
    }
  }

  @Nested
  class InvalidParameters {

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void discreteGaussian_badSigma_throwsNamingSigma(double sigma) {
      assertThatThrownBy(() -> new DpEvent.DiscreteGaussian(sigma, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sigma must be > 0 and < infinity. Provided value: " + sigma);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void discreteEvents_sensitivityBelowOne_throwsNamingSensitivity(long k) {
      assertThatThrownBy(() -> new DpEvent.DiscreteGaussian(1, k))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sensitivity must be >= 1. Provided value: " + k);
      assertThatThrownBy(() -> new DpEvent.DiscreteLaplace(1, k))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sensitivity must be >= 1. Provided value: " + k);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void discreteLaplace_badScale_throwsNamingScale(double scale) {
      assertThatThrownBy(() -> new DpEvent.DiscreteLaplace(scale, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("scale must be > 0 and < infinity. Provided value: " + scale);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, Double.NaN, Double.POSITIVE_INFINITY})
    void epsilonDelta_badEpsilon_throwsNamingEpsilon(double eps) {
      assertThatThrownBy(() -> new DpEvent.EpsilonDelta(eps, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("epsilon must be >= 0 and < infinity. Provided value: " + eps);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, 1, 1.5, Double.NaN})
    void epsilonDelta_badDelta_throwsNamingDelta(double delta) {
      assertThatThrownBy(() -> new DpEvent.EpsilonDelta(1, delta))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("delta must be >= 0 and < 1. Provided value: " + delta);
    }

    @Test
    void edgeValues_accepted() {
      assertThat(new DpEvent.EpsilonDelta(0, 0)).isEqualTo(new DpEvent.EpsilonDelta(0, 0));
      assertThat(new DpEvent.DiscreteGaussian(Double.MIN_VALUE, Long.MAX_VALUE).sensitivity())
          .isEqualTo(Long.MAX_VALUE);
    }
  }
}
