package se.tillit.dp.dl4j;

import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PrivacyAccountant;

/**
 * A small RDP accountant for the tests of this package only (the module's real accountants live in
 * {@code se.tillit.dp.accounting}): Poisson-subsampled Gaussian events at integer orders 2..256,
 * with the binomial expansion of A_alpha (Mironov, Talwar, Zhang 2019, Sec. 3.3) and the classic
 * conversion epsilon = rdp + log(1/delta) / (alpha - 1) (Mironov 2017, Prop. 3), which is a valid
 * upper bound, slightly looser than the one dp_accounting uses.
 */
final class TestRdpAccountant implements PrivacyAccountant {
  private static final int MAX_ORDER = 256;

  @Override
  public String name() {
    return "test-rdp";
  }

  @Override
  public double epsilon(DpEvent event, double delta) {
    double[] rdp = rdp(event);
    double best = Double.POSITIVE_INFINITY;
    for (int alpha = 2; alpha <= MAX_ORDER; alpha++) {
      best = Math.min(best, rdp[alpha] + Math.log(1 / delta) / (alpha - 1));
    }
    return Math.max(0, best);
  }

  @Override
  public double delta(DpEvent event, double epsilon) {
    throw new UnsupportedOperationException("not needed in tests");
  }

  @Override
  public boolean supports(DpEvent event) {
    try {
      rdp(event);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** RDP at orders 0..MAX_ORDER (entries 0 and 1 unused). */
  static double[] rdp(DpEvent event) {
    double[] out = new double[MAX_ORDER + 1];
    if (event instanceof DpEvent.NoOp) {
      return out;
    } else if (event instanceof DpEvent.SelfComposed s) {
      double[] inner = rdp(s.event());
      for (int a = 2; a <= MAX_ORDER; a++) {
        out[a] = inner[a] * s.count();
      }
    } else if (event instanceof DpEvent.Composed c) {
      for (DpEvent e : c.events()) {
        double[] inner = rdp(e);
        for (int a = 2; a <= MAX_ORDER; a++) {
          out[a] += inner[a];
        }
      }
    } else if (event instanceof DpEvent.PoissonSampled p
        && p.event() instanceof DpEvent.Gaussian g) {
      for (int a = 2; a <= MAX_ORDER; a++) {
        out[a] = sampledGaussianRdp(p.samplingProbability(), g.noiseMultiplier(), a);
      }
    } else if (event instanceof DpEvent.Gaussian g) {
      for (int a = 2; a <= MAX_ORDER; a++) {
        out[a] = a / (2 * g.noiseMultiplier() * g.noiseMultiplier());
      }
    } else {
      throw new IllegalArgumentException("unsupported event: " + event);
    }
    return out;
  }

  /** log(A_alpha) / (alpha - 1) for integer alpha >= 2. */
  static double sampledGaussianRdp(double q, double sigma, int alpha) {
    if (q == 1.0) {
      return alpha / (2 * sigma * sigma);
    }
    double logMax = Double.NEGATIVE_INFINITY;
    double[] terms = new double[alpha + 1];
    for (int k = 0; k <= alpha; k++) {
      terms[k] =
          logBinomial(alpha, k)
              + k * Math.log(q)
              + (alpha - k) * Math.log1p(-q)
              + (k * (double) k - k) / (2 * sigma * sigma);
      logMax = Math.max(logMax, terms[k]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - logMax);
    }
    return (logMax + Math.log(sum)) / (alpha - 1);
  }

  private static double logBinomial(int n, int k) {
    double r = 0;
    for (int i = 1; i <= k; i++) {
      r += Math.log(n - k + i) - Math.log(i);
    }
    return r;
  }
}
