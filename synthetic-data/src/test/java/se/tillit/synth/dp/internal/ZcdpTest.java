package se.tillit.synth.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.tillit.dp.accounting.PldAccountant;

class ZcdpTest {
  @Test
  void cdpRho_convertsBack_withinDelta() {
    for (double eps : new double[] {0.1, 1, 10}) {
      double rho = Zcdp.cdpRho(eps, 1e-9);
      assertThat(Zcdp.cdpDelta(rho, eps)).isLessThanOrEqualTo(1e-9);
      assertThat(Zcdp.cdpDelta(rho * 1.01, eps)).isGreaterThan(1e-9);
    }
  }

  @Test
  void exponentialMechanismEpsilon_inverseOfPlannedCost() {
    for (double rho : new double[] {1e-6, 1e-3, 0.1, 2}) {
      double eps = Zcdp.exponentialMechanismEpsilon(rho);
      assertThat(Zcdp.exponentialMechanismRho(eps)).isLessThanOrEqualTo(rho)
          .isGreaterThan(rho * (1 - 1e-6));
    }
  }

  @Test
  void exponentialMechanismEvent_isPureEpsilonDp_andPlanningStandInDominatesIt() {
    // randomized response is the worst epsilon-DP mechanism: delta(e') = (e^eps - e^e')/(1 + e^eps)
    PldAccountant pld = new PldAccountant();
    for (double eps : new double[] {0.05, 0.5, 2}) {
      assertThat(Zcdp.exponentialMechanismEvent(eps))
          .isEqualTo(new se.tillit.dp.accounting.DpEvent.EpsilonDelta(eps, 0.0));
      for (double e : new double[] {0, eps / 4, eps / 2, 0.9 * eps}) {
        double rr = (Math.exp(eps) - Math.exp(e)) / (1 + Math.exp(eps));
        assertThat(pld.delta(Zcdp.exponentialMechanismEvent(eps), e))
            .isGreaterThanOrEqualTo(rr * (1 - 1e-6))
            .isLessThanOrEqualTo(rr * (1 + 1e-3) + 1e-12);
        assertThat(pld.delta(Zcdp.exponentialMechanismPlanningEvent(eps), e))
            .isGreaterThanOrEqualTo(rr * (1 - 1e-6));
      }
    }
  }
}
