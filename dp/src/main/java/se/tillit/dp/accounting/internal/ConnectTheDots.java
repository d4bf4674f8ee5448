package se.tillit.dp.accounting.internal;

/**
 * Pessimistic "connect the dots" discretisation of a monotone privacy loss (Doroshenko, Ghazi,
 * Kamath, Kumar, Manurangsi, "Connect the Dots: Tighter Discrete Approximations of Privacy Loss
 * Distributions", PETS 2022, Algorithm 1), on the grid {@code k * d} for consecutive integers k.
 *
 * <p>With {@code delta_i} the exact hockey-stick divergence at grid point {@code eps_i}, the
 * resulting distribution has, for every epsilon, a divergence at least the mechanism's: it is the
 * distribution whose (e^eps, delta) curve linearly interpolates the exact one between grid points.
 * The mass above the last grid point is {@code delta_n} and goes to infinity.
 */
public final class ConnectTheDots {
  private ConnectTheDots() {}

  /** Builds the pessimistic connect-the-dots PMF of {@code loss} on a grid of width d. */
  public static PldPmf discretize(AdditiveNoisePrivacyLoss loss, double discretization) {
    double[] bounds = loss.connectDotsEpsilonBounds();
    double kLowerD = Math.floor(bounds[0] / discretization);
    double kUpperD = Math.ceil(bounds[1] / discretization);
    PldPmf.checkSize((long) Math.min(Long.MAX_VALUE, kUpperD - kLowerD + 1));
    long kLower = (long) kLowerD;
    int n = (int) ((long) kUpperD - kLower + 1);
    double[] deltas = new double[n];
    for (int i = 0; i < n; i++) {
      deltas[i] = loss.deltaForEpsilon((kLower + i) * discretization);
    }
    return fromDeltas(discretization, kLower, deltas);
  }

  /**
   * The connect-the-dots PMF for grid points {@code (lowerIndex + i) * d} with exact divergences
   * {@code deltas[i]} (non-increasing up to round-off; a running minimum enforces it).
   */
  public static PldPmf fromDeltas(double discretization, long lowerIndex, double[] deltas) {
    int n = deltas.length;
    double[] monotone = new double[n];
    double running = 1.0;
    for (int i = 0; i < n; i++) {
      double d = Math.min(1.0, Math.max(0.0, deltas[i]));
      running = Math.min(running, d);
      monotone[i] = running;
    }
    if (n == 1) {
      return new PldPmf(discretization, lowerIndex, new double[] {1 - monotone[0]}, monotone[0]);
    }
    double expm1 = Math.expm1(discretization);
    double exp = Math.exp(discretization);
    double[] probs = new double[n];
    probs[0] = 1 - monotone[0] + (monotone[1] - monotone[0]) / expm1;
    for (int i = 1; i < n - 1; i++) {
      double next = monotone[i + 1] - monotone[i];
      double prev = monotone[i] - monotone[i - 1];
      probs[i] = (next - prev * exp) / expm1;
    }
    probs[n - 1] = (monotone[n - 1] - monotone[n - 2]) / Math.expm1(-discretization);
    for (int i = 0; i < n; i++) {
      if (!(probs[i] > 0)) {
        probs[i] = 0.0;
      }
    }
    return new PldPmf(discretization, lowerIndex, probs, monotone[n - 1]);
  }
}
