package se.tillit.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.dp.accounting.internal.AdditiveNoisePrivacyLoss.Adjacency;
import se.tillit.dp.accounting.internal.ConnectTheDots;
import se.tillit.dp.accounting.internal.GaussianPrivacyLoss;
import se.tillit.dp.accounting.internal.LaplacePrivacyLoss;
import se.tillit.dp.accounting.internal.NormalMath;
import se.tillit.dp.accounting.internal.PldPmf;
import se.tillit.dp.accounting.internal.PrivacyLossDistribution;

class PldAccountantTest {

  private static final PldAccountant ACCOUNTANT = new PldAccountant();
  private static final double D = PldAccountant.DEFAULT_VALUE_DISCRETIZATION_INTERVAL;

  /** Exact delta(eps) of the Gaussian mechanism, sensitivity 1, sigma = s (Balle & Wang 2018). */
  private static double exactGaussianDelta(double s, double eps) {
    return NormalMath.cdf(-eps * s + 1 / (2 * s))
        - Math.exp(eps) * NormalMath.cdf(-eps * s - 1 / (2 * s));
  }

  /** Exact smallest epsilon of the Gaussian mechanism at delta, by bisection on the closed form. */
  private static double exactGaussianEpsilon(double s, double delta) {
    double lo = 0;
    double hi = 100;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (exactGaussianDelta(s, mid) > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** Exact delta(eps) of the Laplace mechanism, sensitivity 1, scale b, for 0 <= eps. */
  private static double exactLaplaceDelta(double b, double eps) {
    return eps >= 1 / b ? 0.0 : -Math.expm1((eps - 1 / b) / 2);
  }

  @Nested
  class PublishedDpAccountingValues {

    // google/differential-privacy python/dp_accounting/dp_accounting/pld/
    // pld_privacy_accountant_test.py, test_gaussian_basic.
    @Test
    void epsilonAndDelta_gaussianComposedOnceAndTwice_matchDpAccounting() {
      DpEvent g = new DpEvent.Gaussian(Math.sqrt(3));
      DpEvent event = new DpEvent.Composed(List.of(g, new DpEvent.SelfComposed(g, 2)));

      assertThat(ACCOUNTANT.delta(event, 1.0)).isCloseTo(0.126936, within(1e-3));
      assertThat(ACCOUNTANT.epsilon(event, 0.126936)).isCloseTo(1.0, within(1e-3));
    }

    // pld_privacy_accountant_test.py, test_poisson_subsampled_gaussian and
    // test_self_composed_subsampled_gaussian.
    @Test
    void epsilonAndDelta_poissonSampledGaussianThreeTimes_matchDpAccounting() {
      DpEvent step = new DpEvent.PoissonSampled(0.2, new DpEvent.Gaussian(0.5));
      DpEvent selfComposed = new DpEvent.SelfComposed(step, 3);
      DpEvent composed =
          new DpEvent.Composed(List.of(step, new DpEvent.SelfComposed(step, 2)));

      for (DpEvent event : List.of(selfComposed, composed)) {
        assertThat(ACCOUNTANT.delta(event, 1.0)).isCloseTo(0.15594, within(1e-3));
        assertThat(ACCOUNTANT.epsilon(event, 0.15594)).isCloseTo(1.0, within(1e-3));
      }
    }

    // pld_privacy_accountant_test.py, test_laplace_basic: 3 x Laplace(1) + 2 x Laplace(2) is
    // 4-DP; delta is not 0 only because of tail truncation in self-composition.
    @Test
    void epsilonAndDelta_laplaceComposition_matchDpAccounting() {
      DpEvent event =
          new DpEvent.Composed(
              List.of(
                  new DpEvent.SelfComposed(new DpEvent.Laplace(1), 3),
                  new DpEvent.SelfComposed(new DpEvent.Laplace(2), 2)));

      assertThat(ACCOUNTANT.delta(event, 4.0)).isCloseTo(1e-14, within(1e-6));
      assertThat(ACCOUNTANT.epsilon(event, 1e-14)).isCloseTo(4.0, within(1e-6));
    }

    // pld_privacy_accountant_test.py, test_poisson_subsampled_laplace:
    // 3 * log(1 + 0.2 (e^2 - 1)) = 2.46964...
    @Test
    void epsilonAndDelta_poissonSampledLaplace_matchDpAccounting() {
      DpEvent event =
          new DpEvent.SelfComposed(new DpEvent.PoissonSampled(0.2, new DpEvent.Laplace(0.5)), 3);

      assertThat(ACCOUNTANT.delta(event, 2.46964)).isCloseTo(1e-14, within(1e-6));
      assertThat(ACCOUNTANT.epsilon(event, 1e-14)).isCloseTo(2.46964, within(1e-3));
    }

    // pld_privacy_accountant_test.py, test_supports_gaussian (ADD_OR_REMOVE_ONE).
    @Test
    void supports_gaussianEventsFromDpAccountingTest_true() {
      List<DpEvent> events =
          List.of(
              new DpEvent.Gaussian(1.0),
              new DpEvent.SelfComposed(new DpEvent.Gaussian(1.0), 6),
              new DpEvent.Composed(List.of(new DpEvent.Gaussian(1.0), new DpEvent.Gaussian(2.0))),
              new DpEvent.PoissonSampled(0.1, new DpEvent.Gaussian(1.0)),
              new DpEvent.Composed(
                  List.of(
                      new DpEvent.PoissonSampled(0.1, new DpEvent.Gaussian(1.0)),
                      new DpEvent.Gaussian(2.0))));

      for (DpEvent event : events) {
        assertThat(ACCOUNTANT.supports(event)).as(event.toString()).isTrue();
      }
    }

    // privacy_loss_mechanism_test.py, test_gaussian_get_delta_for_epsilon_vectorized
    // (standard_deviation 1, sensitivity 1, sampling_prob 0.2; REMOVE then ADD).
    @ParameterizedTest
    @CsvSource({
      "-0.3, 0.25918178, 0.27768558",
      "-0.2, 0.1814346, 0.21052945",
      "-0.1, 0.11631708, 0.14204776",
      "0.0, 0.076584985, 0.076584985",
      "0.1, 0.051816131, 0.02337934",
      "0.2, 0.035738492, 0.00020196",
    })
    void deltaForEpsilon_subsampledGaussianMechanism_matchesDpAccounting(
        double eps, double remove, double add) {
      assertThat(new GaussianPrivacyLoss(1, 0.2, Adjacency.REMOVE).deltaForEpsilon(eps))
          .isCloseTo(remove, within(1e-7));
      assertThat(new GaussianPrivacyLoss(1, 0.2, Adjacency.ADD).deltaForEpsilon(eps))
          .isCloseTo(add, within(1e-7));
    }

    // privacy_loss_mechanism_test.py, test_gaussian_get_delta_for_epsilon_vectorized (REMOVE at
    // 0.5 and 1.0; ADD is 0 there since eps >= -log(1 - 0.2)). The accountant's delta is
    // pessimistic (never below, up to the rounding of the published digits) and within 1%.
    @ParameterizedTest
    @CsvSource({"0.0, 0.076584985", "0.1, 0.051816131", "0.5, 0.012494629", "1.0, 0.00229682"})
    void delta_poissonSampledGaussian_atLeastAndWithinOnePercentOfDpAccountingExact(
        double eps, double expected) {
      DpEvent event = new DpEvent.PoissonSampled(0.2, new DpEvent.Gaussian(1));
      double delta = ACCOUNTANT.delta(event, eps);

      assertThat(delta)
          .isGreaterThanOrEqualTo(expected - 1e-9)
          .isCloseTo(expected, within(0.01 * expected));
    }

    // privacy_loss_mechanism_test.py, test_laplace_get_delta_for_epsilon_vectorized
    // (parameter 1, sensitivity 1, sampling_prob 0.2).
    @ParameterizedTest
    @CsvSource({
      "-0.3, 0.2591817793, 0.2591817793",
      "-0.2, 0.1812692469, 0.2008511573",
      "-0.1, 0.1121734314, 0.1405456165",
      "0.0, 0.07869386806, 0.07869386806",
      "0.1, 0.05015600993, 0.01879989609",
      "0.2, 0.02391739939, 0.0",
      "0.3, 0.0, 0.0",
    })
    void deltaForEpsilon_subsampledLaplaceMechanism_matchesDpAccounting(
        double eps, double remove, double add) {
      assertThat(new LaplacePrivacyLoss(1, 0.2, Adjacency.REMOVE).deltaForEpsilon(eps))
          .isCloseTo(remove, within(1e-9));
      assertThat(new LaplacePrivacyLoss(1, 0.2, Adjacency.ADD).deltaForEpsilon(eps))
          .isCloseTo(add, within(1e-9));
    }

    // privacy_loss_distribution_test.py, test_laplace_discretization_connect_dots
    // (parameter 1, value_discretization_interval 0.5 and 0.3).
    @Test
    void connectTheDots_laplaceCoarseGrids_matchesDpAccountingPmf() {
      PldPmf half =
          ConnectTheDots.discretize(new LaplacePrivacyLoss(1, 1, Adjacency.REMOVE), 0.5);
      assertPmf(
          half,
          Map.of(2L, 0.56217650, 1L, 0.09684622, 0L, 0.07542391, -1L, 0.05874020, -2L, 0.20681318),
          0.0);

      PldPmf third =
          ConnectTheDots.discretize(new LaplacePrivacyLoss(1, 1, Adjacency.REMOVE), 0.3);
      assertPmf(
          third,
          Map.of(
              4L, 0.18817131, 3L, 0.37181835, 2L, 0.06128993, 1L, 0.05275273, 0L, 0.04540470,
              -1L, 0.03908019, -2L, 0.03363663, -3L, 0.15117006, -4L, 0.05667611),
          0.0);
    }

    // privacy_loss_distribution_test.py,
    // test_laplace_varying_parameter_and_sensitivity_connect_dots
    // (parameter 1, sensitivity 1, sampling_prob 0.8, interval 1: both directions equal).
    @Test
    void connectTheDots_subsampledLaplace_matchesDpAccountingPmf() {
      Map<Long, Double> expected = Map.of(1L, 0.49796746, 0L, 0.31884054, -1L, 0.18319199);
      for (Adjacency adjacency : Adjacency.values()) {
        assertPmf(
            ConnectTheDots.discretize(new LaplacePrivacyLoss(1, 0.8, adjacency), 1.0),
            expected,
            0.0);
      }
    }

    // privacy_loss_distribution_test.py, test_gaussian_discretization_connect_dots
    // (standard deviation 1, log_mass_truncation_bound = log(2) + log(Phi(-0.9)), interval 0.5).
    @Test
    void connectTheDots_gaussianCoarseGrid_matchesDpAccountingPmf() {
      double bound = Math.log(2) + NormalMath.logCdf(-0.9);
      PldPmf pmf =
          ConnectTheDots.discretize(new GaussianPrivacyLoss(1, 1, Adjacency.REMOVE, bound), 0.5);

      assertPmf(
          pmf,
          Map.of(
              3L, 0.178515818, 2L, 0.175063076, 1L, 0.195400642, 0L, 0.171573378,
              -1L, 0.118516480, -2L, 0.064402107, -3L, 0.039832263),
          0.056696236);
    }

    // privacy_loss_distribution_test.py,
    // test_gaussian_varying_standard_deviation_and_sensitivity_connect_dots
    // (1.0, 1.0, 0.8, ADD_OR_REMOVE_ONE), interval 1, truncation as above.
    @Test
    void connectTheDots_subsampledGaussianBothDirections_matchesDpAccountingPmf() {
      double bound = Math.log(2) + NormalMath.logCdf(-0.9);
      assertPmf(
          ConnectTheDots.discretize(new GaussianPrivacyLoss(1, 0.8, Adjacency.ADD, bound), 1.0),
          Map.of(1L, 0.448021700, 0L, 0.398104072, -1L, 0.115544309, -2L, 0.015193708),
          0.023136210);
      assertPmf(
          ConnectTheDots.discretize(new GaussianPrivacyLoss(1, 0.8, Adjacency.REMOVE, bound), 1.0),
          Map.of(2L, 0.112267164, 1L, 0.314081995, 0L, 0.398104072, -1L, 0.164817973),
          0.010728796);
    }

    private void assertPmf(PldPmf pmf, Map<Long, Double> expected, double infinityMass) {
      assertThat(pmf.infinityMass()).isCloseTo(infinityMass, within(1e-7));
      for (long k = pmf.lowerIndex(); k < pmf.lowerIndex() + pmf.size(); k++) {
        double want = expected.getOrDefault(k, 0.0);
        assertThat(pmf.probabilityAt(k)).as("loss index " + k).isCloseTo(want, within(1e-7));
      }
      for (Map.Entry<Long, Double> e : expected.entrySet()) {
        assertThat(pmf.probabilityAt(e.getKey())).as("loss index " + e.getKey())
            .isCloseTo(e.getValue(), within(1e-7));
      }
    }
  }

  @Nested
  class PublishedOpacusValues {

    // pytorch/opacus opacus/tests/prv_accountant.py, PRVAccountantTest.test_values (msr_values,
    // computed with microsoft/prv_accountant) at delta 1e-6. Opacus reports eps_upper, the PRV
    // estimate plus its eps_error of 0.01 (opacus/accountants/prv.py, get_epsilon), so the PLD
    // epsilon must lie below the published value and within 1% of the estimate (value - 0.01).
    @ParameterizedTest
    @CsvSource({
      "0.8, 0.001, 100, 0.270403364058018680360362395731",
      "1.5, 0.05, 100, 1.95385313568420015961635272106",
      "3.0, 0.05, 100, 0.767933789666825572517439013609",
      "0.8, 0.2, 100, 24.3336641779225644199868838768",
      "2.0, 0.2, 100, 5.67205560882372950004537415225",
      "0.8, 0.001, 1000, 0.477771266184522591657923840103",
      "1.5, 0.05, 1000, 6.20996924657726712126759593957",
      "0.8, 0.001, 20000, 1.29600925757016161021795142005",
      "3.0, 0.05, 20000, 13.9611146992367061159256991232",
    })
    void epsilon_dpSgd_withinOnePercentOfOpacusPrvEstimate(
        double sigma, double q, long steps, double published) {
      double epsilon = ACCOUNTANT.epsilon(DpEvent.dpSgd(sigma, q, steps), 1e-6);

      double estimate = published - 0.01;
      assertThat(epsilon).isLessThanOrEqualTo(published);
      assertThat(epsilon).isCloseTo(estimate, within(0.01 * estimate));
    }

    // opacus/tests/prv_accountant.py msr_values with 50000 steps (slow: larger distributions).
    @Tag("slow")
    @ParameterizedTest
    @CsvSource({
      "1.5, 0.05, 50000, 73.1901767238329625797632616013",
      "0.8, 0.001, 50000, 2.03451480771586634688219419331",
    })
    void epsilon_dpSgdManySteps_withinOnePercentOfOpacusPrvEstimate(
        double sigma, double q, long steps, double published) {
      double epsilon = ACCOUNTANT.epsilon(DpEvent.dpSgd(sigma, q, steps), 1e-6);

      double estimate = published - 0.01;
      assertThat(epsilon).isLessThanOrEqualTo(published);
      assertThat(epsilon).isCloseTo(estimate, within(0.01 * estimate));
    }

    // opacus/tests/accountants_test.py, AccountingTest.test_prv_accountant: sigma 1.5, q 0.04,
    // int(90 // 0.04) = 2250 steps, delta 1e-5 -> 6.777395712150674 (eps_upper, eps_error 0.01).
    // The same file's test_rdp_accountant gives 7.32911117143 for RDP; PLD is tighter.
    @Test
    void epsilon_opacusPrvAccountantExample_withinOnePercentAndBelowRdp() {
      double epsilon = ACCOUNTANT.epsilon(DpEvent.dpSgd(1.5, 0.04, 2250), 1e-5);

      double estimate = 6.777395712150674 - 0.01;
      assertThat(epsilon).isLessThanOrEqualTo(6.777395712150674);
      assertThat(epsilon).isCloseTo(estimate, within(0.01 * estimate));
      assertThat(epsilon).isLessThan(7.32911117143);
    }
  }

  @Nested
  class ClosedForms {

    /**
     * Pessimism up to floating-point round-off: at grid points the connect-the-dots distribution
     * reproduces the exact delta, and recomputing it from the grid probabilities can differ in the
     * last 13 digits, hence the relative slack of 1e-12 (and 1e-12 in the epsilon tests).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.0, 5.0})
    void delta_gaussian_atLeastAndCloseToClosedForm(double sigma) {
      // A Gaussian-only event is answered by the closed form (pessimistic by 1e-10 relative);
      // the discretised distribution is what compositions with other events use.
      PrivacyLossDistribution pld = PrivacyLossDistribution.gaussian(sigma, 1.0, D);
      double exactAt07 = exactGaussianDelta(sigma, 0.7);
      assertThat(ACCOUNTANT.delta(new DpEvent.Gaussian(sigma), 0.7))
          .isGreaterThanOrEqualTo(exactAt07)
          .isLessThanOrEqualTo(exactAt07 * (1 + 1e-9));
      for (double eps = 0; eps <= 6; eps += 0.0731) {
        double exact = exactGaussianDelta(sigma, eps);
        double delta = pld.deltaForEpsilon(eps);

        assertThat(delta).as("eps=" + eps).isGreaterThanOrEqualTo(exact * (1 - 1e-12));
        assertThat(delta - exact).as("eps=" + eps).isLessThanOrEqualTo(1e-6 * exact + 1e-20);
      }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.0, 5.0})
    void epsilon_gaussian_atLeastAndWithinGridOfClosedForm(double sigma) {
      for (double delta : new double[] {1e-3, 1e-5, 1e-7, 1e-10}) {
        double exact = exactGaussianEpsilon(sigma, delta);
        double epsilon = ACCOUNTANT.epsilon(new DpEvent.Gaussian(sigma), delta);

        assertThat(epsilon).as("delta=" + delta).isGreaterThanOrEqualTo(exact - 1e-12);
        assertThat(epsilon).as("delta=" + delta).isCloseTo(exact, within(D));
      }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0, 2.0, 3.0, 10.0})
    void epsilon_laplaceAtTinyDelta_isPureDpEpsilonOneOverB(double b) {
      double epsilon = ACCOUNTANT.epsilon(new DpEvent.Laplace(b), 1e-12);

      assertThat(epsilon).isGreaterThanOrEqualTo(1 / b - 1e-10).isLessThanOrEqualTo(1 / b + D);
      assertThat(ACCOUNTANT.delta(new DpEvent.Laplace(b), 1 / b + D)).isLessThan(1e-14);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 4.0})
    void delta_laplace_atLeastAndCloseToClosedForm(double b) {
      PrivacyLossDistribution pld = PrivacyLossDistribution.laplace(b, 1.0, D);
      assertThat(ACCOUNTANT.delta(new DpEvent.Laplace(b), 0.3)).isEqualTo(pld.deltaForEpsilon(0.3));
      for (double eps = 0; eps <= 2.5; eps += 0.0917) {
        double exact = exactLaplaceDelta(b, eps);
        double delta = pld.deltaForEpsilon(eps);

        assertThat(delta).as("eps=" + eps).isGreaterThanOrEqualTo(exact * (1 - 1e-12));
        assertThat(delta - exact).as("eps=" + eps).isLessThanOrEqualTo(1e-6 * exact + 1e-12);
      }
    }

    @Test
    void delta_composedGaussians_equalsGaussianWithSigmaOverSqrtN() {
      double sigma = 3.0;
      int n = 9;
      DpEvent composed = new DpEvent.SelfComposed(new DpEvent.Gaussian(sigma), n);
      DpEvent single = new DpEvent.Gaussian(sigma / Math.sqrt(n));

      for (double eps : new double[] {0.0, 0.3, 1.0, 2.5}) {
        assertThat(ACCOUNTANT.delta(composed, eps))
            .isCloseTo(ACCOUNTANT.delta(single, eps), within(1e-12))
            .isGreaterThanOrEqualTo(exactGaussianDelta(1.0, eps) * (1 - 1e-12));
      }
    }

    /** The same, but through the FFT compositions rather than the exact Gaussian folding. */
    @Test
    void fftComposition_ofGaussianDistributions_matchesGaussianWithSigmaOverSqrtN() {
      double sigma = 2.0;
      PrivacyLossDistribution single = PrivacyLossDistribution.gaussian(sigma, 1.0, D);
      PrivacyLossDistribution selfComposed = single.selfCompose(4, 1e-15);
      PrivacyLossDistribution pairwise =
          single.compose(single, 1e-15).compose(single.compose(single, 1e-15), 1e-15);

      for (double eps = 0; eps <= 4; eps += 0.25) {
        double exact = exactGaussianDelta(sigma / 2, eps);
        for (PrivacyLossDistribution pld : List.of(selfComposed, pairwise)) {
          double delta = pld.deltaForEpsilon(eps);
          assertThat(delta).as("eps=" + eps).isGreaterThanOrEqualTo(exact * (1 - 1e-12));
          assertThat(delta).as("eps=" + eps).isCloseTo(exact, within(1e-6 * exact + 1e-14));
        }
      }
    }

    @Test
    void selfCompose_subsampledGaussian_agreesWithPairwiseComposition() {
      PrivacyLossDistribution single = PrivacyLossDistribution.gaussian(1.0, 0.1, D);
      PrivacyLossDistribution eight = single.selfCompose(8, 1e-15);
      PrivacyLossDistribution two = single.compose(single, 1e-15);
      PrivacyLossDistribution four = two.compose(two, 1e-15);
      PrivacyLossDistribution pairwise = four.compose(four, 1e-15);

      for (double eps : new double[] {0.0, 0.2, 0.5, 1.0, 2.0}) {
        double expected = pairwise.deltaForEpsilon(eps);
        assertThat(eight.deltaForEpsilon(eps)).isCloseTo(expected, within(1e-9 + 1e-6 * expected));
      }
    }
  }

  @Nested
  class Behaviour {

    @Test
    void name_isPld() {
      assertThat(ACCOUNTANT.name()).isEqualTo("pld");
    }

    @Test
    void defaults_areThoseOfDpAccounting() {
      assertThat(ACCOUNTANT.valueDiscretizationInterval()).isEqualTo(1e-4);
      assertThat(ACCOUNTANT.tailMassTruncation()).isEqualTo(1e-15);
    }

    @Test
    void epsilonAndDelta_noOpEvents_spendNothing() {
      List<DpEvent> events =
          List.of(
              new DpEvent.NoOp(),
              new DpEvent.Composed(List.of()),
              new DpEvent.SelfComposed(new DpEvent.NoOp(), 1000),
              new DpEvent.PoissonSampled(0.5, new DpEvent.NoOp()));
      for (DpEvent event : events) {
        assertThat(ACCOUNTANT.epsilon(event, 1e-9)).isZero();
        assertThat(ACCOUNTANT.delta(event, 0.0)).isZero();
      }
    }

    @Test
    void epsilon_composedWithNoOp_unchanged() {
      DpEvent event = DpEvent.dpSgd(1.0, 0.05, 50);
      DpEvent withNoOp = new DpEvent.Composed(List.of(new DpEvent.NoOp(), event));

      assertThat(ACCOUNTANT.epsilon(withNoOp, 1e-5)).isEqualTo(ACCOUNTANT.epsilon(event, 1e-5));
    }

    @Test
    void epsilon_selfComposedEqualsComposedList() {
      DpEvent step = new DpEvent.PoissonSampled(0.05, new DpEvent.Laplace(1.0));
      DpEvent self = new DpEvent.SelfComposed(step, 3);
      DpEvent list = new DpEvent.Composed(List.of(step, step, step));

      assertThat(ACCOUNTANT.epsilon(list, 1e-6)).isEqualTo(ACCOUNTANT.epsilon(self, 1e-6));
    }

    @Test
    void epsilon_compositionOrder_doesNotMatter() {
      DpEvent a = DpEvent.dpSgd(1.0, 0.02, 100);
      DpEvent b = new DpEvent.SelfComposed(new DpEvent.Laplace(5.0), 4);
      DpEvent c = new DpEvent.Gaussian(4.0);

      double abc = ACCOUNTANT.epsilon(new DpEvent.Composed(List.of(a, b, c)), 1e-6);
      double cba = ACCOUNTANT.epsilon(new DpEvent.Composed(List.of(c, b, a)), 1e-6);

      assertThat(abc).isCloseTo(cba, within(1e-9));
      assertThat(abc).isGreaterThan(ACCOUNTANT.epsilon(a, 1e-6));
    }

    @Test
    void epsilon_poissonSampledWithRateOne_equalsUnsampled() {
      assertThat(ACCOUNTANT.epsilon(new DpEvent.PoissonSampled(1.0, new DpEvent.Laplace(2)), 1e-6))
          .isEqualTo(ACCOUNTANT.epsilon(new DpEvent.Laplace(2), 1e-6));
      assertThat(ACCOUNTANT.epsilon(new DpEvent.PoissonSampled(1.0, new DpEvent.Gaussian(2)), 1e-6))
          .isEqualTo(ACCOUNTANT.epsilon(new DpEvent.Gaussian(2), 1e-6));
    }

    @Test
    void epsilon_decreasesWithNoiseAndIncreasesWithSteps() {
      double base = ACCOUNTANT.epsilon(DpEvent.dpSgd(1.0, 0.01, 1000), 1e-5);

      assertThat(ACCOUNTANT.epsilon(DpEvent.dpSgd(1.2, 0.01, 1000), 1e-5)).isLessThan(base);
      assertThat(ACCOUNTANT.epsilon(DpEvent.dpSgd(1.0, 0.01, 2000), 1e-5)).isGreaterThan(base);
      assertThat(ACCOUNTANT.epsilon(DpEvent.dpSgd(1.0, 0.02, 1000), 1e-5)).isGreaterThan(base);
    }

    @Test
    void deltaOfEpsilonForDelta_isAtMostDelta() {
      DpEvent event = DpEvent.dpSgd(1.1, 0.02, 500);
      for (double delta : new double[] {1e-3, 1e-5, 1e-8}) {
        double epsilon = ACCOUNTANT.epsilon(event, delta);
        assertThat(ACCOUNTANT.delta(event, epsilon)).isLessThanOrEqualTo(delta * (1 + 1e-9));
      }
    }

    @Test
    void epsilon_finerGrid_isTighterButClose() {
      DpEvent event = DpEvent.dpSgd(1.0, 0.05, 200);
      double coarse = new PldAccountant(1e-3).epsilon(event, 1e-5);
      double fine = ACCOUNTANT.epsilon(event, 1e-5);

      assertThat(fine).isLessThanOrEqualTo(coarse + 1e-12).isCloseTo(coarse, within(0.01 * fine));
    }

    @Test
    void epsilon_subsampledMechanism_takesWorseDirection() {
      PrivacyLossDistribution pld = PrivacyLossDistribution.gaussian(1.0, 0.3, D);
      DpEvent event = new DpEvent.PoissonSampled(0.3, new DpEvent.Gaussian(1.0));

      double epsilon = ACCOUNTANT.epsilon(event, 1e-4);

      assertThat(epsilon)
          .isEqualTo(Math.max(pld.remove().epsilonForDelta(1e-4), pld.add().epsilonForDelta(1e-4)));
      assertThat(pld.isSymmetric()).isFalse();
    }

    @Test
    void epsilon_dpSgdTenThousandSteps_timing() {
      DpEvent event = DpEvent.dpSgd(1.0, 0.01, 10_000);
      double epsilon = 0;
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        epsilon = ACCOUNTANT.epsilon(event, 1e-5);
        best = Math.min(best, System.nanoTime() - start);
      }
      System.out.printf(
          "PLD DP-SGD q=0.01 sigma=1.0 steps=10^4 delta=1e-5: epsilon=%.6f, best of 3: %.0f ms%n",
          epsilon, best / 1e6);
      assertThat(epsilon).isFinite().isPositive();
    }
  }

  @Nested
  class InvalidInput {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
    void epsilon_deltaOutsideOpenUnitInterval_throwsNamingDelta(double delta) {
      assertThatThrownBy(() -> ACCOUNTANT.epsilon(new DpEvent.Gaussian(1), delta))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("delta must be > 0 and < 1. Provided value: " + delta);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void delta_badEpsilon_throwsNamingEpsilon(double epsilon) {
      assertThatThrownBy(() -> ACCOUNTANT.delta(new DpEvent.Gaussian(1), epsilon))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("epsilon must be >= 0 and < infinity. Provided value: " + epsilon);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-4, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void builder_badDiscretizationInterval_throwsNamingParameterRangeAndValue(double interval) {
      String message =
          "value discretization interval must be > 0 and <= 1. Provided value: " + interval;
      assertThatThrownBy(() -> PldAccountant.builder().valueDiscretizationInterval(interval))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
      assertThatThrownBy(() -> new PldAccountant(interval))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-15, 0.01, Double.NaN})
    void builder_badTailMassTruncation_throwsNamingParameterRangeAndValue(double tailMass) {
      assertThatThrownBy(() -> PldAccountant.builder().tailMassTruncation(tailMass))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tail mass truncation must be > 0 and <= 0.001. Provided value: " + tailMass);
    }

    @Test
    void builder_validSettings_areKept() {
      PldAccountant accountant =
          PldAccountant.builder()
              .valueDiscretizationInterval(1e-3)
              .tailMassTruncation(1e-12)
              .build();

      assertThat(accountant.valueDiscretizationInterval()).isEqualTo(1e-3);
      assertThat(accountant.tailMassTruncation()).isEqualTo(1e-12);
    }

    @Test
    void epsilon_poissonSampledOfComposition_unsupportedAndNamed() {
      DpEvent event =
          new DpEvent.PoissonSampled(0.1, new DpEvent.SelfComposed(new DpEvent.Gaussian(1), 2));

      assertThat(ACCOUNTANT.supports(event)).isFalse();
      assertThatThrownBy(() -> ACCOUNTANT.epsilon(event, 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("event must be supported by the pld accountant")
          .hasMessageEndingWith("Provided value: PoissonSampled of SelfComposed");
      assertThatThrownBy(() -> ACCOUNTANT.delta(event, 1.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("Provided value: PoissonSampled of SelfComposed");
    }

    @Test
    void supports_unsupportedEventNestedInComposition_false() {
      DpEvent nested =
          new DpEvent.Composed(
              List.of(
                  new DpEvent.Gaussian(1),
                  new DpEvent.SelfComposed(
                      new DpEvent.PoissonSampled(
                          0.1, new DpEvent.PoissonSampled(0.5, new DpEvent.Gaussian(1))),
                      3)));

      assertThat(ACCOUNTANT.supports(nested)).isFalse();
      assertThatThrownBy(() -> ACCOUNTANT.epsilon(nested, 1e-5))
          .hasMessageEndingWith("Provided value: PoissonSampled of PoissonSampled");
      assertThat(ACCOUNTANT.supports(null)).isFalse();
    }

    @Test
    void epsilon_nullEvent_throws() {
      assertThatThrownBy(() -> ACCOUNTANT.epsilon(null, 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event must not be null. Provided value: null");
    }

    @Test
    void epsilon_countOverflow_throwsNamingCount() {
      DpEvent event =
          new DpEvent.SelfComposed(
              new DpEvent.SelfComposed(new DpEvent.Laplace(1), 1L << 40), 1L << 40);

      assertThatThrownBy(() -> ACCOUNTANT.epsilon(event, 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("count must be <=");
    }

    @Test
    void epsilon_gridTooFineForEvent_throwsNamingInterval() {
      PldAccountant tooFine = new PldAccountant(1e-9);

      assertThatThrownBy(() -> tooFine.epsilon(new DpEvent.Laplace(0.01), 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("use a larger value discretization interval");
    }
  }
}
