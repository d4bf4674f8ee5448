package se.tillit.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GaussianClosedFormTest {
  private final PldAccountant pld = new PldAccountant();

  @Test
  void epsilon_manyGaussians_answeredExactlyWhereDiscretisationWouldNotFit() {
    // One million releases with multiplier 1 are one Gaussian with sigma 1e-3.
    DpEvent event = new DpEvent.SelfComposed(new DpEvent.Gaussian(1.0), 1_000_000);
    double eps = pld.epsilon(event, 1e-5);
    assertThat(eps).isFinite().isGreaterThan(1000);
    assertThat(GaussianClosedForm.delta(1e-3, eps)).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void epsilon_singleGaussian_matchesDiscretisedPldWithinGridStep() {
    // The analytic Gaussian calibration of the mechanisms package (an independent implementation
    // of Balle and Wang 2018) gives the sigma for (1, 1e-6); the accountant must give back 1.
    double sigma = se.tillit.dp.mechanisms.GaussianNoise.sigmaFor(1.0, 1e-6, 1.0);
    double eps = pld.epsilon(new DpEvent.Gaussian(sigma), 1e-6);
    assertThat(eps).isCloseTo(1.0, within(1e-6));
    // The discretised PLD of the same Gaussian inside a composition is within one grid step.
    double viaPld = pld.epsilon(new DpEvent.Composed(List.of(new DpEvent.Gaussian(sigma),
        new DpEvent.Laplace(1e9))), 1e-6);
    assertThat(viaPld).isGreaterThanOrEqualTo(eps - 1e-9).isCloseTo(eps, within(2e-4));
  }

  @Test
  void delta_composedGaussians_equalsOneGaussianWithCombinedSigma() {
    DpEvent composed =
        new DpEvent.Composed(List.of(new DpEvent.Gaussian(2.0), new DpEvent.Gaussian(2.0)));
    assertThat(pld.delta(composed, 0.5))
        .isCloseTo(GaussianClosedForm.delta(Math.sqrt(2.0), 0.5), within(1e-15));
  }

  @Test
  void epsilon_closedFormNeverBelowExactProfile() {
    for (double sigma : new double[] {0.3, 1.0, 3.0, 30.0}) {
      for (double delta : new double[] {1e-3, 1e-6, 1e-10}) {
        double eps = GaussianClosedForm.epsilon(sigma, delta);
        assertThat(GaussianClosedForm.delta(sigma, eps)).isLessThanOrEqualTo(delta);
        assertThat(GaussianClosedForm.delta(sigma, eps * (1 - 1e-9))).isGreaterThanOrEqualTo(delta * (1 - 1e-6));
      }
    }
  }
}
