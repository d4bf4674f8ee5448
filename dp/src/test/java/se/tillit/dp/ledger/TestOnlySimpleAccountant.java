package se.tillit.dp.ledger;

import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PrivacyAccountant;

/**
 * TEST HELPER ONLY, not a real accountant: a deliberately simple one so that the ledger can be
 * tested before the real PLD and RDP accountants exist.
 *
 * <p>Laplace events are pure DP with epsilon = 1 / b, composed by adding epsilons. Gaussian events
 * are composed in zero-concentrated DP (rho = 1 / (2 sigma^2) each, rhos add; Bun and Steinke
 * 2016, Prop. 1.6 and Lemma 1.7), converted to (epsilon, delta) by epsilon = rho + 2 sqrt(rho
 * ln(1/delta)) (ibid., Prop. 1.3). The two parts are then added (basic composition). Poisson
 * subsampling is not supported. Gaussian composition is sub-additive, which lets tests tell a
 * composed figure from a naive sum.
 *
 * <p>An optional delay in {@link #epsilon} widens race windows in concurrency tests.
 */
final class TestOnlySimpleAccountant implements PrivacyAccountant {
  private final String name;
  private final long delayMillis;

  TestOnlySimpleAccountant() {
    this("test-simple", 0);
  }

  TestOnlySimpleAccountant(String name, long delayMillis) {
    this.name = name;
    this.delayMillis = delayMillis;
  }

  @Override
  public String name() {
    return name;
  }

  /** Pure-DP epsilon of the Laplace part and total rho of the Gaussian part. */
  private record Parts(double pureEpsilon, double rho) {
    Parts plus(Parts o) {
      return new Parts(pureEpsilon + o.pureEpsilon, rho + o.rho);
    }

    Parts times(long n) {
      return new Parts(pureEpsilon * n, rho * n);
    }
  }

  private static Parts parts(DpEvent event) {
    if (event instanceof DpEvent.Laplace l) {
      return new Parts(1.0 / l.noiseMultiplier(), 0);
    } else if (event instanceof DpEvent.Gaussian g) {
      return new Parts(0, 1.0 / (2 * g.noiseMultiplier() * g.noiseMultiplier()));
    } else if (event instanceof DpEvent.NoOp) {
      return new Parts(0, 0);
    } else if (event instanceof DpEvent.SelfComposed s) {
      return parts(s.event()).times(s.count());
    } else if (event instanceof DpEvent.Composed c) {
      Parts total = new Parts(0, 0);
      for (DpEvent e : c.events()) {
        total = total.plus(parts(e));
      }
      return total;
    }
    throw new IllegalArgumentException("event is not supported by " + "test-simple: " + event);
  }

  /** Epsilon for the Gaussian part alone, as the test's reference formula. */
  static double gaussianEpsilon(double rho, double delta) {
    return rho == 0 ? 0 : rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  }

  @Override
  public double epsilon(DpEvent event, double delta) {
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Parts p = parts(event);
    return p.pureEpsilon + gaussianEpsilon(p.rho, delta);
  }

  @Override
  public double delta(DpEvent event, double epsilon) {
    Parts p = parts(event);
    double rest = epsilon - p.pureEpsilon;
    if (rest < 0) {
      return 1;
    }
    if (p.rho == 0) {
      return 0;
    }
    return rest <= p.rho ? 1 : Math.min(1, Math.exp(-(rest - p.rho) * (rest - p.rho) / (4 * p.rho)));
  }

  @Override
  public boolean supports(DpEvent event) {
    try {
      parts(event);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
