package se.tillit.synth.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;

class PldCalibrationTest {
  private static DpEvent plan(double sigma, double scale) {
    // two discrete Gaussian measurements whose rho grows with the scale
    DpEvent e = SensitiveData.measurementEvent(sigma / Math.sqrt(scale));
    return new DpEvent.SelfComposed(e, 2);
  }

  @Test
  void largestScaleUpToOne_planFitsAtOne_returnsOne() {
    assertThat(PldCalibration.largestScaleUpToOne(s -> plan(20, s), 1.0, 1e-9)).isEqualTo(1.0);
  }

  @Test
  void largestScaleUpToOne_planTooCostly_returnsLargestScaleThatFits() {
    double sigma = 4; // two measurements at sigma 4 cost more than epsilon 1 at delta 1e-9
    assertThat(new PldAccountant().epsilon(plan(sigma, 1), 1e-9)).isGreaterThan(1.0);

    double s = PldCalibration.largestScaleUpToOne(x -> plan(sigma, x), 1.0, 1e-9);

    assertThat(s).isLessThan(1.0).isGreaterThan(0);
    assertThat(new PldAccountant().epsilon(plan(sigma, s), 1e-9)).isLessThanOrEqualTo(1.0);
    assertThat(new PldAccountant().epsilon(plan(sigma, s * 1.01), 1e-9)).isGreaterThan(1.0);
  }
}
