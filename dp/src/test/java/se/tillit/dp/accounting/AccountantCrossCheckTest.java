package se.tillit.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PLD is the tight accountant and RDP the loose one: on the same event PLD's epsilon is never above
 * RDP's, and both agree to within the usual RDP slack. A grid over the regimes people use.
 */
class AccountantCrossCheckTest {
  private final PrivacyAccountant rdp = new RdpAccountant();
  private final PrivacyAccountant pld = new PldAccountant();

  @ParameterizedTest(name = "sigma={0} q={1} steps={2} delta={3}")
  @CsvSource({
    "0.8, 0.01, 1000, 1e-5",
    "1.1, 0.01, 10000, 1e-5",
    "1.0, 0.001, 5000, 1e-6",
    "2.0, 0.05, 500, 1e-5",
    "4.0, 1.0, 10, 1e-5",
    "0.6, 0.004, 2000, 1e-5",
    "1.5, 0.1, 100, 1e-3",
  })
  void epsilon_dpSgd_pldNotAboveRdp(double sigma, double q, long steps, double delta) {
    DpEvent event = DpEvent.dpSgd(sigma, q, steps);
    double eRdp = rdp.epsilon(event, delta);
    double ePld = pld.epsilon(event, delta);
    assertThat(ePld).isLessThanOrEqualTo(eRdp);
    // They describe the same mechanism: PLD is tighter but not wildly different.
    assertThat(ePld).isGreaterThan(0.3 * eRdp);
  }

  @ParameterizedTest(name = "laplace b={0} gaussian s={1}")
  @CsvSource({"1.0, 2.0", "5.0, 10.0", "2.0, 0.7"})
  void epsilon_mixedEvents_pldNotAboveRdp(double b, double s) {
    DpEvent event =
        new DpEvent.Composed(
            List.of(
                new DpEvent.SelfComposed(new DpEvent.Laplace(b), 3),
                new DpEvent.Gaussian(s),
                DpEvent.dpSgd(1.0, 0.02, 200)));
    assertThat(pld.epsilon(event, 1e-6)).isLessThanOrEqualTo(rdp.epsilon(event, 1e-6));
  }

  @ParameterizedTest(name = "sigma={0} q={1} steps={2} eps={3}")
  @CsvSource({"1.1, 0.01, 1000, 1.0", "1.0, 0.02, 3000, 2.0"})
  void delta_dpSgd_pldNotAboveRdp(double sigma, double q, long steps, double eps) {
    DpEvent event = DpEvent.dpSgd(sigma, q, steps);
    assertThat(pld.delta(event, eps)).isLessThanOrEqualTo(rdp.delta(event, eps));
  }
}
