package se.tillit.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.dp.accounting.internal.RdpMath;

class RdpAccountantTest {

  /** Relative tolerance for published vectors: 1e-4, as the task and dp_accounting use. */
  private static final double REL = 1e-4;

  /** Orders of tensorflow/privacy compute_dp_sgd_privacy_lib.py (compute_dp_sgd_privacy). */
  private static final double[] TF_PRIVACY_ORDERS =
      DoubleStream.concat(
              DoubleStream.of(1.25, 1.5, 1.75, 2., 2.25, 2.5, 3., 3.5, 4., 4.5),
              DoubleStream.concat(
                  IntStream.range(5, 64).asDoubleStream(), DoubleStream.of(128, 256, 512)))
          .toArray();

  /** Opacus RDPAccountant.DEFAULT_ALPHAS: 1.1 .. 10.9 step 0.1, then 12 .. 63. */
  private static final double[] OPACUS_ALPHAS =
      DoubleStream.concat(
              IntStream.range(1, 100).mapToDouble(x -> 1 + x / 10.0),
              IntStream.range(12, 64).asDoubleStream())
          .toArray();

  private static void assertRelClose(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * REL));
  }

  private static DpEvent sgd(double sigma, double q, long steps) {
    return DpEvent.dpSgd(sigma, q, steps);
  }

  // ---------------------------------------------------------------------------------------------
  // Published vectors

  @Test
  void rdp_poissonSampledGaussian_matchesDpAccountingVector() {
    // google/differential-privacy python/dp_accounting/dp_accounting/rdp/
    // rdp_privacy_accountant_test.py, test_compute_rdp_poisson_sampled_gaussian:
    // q = 0.01, sigma = 2.5, count 50, rtol 1e-4 (the np.inf order is left out: this grid only
    // takes finite orders). Orders 1.5 and 2.5 are fractional.
    RdpAccountant accountant = new RdpAccountant(new double[] {1.5, 2.5, 5, 50, 100});
    double[] rdp = accountant.rdp(sgd(2.5, 0.01, 50));
    double[] expected = {6.70579741e-04, 1.08548710e-03, 2.18075656e-03, 2.38460375e-02, 1.67416308e02};
    for (int k = 0; k < expected.length; k++) {
      assertRelClose(rdp[k], expected[k]);
    }
  }

  @ParameterizedTest
  @CsvSource({
    // tensorflow/privacy tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py,
    // test_compute_dp_sgd_privacy (Test0, Test1, Test2): n, batch, noise, epochs, delta,
    // expected epsilon, expected optimal order; steps = ceil(epochs * n / batch), q = batch / n,
    // orders of compute_dp_sgd_privacy_lib.py. Test2 has 976563 steps and a fractional optimum.
    "60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0",
    "100000, 100, 1.0, 30, 1e-7, 1.4154988495444845, 13.0",
    "100000000, 1024, 0.1, 10, 1e-7, 5907982.31138195, 1.25",
  })
  void epsilonWithOrder_dpSgd_matchesTensorflowPrivacyVectors(
      long n,
      long batch,
      double noise,
      double epochs,
      double delta,
      double expectedEpsilon,
      double expectedOrder) {
    long steps = (long) Math.ceil(epochs * n / batch);
    RdpAccountant accountant = new RdpAccountant(TF_PRIVACY_ORDERS);
    RdpAccountant.EpsilonResult result =
        accountant.epsilonWithOrder(sgd(noise, (double) batch / n, steps), delta);
    assertRelClose(result.epsilon(), expectedEpsilon);
    assertThat(result.optimalOrder()).isEqualTo(expectedOrder);
  }

  @Test
  void epsilon_opacusRdpAccountantExample_matchesOpacusVector() {
    // pytorch/opacus opacus/tests/accountants_test.py, test_rdp_accountant: sigma 1.5,
    // q 0.04, steps int(90 / 0.04) = 2250, delta 1e-5 -> 7.32911117143 on Opacus' DEFAULT_ALPHAS.
    // The optimum is the fractional order 3.9. Opacus sums the fractional series with signs; we
    // (like dp_accounting) sum absolute values, an upper bound: we get 7.32933, 3e-5 higher.
    RdpAccountant accountant = new RdpAccountant(OPACUS_ALPHAS);
    RdpAccountant.EpsilonResult result = accountant.epsilonWithOrder(sgd(1.5, 0.04, 2250), 1e-5);
    assertRelClose(result.epsilon(), 7.32911117143);
    assertThat(result.epsilon()).isGreaterThanOrEqualTo(7.32911117143);
    assertThat(result.optimalOrder()).isEqualTo(3.9);
  }

  @Test
  void epsilonWithOrder_opacusDocExample_matchesToPrintedDigits() {
    // pytorch/opacus opacus/accountants/analysis/rdp.py, module docstring example:
    // [(q 1e-5, sigma 1.0, 10 steps), (q 1e-4, sigma 3.0, 4 steps)], orders 2..32, delta 1e-5
    // -> (0.336, 23), printed to 3 digits (doctest +NUMBER).
    RdpAccountant accountant = new RdpAccountant(IntStream.rangeClosed(2, 32).asDoubleStream().toArray());
    DpEvent event = new DpEvent.Composed(List.of(sgd(1.0, 1e-5, 10), sgd(3.0, 1e-4, 4)));
    RdpAccountant.EpsilonResult result = accountant.epsilonWithOrder(event, 1e-5);
    assertThat(result.epsilon()).isCloseTo(0.336, within(0.0005));
    assertThat(result.optimalOrder()).isEqualTo(23.0);
  }

  @Test
  void rdp_gaussian_isAlphaOverTwoSigmaSquared() {
    // dp_accounting rdp_privacy_accountant_test.py, test_compute_rdp_gaussian.
    double alpha = 3.14159;
    double sigma = 2.71828;
    double[] rdp = new RdpAccountant(new double[] {alpha}).rdp(new DpEvent.Gaussian(sigma));
    assertThat(rdp[0]).isCloseTo(alpha / (2 * sigma * sigma), within(1e-12));
  }

  @Test
  void rdp_sampledWithProbabilityOneAroundComposedGaussians_isSumOfGaussians() {
    // dp_accounting rdp_privacy_accountant_test.py, test_compute_rdp_multi_gaussian.
    double alpha = 3.14159;
    double sigma1 = 2.71828;
    double sigma2 = 6.28319;
    DpEvent event =
        new DpEvent.PoissonSampled(
            1.0, new DpEvent.Composed(List.of(new DpEvent.Gaussian(sigma1), new DpEvent.Gaussian(sigma2))));
    double[] rdp = new RdpAccountant(new double[] {alpha}).rdp(event);
    assertThat(rdp[0])
        .isCloseTo(alpha / (2 * sigma1 * sigma1) + alpha / (2 * sigma2 * sigma2), within(1e-12));
  }

  @Test
  void rdp_composition_selfComposedAndComposedAddUp() {
    // dp_accounting rdp_privacy_accountant_test.py, test_rdp_composition.
    RdpAccountant accountant = new RdpAccountant(new double[] {2.71828});
    DpEvent base = new DpEvent.Gaussian(3.14159);
    double single = accountant.rdp(base)[0];
    assertThat(accountant.rdp(new DpEvent.SelfComposed(base, 6))[0]).isCloseTo(6 * single, within(1e-12));
    assertThat(accountant.rdp(new DpEvent.Composed(List.of(base, base, base, base, base, base)))[0])
        .isCloseTo(6 * single, within(1e-12));
    assertThat(
            accountant.rdp(
                    new DpEvent.Composed(
                        List.of(
                            new DpEvent.SelfComposed(base, 1),
                            new DpEvent.SelfComposed(base, 2),
                            new DpEvent.SelfComposed(base, 3))))[0])
        .isCloseTo(6 * single, within(1e-12));
    DpEvent other = new DpEvent.Gaussian(1.61803);
    assertThat(accountant.rdp(new DpEvent.Composed(List.of(base, other)))[0])
        .isCloseTo(single + accountant.rdp(other)[0], within(1e-12));
  }

  @Test
  void epsilonAndDelta_constantRdp_matchHandComputedPureDpValue() {
    // dp_accounting rdp_privacy_accountant_test.py, test_compute_epsilon_delta_pure_dp (also
    // tensorflow/privacy rdp_accountant_test.py test_get_privacy_spent_check_target_delta):
    // orders 2..32, rdp 1.1 everywhere -> epsilon 1.32783806176 at order 32, and back.
    double[] orders = IntStream.rangeClosed(2, 32).asDoubleStream().toArray();
    double[] rdp = DoubleStream.generate(() -> 1.1).limit(orders.length).toArray();
    RdpMath.AtOrder eps = RdpMath.epsilon(orders, rdp, 1e-5);
    assertThat(eps.value()).isCloseTo(1.32783806176, within(1e-7));
    assertThat(eps.order()).isEqualTo(32.0);
    RdpMath.AtOrder delta = RdpMath.delta(orders, rdp, 1.32783806176);
    assertThat(delta.value()).isCloseTo(1e-5, within(1e-7));
    assertThat(delta.order()).isEqualTo(32.0);
  }

  @Test
  void epsilonAndDelta_gaussianOnFineGrid_giveOneAndOneInAMillion() {
    // dp_accounting rdp_privacy_accountant_test.py, test_compute_epsilon_delta_gaussian: orders
    // 0.001 * i (here i from 1001, since orders must exceed 1), sigma 4.530877117 chosen to give
    // exactly (1, 1e-6)-DP; checked to 7 decimal places as there (assertAlmostEqual).
    double[] orders = IntStream.range(1001, 100000).mapToDouble(i -> 0.001 * i).toArray();
    RdpAccountant accountant = new RdpAccountant(orders);
    DpEvent event = new DpEvent.Gaussian(4.530877117);
    assertThat(accountant.epsilon(event, 1e-6)).isCloseTo(1.0, within(1e-7));
    assertThat(accountant.delta(event, 1.0)).isCloseTo(1e-6, within(1e-7));
  }

  @ParameterizedTest
  @CsvSource({"0.01, 1", "1.0, 1", "100.0, 1", "1.0, 100"})
  void epsilon_laplace_approachesPureDpAndClosedFormsAgree(double eps, int count) {
    // dp_accounting rdp_privacy_accountant_test.py, test_laplace (order 1.0 left out: orders
    // must exceed 1). A huge order simulates pure DP, so epsilon -> eps * count.
    RdpAccountant accountant = new RdpAccountant(new double[] {1 + 1e-6, 1.1 - 1e-6, 1.1 + 1e-6, 1e10});
    DpEvent event = new DpEvent.Laplace(1 / eps);
    if (count != 1) {
      event = new DpEvent.SelfComposed(event, count);
    }
    assertThat(accountant.epsilon(event, 1e-10)).isCloseTo(eps * count, within(1e-7));
    double[] rdp = accountant.rdp(event);
    assertThat(rdp[0]).isLessThanOrEqualTo(Math.min(eps, eps * eps / 2) * count);
    assertThat(rdp[1]).isCloseTo(rdp[2], within(1e-3)); // series and closed form agree at 1.1
  }

  @ParameterizedTest
  @CsvSource({
    // dp_accounting rdp_privacy_accountant_test.py, test_compute_log_a_equals_mp, its parameter
    // list (q, sigma, order). That test compares with mpmath numerical integration of A_alpha at
    // test time; the expected log(A) here were computed the same way (mpmath 1.3.0, quad,
    // maxdegree 8, 30 digits) and are checked with its tolerances rtol 1e-4, atol 1e-8.
    "1e-7, 0.1, 1.01, 4.0034123278425314e-8",
    "1e-6, 0.1, 256, 3260234.5099259754",
    "1e-5, 0.1, 256.1, 3263356.2822869573",
    "1e-6, 1, 27, 8.769503540806863e-10",
    "1e-4, 1, 1.5, 6.4426869703639565e-9",
    "1e-3, 1, 2, 1.7182803522127806e-6",
    "0.01, 10, 20, 0.00019129699912825616",
    "0.1, 100, 20.5, 0.00019991818458125194",
    "0.99, 0.1, 256, 3263768.7077428357",
    "0.999, 100, 256.1, 3.2601080379731127",
  })
  void logA_matchesNumericalIntegration(double q, double sigma, double order, double expected) {
    double logA =
        order == Math.rint(order)
            ? RdpMath.logAInteger(q, sigma, (int) order)
            : RdpMath.logAFractional(q, sigma, order);
    assertThat(logA).isCloseTo(expected, within(1e-8 + 1e-4 * Math.abs(expected)));
  }

  // ---------------------------------------------------------------------------------------------
  // Properties from the reference test suites

  @Test
  void delta_gaussian_liesBetweenOptimalAndStandardBounds() {
    // dp_accounting rdp_privacy_accountant_test.py, test_delta_bounds_gaussian: for sigma 1 the
    // RDP delta is at least the exact Gaussian delta (Balle & Wang 2018, Theorem 8) and at most
    // the standard bound exp(-(eps - 1/2)^2 / 2). Orders 0.1 * x for x in 11..504.
    double[] orders = IntStream.range(11, 505).mapToDouble(x -> 0.1 * x).toArray();
    RdpAccountant accountant = new RdpAccountant(orders);
    DpEvent event = new DpEvent.Gaussian(1.0);
    for (int x = 0; x < 500; x++) {
      double eps = 0.1 * x;
      double delta = accountant.delta(event, eps);
      double exact =
          Erf.erfc((eps - 0.5) / Math.sqrt(2)) / 2
              - Math.exp(eps) * Erf.erfc((eps + 0.5) / Math.sqrt(2)) / 2;
      assertThat(exact).as("eps=%s", eps).isLessThanOrEqualTo(delta + 1e-300);
      double standard = eps >= 0.5 ? Math.exp(-0.5 * (eps - 0.5) * (eps - 0.5)) : 1.0;
      assertThat(delta).as("eps=%s", eps).isLessThanOrEqualTo(standard + 1e-300);
    }
  }

  @Test
  void deltaOfEpsilon_roundTripsDelta() {
    // dp_accounting rdp_privacy_accountant_test.py, test_epsilon_delta_consistency (q and sigma
    // of 0 left out: DpEvent rejects them).
    RdpAccountant accountant = new RdpAccountant(IntStream.range(2, 50).asDoubleStream().toArray());
    for (double q : new double[] {0.01, 0.1, 0.8, 1.0}) {
      for (double sigma : new double[] {0.1, 1., 10., 100.}) {
        DpEvent event = new DpEvent.PoissonSampled(q, new DpEvent.Gaussian(sigma));
        for (double delta : new double[] {.99, .9, .1, .01, 1e-3, 1e-5, 1e-9, 1e-12}) {
          double epsilon = accountant.epsilon(event, delta);
          if (Double.isInfinite(epsilon)) {
            continue; // delta(+inf) is not a question the interface takes
          }
          double delta2 = accountant.delta(event, epsilon);
          if (epsilon == 0) {
            assertThat(delta2).isLessThanOrEqualTo(delta);
          } else {
            assertThat(delta2).as("q=%s sigma=%s delta=%s", q, sigma, delta).isCloseTo(delta, within(1e-7));
          }
        }
      }
    }
  }

  @Test
  void rdp_fractionalSeriesNotConverging_fallsBackToGaussianBound() {
    // dp_accounting rdp_privacy_accountant_test.py, test_log_a_frac_early_termination: q 0.1,
    // sigma 1 does not converge at small fractional orders within 1000 terms; dp_accounting
    // reports +inf there. This accountant caps by the (valid) Gaussian bound alpha / (2 sigma^2).
    assertThat(RdpMath.logAFractional(0.1, 1.0, 1.1)).isEqualTo(Double.POSITIVE_INFINITY);
    RdpAccountant accountant = new RdpAccountant();
    double[] orders = accountant.orders();
    double[] rdp = accountant.rdp(new DpEvent.PoissonSampled(0.1, new DpEvent.Gaussian(1.0)));
    for (int k = 0; k < orders.length; k++) {
      assertThat(rdp[k]).isFinite().isLessThanOrEqualTo(orders[k] / 2.0);
    }
  }

  @Test
  void logAFractional_formerlyNegativeCase_isPositive() {
    // dp_accounting rdp_privacy_accountant_test.py, test_log_a_frac_positive.
    for (int k = 0; k <= 20; k++) {
      double order = 58.5 + k * 0.05;
      if (order == Math.rint(order)) {
        continue;
      }
      assertThat(RdpMath.logAFractional(0.4, 12, order)).as("order %s", order).isPositive();
    }
  }

  @Test
  void rdp_integerAndNearbyFractionalOrders_areConsistent() {
    // No published vector: RDP is continuous and non-decreasing in the order, so the fractional
    // series at 2.999/3.001 must bracket-ish the exact integer series at 3 (within 1%).
    RdpAccountant accountant = new RdpAccountant(new double[] {2.999, 3.0, 3.001});
    double[] rdp = accountant.rdp(sgd(1.1, 256.0 / 60000, 1));
    assertThat(rdp[0]).isCloseTo(rdp[1], withinPercentage(1));
    assertThat(rdp[2]).isCloseTo(rdp[1], withinPercentage(1));
    assertThat(rdp[2]).isGreaterThanOrEqualTo(rdp[1]);
  }

  @Test
  void rdp_subsampledNeverExceedsUnsampledGaussian() {
    RdpAccountant accountant = new RdpAccountant();
    double[] sampled = accountant.rdp(new DpEvent.PoissonSampled(0.3, new DpEvent.Gaussian(0.7)));
    double[] full = accountant.rdp(new DpEvent.Gaussian(0.7));
    for (int k = 0; k < sampled.length; k++) {
      assertThat(sampled[k]).isLessThanOrEqualTo(full[k]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Monotonicity

  @Test
  void epsilon_moreSteps_givesMoreEpsilon() {
    RdpAccountant accountant = new RdpAccountant();
    double previous = 0;
    for (long steps : new long[] {1, 10, 100, 1000, 10_000, 100_000}) {
      double eps = accountant.epsilon(sgd(1.1, 0.01, steps), 1e-5);
      assertThat(eps).as("steps %s", steps).isGreaterThan(previous);
      previous = eps;
    }
  }

  @Test
  void epsilon_moreNoise_givesLessEpsilon() {
    RdpAccountant accountant = new RdpAccountant();
    double previous = Double.POSITIVE_INFINITY;
    for (double sigma : new double[] {0.5, 0.7, 1.0, 1.5, 2.0, 4.0, 8.0}) {
      double eps = accountant.epsilon(sgd(sigma, 0.01, 1000), 1e-5);
      assertThat(eps).as("sigma %s", sigma).isLessThan(previous);
      previous = eps;
    }
  }

  @Test
  void delta_moreEpsilon_givesLessDelta() {
    RdpAccountant accountant = new RdpAccountant();
    DpEvent event = sgd(1.0, 0.01, 1000);
    double previous = 1.0;
    for (double eps : new double[] {0.5, 1, 2, 4, 8}) {
      double delta = accountant.delta(event, eps);
      assertThat(delta).isLessThan(previous);
      previous = delta;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Edge events

  @Test
  void noOp_spendsNothing() {
    RdpAccountant accountant = new RdpAccountant();
    DpEvent noOp = new DpEvent.NoOp();
    assertThat(accountant.rdp(noOp)).containsOnly(0.0);
    assertThat(accountant.epsilon(noOp, 1e-5)).isEqualTo(0.0);
    assertThat(accountant.delta(noOp, 0.0)).isEqualTo(0.0);
    assertThat(accountant.epsilon(new DpEvent.Composed(List.of()), 1e-5)).isEqualTo(0.0);
    assertThat(accountant.epsilon(new DpEvent.PoissonSampled(0.5, noOp), 1e-5)).isEqualTo(0.0);
  }

  @Test
  void extremeNoise_givesInfiniteOrZeroCostWithoutNaN() {
    RdpAccountant accountant = new RdpAccountant();
    for (DpEvent event :
        List.of(
            new DpEvent.Gaussian(1e-200),
            sgd(1e-200, 0.01, 10),
            new DpEvent.Laplace(Double.MIN_VALUE))) {
      assertThat(accountant.epsilon(event, 1e-5)).as(event.toString()).isEqualTo(Double.POSITIVE_INFINITY);
      assertThat(accountant.delta(event, 1.0)).as(event.toString()).isEqualTo(1.0);
    }
    for (DpEvent event : List.of(new DpEvent.Gaussian(1e200), sgd(1e200, 0.01, 10))) {
      assertThat(accountant.epsilon(event, 1e-5)).as(event.toString()).isEqualTo(0.0);
      assertThat(accountant.delta(event, 0.0)).as(event.toString()).isLessThan(1e-100);
    }
  }

  @Test
  void poissonSampledWithProbabilityOne_equalsInnerEvent() {
    RdpAccountant accountant = new RdpAccountant();
    DpEvent laplace = new DpEvent.Laplace(2.0);
    assertThat(accountant.rdp(new DpEvent.PoissonSampled(1.0, laplace))).containsExactly(accountant.rdp(laplace));
    DpEvent gaussian = new DpEvent.Gaussian(1.3);
    assertThat(accountant.rdp(new DpEvent.PoissonSampled(1.0, gaussian)))
        .containsExactly(accountant.rdp(gaussian));
  }

  @Test
  void poissonSampledAroundComposedGaussians_usesEffectiveNoiseMultiplier() {
    // dp_accounting _effective_gaussian_noise_multiplier: sigma_eff = (sum sigma_i^-2)^-1/2.
    RdpAccountant accountant = new RdpAccountant();
    DpEvent composed =
        new DpEvent.Composed(
            List.of(new DpEvent.Gaussian(2.0), new DpEvent.SelfComposed(new DpEvent.Gaussian(4.0), 4)));
    double sigmaEff = 1 / Math.sqrt(1 / 4.0 + 4 / 16.0);
    assertThat(accountant.rdp(new DpEvent.PoissonSampled(0.05, composed)))
        .containsExactly(accountant.rdp(new DpEvent.PoissonSampled(0.05, new DpEvent.Gaussian(sigmaEff))));
  }

  @Test
  void epsilonWithOrder_reportsOrderFromGrid() {
    RdpAccountant accountant = new RdpAccountant();
    RdpAccountant.EpsilonResult result = accountant.epsilonWithOrder(sgd(1.1, 0.004, 14_000), 1e-5);
    assertThat(accountant.orders()).contains(result.optimalOrder());
    assertThat(result.epsilon()).isEqualTo(accountant.epsilon(sgd(1.1, 0.004, 14_000), 1e-5));
    RdpAccountant.DeltaResult delta = accountant.deltaWithOrder(sgd(1.1, 0.004, 14_000), result.epsilon());
    assertThat(delta.delta()).isCloseTo(1e-5, within(1e-9));
    assertThat(delta.optimalOrder()).isEqualTo(result.optimalOrder());
  }

  // ---------------------------------------------------------------------------------------------
  // Order grid

  @Test
  void defaultOrders_matchDocumentedGrid() {
    double[] orders = RdpAccountant.defaultOrders();
    assertThat(orders).hasSize(156);
    assertThat(orders).contains(1.1, 1.5, 2.0, 10.9, 11.0, 63.0, 128.0, 256.0, 512.0, 1024.0);
    assertThat(orders[0]).isEqualTo(1.1);
    assertThat(new RdpAccountant().orders()).containsExactly(orders);
    orders[0] = 99;
    assertThat(RdpAccountant.defaultOrders()[0]).isEqualTo(1.1); // a copy
  }

  @Test
  void orders_areCopiedInAndOut() {
    double[] grid = {2.0, 3.0};
    RdpAccountant accountant = new RdpAccountant(grid);
    grid[0] = 50;
    accountant.orders()[1] = 70;
    assertThat(accountant.orders()).containsExactly(2.0, 3.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 0.5, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void constructor_badOrder_throwsNamingOrderRangeAndValue(double order) {
    assertThatThrownBy(() -> new RdpAccountant(new double[] {2.0, order}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order must be > 1 and < infinity. Provided value: " + order);
  }

  @Test
  void constructor_nullOrEmptyGrid_throws() {
    assertThatThrownBy(() -> new RdpAccountant(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders must not be null");
    assertThatThrownBy(() -> new RdpAccountant(new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders must hold at least one order");
  }

  // ---------------------------------------------------------------------------------------------
  // Invalid input

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void epsilon_deltaOutsideOpenUnitInterval_throwsNamingDelta(double delta) {
    assertThatThrownBy(() -> new RdpAccountant().epsilon(sgd(1.0, 0.01, 10), delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be > 0 and < 1. Provided value: " + delta);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void delta_badEpsilon_throwsNamingEpsilon(double epsilon) {
    assertThatThrownBy(() -> new RdpAccountant().delta(sgd(1.0, 0.01, 10), epsilon))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be >= 0 and < infinity. Provided value: " + epsilon);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void gaussian_badNoiseMultiplier_throwsNamingNoiseMultiplier(double sigma) {
    assertThatThrownBy(() -> sgd(sigma, 0.01, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noise multiplier must be > 0 and < infinity. Provided value: " + sigma);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.5, 1.0000001, 2.0, Double.NaN, Double.POSITIVE_INFINITY})
  void poissonSampled_samplingRateOutsideRange_throwsNamingSamplingRate(double q) {
    assertThatThrownBy(() -> sgd(1.0, q, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampling rate must be > 0 and <= 1. Provided value: " + q);
  }

  @Test
  void dpSgd_zeroSteps_throwsNamingSteps() {
    assertThatThrownBy(() -> sgd(1.0, 0.01, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps must be >= 1. Provided value: 0");
  }

  @Test
  void epsilon_nullEvent_throws() {
    assertThatThrownBy(() -> new RdpAccountant().epsilon(null, 1e-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event must not be null. Provided value: null");
    assertThat(new RdpAccountant().supports(null)).isFalse();
  }

  @Test
  void unsupportedEvents_supportsIsFalseAndCallsThrowNamingEventType() {
    RdpAccountant accountant = new RdpAccountant();
    List<DpEvent> unsupported = new ArrayList<>();
    unsupported.add(new DpEvent.PoissonSampled(0.5, new DpEvent.Laplace(1.0)));
    unsupported.add(
        new DpEvent.PoissonSampled(0.5, new DpEvent.PoissonSampled(0.5, new DpEvent.Gaussian(1.0))));
    unsupported.add(
        new DpEvent.Composed(
            List.of(
                new DpEvent.Gaussian(1.0),
                new DpEvent.SelfComposed(
                    new DpEvent.PoissonSampled(
                        0.1,
                        new DpEvent.Composed(List.of(new DpEvent.Gaussian(1.0), new DpEvent.Laplace(1.0)))),
                    3))));
    String[] offending = {"Laplace", "PoissonSampled", "Laplace"};
    for (int k = 0; k < unsupported.size(); k++) {
      DpEvent event = unsupported.get(k);
      assertThat(accountant.supports(event)).as(event.toString()).isFalse();
      assertThatThrownBy(() -> accountant.epsilon(event, 1e-5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("found " + offending[k] + " inside PoissonSampled");
      assertThatThrownBy(() -> accountant.delta(event, 1.0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> accountant.rdp(event)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void supports_supportedEvents_isTrue() {
    RdpAccountant accountant = new RdpAccountant();
    assertThat(accountant.supports(new DpEvent.Gaussian(1.0))).isTrue();
    assertThat(accountant.supports(new DpEvent.Laplace(1.0))).isTrue();
    assertThat(accountant.supports(new DpEvent.NoOp())).isTrue();
    assertThat(accountant.supports(sgd(1.0, 0.01, 100))).isTrue();
    assertThat(accountant.supports(new DpEvent.PoissonSampled(1.0, new DpEvent.Laplace(1.0)))).isTrue();
    assertThat(
            accountant.supports(
                new DpEvent.PoissonSampled(
                    0.5, new DpEvent.PoissonSampled(1.0, new DpEvent.Gaussian(1.0)))))
        .isTrue();
    assertThat(accountant.name()).isEqualTo("rdp");
  }

  // Speed is measured by AccountantBenchmark (benchmarks module), not by a timed unit test.
}
