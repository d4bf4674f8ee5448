package se.tillit.dp.accounting.internal;

/**
 * Privacy loss of the (optionally Poisson-subsampled) Gaussian mechanism with sensitivity 1 and
 * standard deviation sigma. The noise tails beyond {@code exp(logMassTruncationBound)} are not
 * given grid points; connect-the-dots still accounts for them exactly through the hockey-stick
 * divergence at the outermost grid points (the mass above goes to infinity).
 */
public final class GaussianPrivacyLoss extends AdditiveNoisePrivacyLoss {
  /** dp_accounting's default: e^-50 of noise mass beyond the grid. */
  public static final double DEFAULT_LOG_MASS_TRUNCATION_BOUND = -50;

  private final double sigma;
  private final double logMassTruncationBound;

  public GaussianPrivacyLoss(
      double sigma,
      double samplingProbability,
      Adjacency adjacency,
      double logMassTruncationBound) {
    super(samplingProbability, adjacency);
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "noise multiplier must be > 0 and < infinity. Provided value: " + sigma);
    }
    if (!(logMassTruncationBound <= 0)) {
      throw new IllegalArgumentException(
          "log mass truncation bound must be <= 0. Provided value: " + logMassTruncationBound);
    }
    this.sigma = sigma;
    this.logMassTruncationBound = logMassTruncationBound;
  }

  public GaussianPrivacyLoss(double sigma, double samplingProbability, Adjacency adjacency) {
    this(sigma, samplingProbability, adjacency, DEFAULT_LOG_MASS_TRUNCATION_BOUND);
  }

  @Override
  protected double noiseCdf(double x) {
    return NormalMath.cdf(x / sigma);
  }

  @Override
  protected double noiseLogCdf(double x) {
    return NormalMath.logCdf(x / sigma);
  }

  @Override
  protected double lossWithoutSubsamplingRemove(double x) {
    return (-0.5 - x) / (sigma * sigma);
  }

  @Override
  protected double inverseLossWithoutSubsamplingRemove(double loss) {
    return -0.5 - loss * sigma * sigma;
  }

  /** [lowerX, upperX]: the noise range given grid points. */
  public double[] truncation() {
    double lowerX = sigma * NormalMath.lowerTailQuantile(Math.log(0.5) + logMassTruncationBound);
    double upperX = -lowerX;
    if (adjacency == Adjacency.ADD) {
      upperX += 1;
    } else {
      lowerX -= 1;
    }
    return new double[] {lowerX, upperX};
  }

  @Override
  public double[] connectDotsEpsilonBounds() {
    double[] t = truncation();
    return new double[] {privacyLoss(t[1]), privacyLoss(t[0])};
  }
}
