package se.tillit.dp.accounting.internal;

import se.tillit.dp.accounting.internal.AdditiveNoisePrivacyLoss.Adjacency;

/**
 * A privacy loss distribution for the add/remove relation: one PMF per direction (one shared PMF
 * when the two coincide). Divergences and epsilons are answered for the worse direction.
 */
public final class PrivacyLossDistribution {
  private final PldPmf remove;
  private final PldPmf add;

  private PrivacyLossDistribution(PldPmf remove, PldPmf add) {
    this.remove = remove;
    this.add = add;
  }

  public static PrivacyLossDistribution symmetric(PldPmf pmf) {
    return new PrivacyLossDistribution(pmf, pmf);
  }

  public static PrivacyLossDistribution of(PldPmf remove, PldPmf add) {
    return new PrivacyLossDistribution(remove, add);
  }

  public static PrivacyLossDistribution identity(double discretization) {
    return symmetric(PldPmf.identity(discretization));
  }

  /** The Gaussian mechanism (sensitivity 1, standard deviation sigma) on a Poisson subsample. */
  public static PrivacyLossDistribution gaussian(
      double sigma, double samplingProbability, double discretization) {
    PldPmf remove =
        ConnectTheDots.discretize(
            new GaussianPrivacyLoss(sigma, samplingProbability, Adjacency.REMOVE), discretization);
    if (samplingProbability == 1.0) {
      return symmetric(remove);
    }
    PldPmf add =
        ConnectTheDots.discretize(
            new GaussianPrivacyLoss(sigma, samplingProbability, Adjacency.ADD), discretization);
    return of(remove, add);
  }

  /** The Laplace mechanism (sensitivity 1, scale b) on a Poisson subsample. */
  public static PrivacyLossDistribution laplace(
      double scale, double samplingProbability, double discretization) {
    PldPmf remove =
        ConnectTheDots.discretize(
            new LaplacePrivacyLoss(scale, samplingProbability, Adjacency.REMOVE), discretization);
    if (samplingProbability == 1.0) {
      return symmetric(remove);
    }
    PldPmf add =
        ConnectTheDots.discretize(
            new LaplacePrivacyLoss(scale, samplingProbability, Adjacency.ADD), discretization);
    return of(remove, add);
  }

  /**
   * The discrete Gaussian mechanism (parameter sigma, integer sensitivity D) on a Poisson
   * subsample; see {@link DiscretePrivacyLoss#discreteGaussian}.
   */
  public static PrivacyLossDistribution discreteGaussian(
      double sigma, long sensitivity, double samplingProbability, double discretization) {
    PldPmf remove =
        DiscretePrivacyLoss.discreteGaussian(
                sigma, sensitivity, samplingProbability, Adjacency.REMOVE)
            .discretize(discretization);
    if (samplingProbability == 1.0) {
      return symmetric(remove);
    }
    PldPmf add =
        DiscretePrivacyLoss.discreteGaussian(sigma, sensitivity, samplingProbability, Adjacency.ADD)
            .discretize(discretization);
    return of(remove, add);
  }

  /**
   * The discrete Laplace mechanism (scale t, integer sensitivity D) on a Poisson subsample; see
   * {@link DiscretePrivacyLoss#discreteLaplace}.
   */
  public static PrivacyLossDistribution discreteLaplace(
      double scale, long sensitivity, double samplingProbability, double discretization) {
    PldPmf remove =
        DiscretePrivacyLoss.discreteLaplace(
                scale, sensitivity, samplingProbability, Adjacency.REMOVE)
            .discretize(discretization);
    if (samplingProbability == 1.0) {
      return symmetric(remove);
    }
    PldPmf add =
        DiscretePrivacyLoss.discreteLaplace(scale, sensitivity, samplingProbability, Adjacency.ADD)
            .discretize(discretization);
    return of(remove, add);
  }

  /** The worst-case (epsilon, delta)-DP mechanism; see {@link DiscretePrivacyLoss#epsilonDelta}. */
  public static PrivacyLossDistribution epsilonDelta(
      double epsilon, double delta, double discretization) {
    return symmetric(DiscretePrivacyLoss.epsilonDelta(epsilon, delta).discretize(discretization));
  }

  public boolean isSymmetric() {
    return remove == add;
  }

  public PldPmf remove() {
    return remove;
  }

  public PldPmf add() {
    return add;
  }

  public PrivacyLossDistribution compose(PrivacyLossDistribution other, double tailMassTruncation) {
    PldPmf r = remove.compose(other.remove, tailMassTruncation);
    if (isSymmetric() && other.isSymmetric()) {
      return symmetric(r);
    }
    return of(r, add.compose(other.add, tailMassTruncation));
  }

  public PrivacyLossDistribution selfCompose(long times, double tailMassTruncation) {
    PldPmf r = remove.selfCompose(times, tailMassTruncation);
    if (isSymmetric()) {
      return symmetric(r);
    }
    return of(r, add.selfCompose(times, tailMassTruncation));
  }

  public double deltaForEpsilon(double epsilon) {
    double d = remove.deltaForEpsilon(epsilon);
    return isSymmetric() ? d : Math.max(d, add.deltaForEpsilon(epsilon));
  }

  public double epsilonForDelta(double delta) {
    double e = remove.epsilonForDelta(delta);
    return isSymmetric() ? e : Math.max(e, add.epsilonForDelta(delta));
  }
}
