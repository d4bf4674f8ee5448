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

  /**
   * The connect-the-dots PMF for strictly increasing grid indices {@code indices[i]} (not
   * necessarily consecutive) with exact divergences {@code deltas[i]} (Doroshenko et al. 2022,
   * Algorithm 1 with general gaps; dp_accounting's {@code create_pmf_pessimistic_connect_dots}).
   * With gaps {@code g_i = (indices[i] - indices[i-1]) d}, the mass at point i is {@code
   * (delta_{i-1} - delta_i) / (1 - e^-g_i) - (delta_i - delta_{i+1}) / (e^g_{i+1} - 1)}, the lowest
   * point takes the rest of the mass and {@code delta_n} goes to infinity. The result is dense
   * from the lowest to the highest index, with zeros between the given points.
   */
  public static PldPmf fromDeltas(double discretization, long[] indices, double[] deltas) {
    int n = indices.length;
    if (n == 0 || deltas.length != n) {
      throw new IllegalArgumentException(
          "indices and deltas must be non-empty and of equal length. Provided value: "
              + n
              + " and "
              + deltas.length);
    }
    for (int i = 1; i < n; i++) {
      if (indices[i] <= indices[i - 1]) {
        throw new IllegalArgumentException(
            "indices must be strictly increasing. Provided value: "
                + indices[i - 1]
                + " then "
                + indices[i]);
      }
    }
    long span = indices[n - 1] - indices[0] + 1;
    PldPmf.checkSize(span);
    double[] monotone = new double[n];
    double running = 1.0;
    for (int i = 0; i < n; i++) {
      double d = Math.min(1.0, Math.max(0.0, deltas[i]));
      running = Math.min(running, d);
      monotone[i] = running;
    }
    double[] probs = new double[(int) span];
    long lower = indices[0];
    if (n == 1) {
      probs[0] = 1 - monotone[0];
      return new PldPmf(discretization, lower, probs, monotone[0]);
    }
    for (int i = 0; i < n; i++) {
      double p;
      if (i == 0) {
        double g = (indices[1] - indices[0]) * discretization;
        p = 1 - monotone[0] - (monotone[0] - monotone[1]) / Math.expm1(g);
      } else {
        double gBelow = (indices[i] - indices[i - 1]) * discretization;
        p = (monotone[i - 1] - monotone[i]) / -Math.expm1(-gBelow);
        if (i < n - 1) {
          double gAbove = (indices[i + 1] - indices[i]) * discretization;
          p -= (monotone[i] - monotone[i + 1]) / Math.expm1(gAbove);
        }
      }
      probs[(int) (indices[i] - lower)] = p > 0 ? p : 0.0;
    }
    return new PldPmf(discretization, lower, probs, monotone[n - 1]);
  }
}
