package se.tillit.dp.accounting.internal;

/**
 * Privacy loss of the (optionally Poisson-subsampled) Laplace mechanism with sensitivity 1 and
 * scale b. Its privacy loss is bounded, so the grid covers the whole support and no tail is cut.
 */
public final class LaplacePrivacyLoss extends AdditiveNoisePrivacyLoss {
  private final double scale;

  public LaplacePrivacyLoss(double scale, double samplingProbability, Adjacency adjacency) {
    super(samplingProbability, adjacency);
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "noise multiplier must be > 0 and < infinity. Provided value: " + scale);
    }
    this.scale = scale;
  }

  @Override
  protected double noiseCdf(double x) {
    if (x < 0) {
      return 0.5 * Math.exp(x / scale);
    }
    return 1 - 0.5 * Math.exp(-x / scale);
  }

  @Override
  protected double noiseLogCdf(double x) {
    if (x < 0) {
      return Math.log(0.5) + x / scale;
    }
    return Math.log1p(-0.5 * Math.exp(-x / scale));
  }

  @Override
  protected double lossWithoutSubsamplingRemove(double x) {
    return (Math.abs(x) - Math.abs(x + 1)) / scale;
  }

  @Override
  protected double inverseLossWithoutSubsamplingRemove(double loss) {
    double threshold = loss * scale;
    if (threshold > 1) {
      return Double.NEGATIVE_INFINITY;
    }
    if (threshold <= -1) {
      return Double.POSITIVE_INFINITY;
    }
    return 0.5 * (-1 - threshold);
  }

  @Override
  public double[] connectDotsEpsilonBounds() {
    double maxEpsilon = 1 / scale;
    double q = samplingProbability;
    if (q == 1.0) {
      return new double[] {-maxEpsilon, maxEpsilon};
    }
    double up = logATimesExpBPlusC(q, maxEpsilon, 1 - q);
    double down = logATimesExpBPlusC(q, -maxEpsilon, 1 - q);
    if (adjacency == Adjacency.ADD) {
      return new double[] {-up, -down};
    }
    return new double[] {down, up};
  }
}
