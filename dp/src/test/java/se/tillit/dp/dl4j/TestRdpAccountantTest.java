package se.tillit.dp.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import se.tillit.dp.accounting.DpEvent;

/** Checks the test-only accountant that the training test uses to report epsilon. */
class TestRdpAccountantTest {

  @Test
  void rdp_poissonSampledGaussian_matchesDpAccountingVectors() {
    // Source: google/differential-privacy, python/dp_accounting/dp_accounting/rdp/
    // rdp_privacy_accountant_test.py, test_compute_rdp_poisson_sampled_gaussian:
    // sigma = 2.5, q = 0.01, 50 steps; orders 5 and 50 give 2.18075656e-03 and 2.38460375e-02.
    double[] rdp = TestRdpAccountant.rdp(DpEvent.dpSgd(2.5, 0.01, 50));

    assertThat(rdp[5]).isCloseTo(2.18075656e-03, withinPercentage(0.01));
    assertThat(rdp[50]).isCloseTo(2.38460375e-02, withinPercentage(0.01));
  }
}
