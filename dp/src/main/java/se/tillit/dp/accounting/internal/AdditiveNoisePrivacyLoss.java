package se.tillit.dp.accounting.internal;

/**
 * The privacy loss of an additive noise mechanism with sensitivity 1 and symmetric noise mu,
 * optionally on a Poisson subsample with rate q, for one direction of the add/remove relation
 * (modelled on dp_accounting's {@code pld/privacy_loss_mechanism.py}):
 *
 * <ul>
 *   <li>REMOVE: upper distribution {@code (1-q) mu(x) + q mu(x+1)}, lower {@code mu(x)};
 *   <li>ADD: upper {@code mu(x)}, lower {@code (1-q) mu(x) + q mu(x-1)}.
 * </ul>
 *
 * <p>The privacy loss {@code log(upper(x)/lower(x))} is non-increasing in x, so the hockey-stick
 * divergence at epsilon is {@code upperCdf(x*) - exp(epsilon) lowerCdf(x*)} where x* is the
 * largest x whose loss is at least epsilon.
 */
public abstract class AdditiveNoisePrivacyLoss {

  /** The direction of the add/remove neighbouring relation. */
  public enum Adjacency {
    ADD,
    REMOVE
  }

  protected final double samplingProbability;
  protected final Adjacency adjacency;

  protected AdditiveNoisePrivacyLoss(double samplingProbability, Adjacency adjacency) {
    if (!(samplingProbability > 0 && samplingProbability <= 1)) {
      throw new IllegalArgumentException(
          "sampling rate must be > 0 and <= 1. Provided value: " + samplingProbability);
    }
    this.samplingProbability = samplingProbability;
    this.adjacency = adjacency;
  }

  /** CDF of the noise mu at x. */
  protected abstract double noiseCdf(double x);

  /** log of the CDF of the noise mu at x. */
  protected abstract double noiseLogCdf(double x);

  /** Privacy loss without subsampling for REMOVE: {@code log(mu(x+1)/mu(x))}. */
  protected abstract double lossWithoutSubsamplingRemove(double x);

  /** Largest x whose REMOVE loss without subsampling is at least {@code loss} (may be +-inf). */
  protected abstract double inverseLossWithoutSubsamplingRemove(double loss);

  /** Lowest and highest privacy loss values to put grid points on (connect-the-dots). */
  public abstract double[] connectDotsEpsilonBounds();

  public Adjacency adjacency() {
    return adjacency;
  }

  public double upperCdf(double x) {
    if (adjacency == Adjacency.ADD) {
      return noiseCdf(x);
    }
    if (samplingProbability == 1.0) {
      return noiseCdf(x + 1);
    }
    return (1 - samplingProbability) * noiseCdf(x) + samplingProbability * noiseCdf(x + 1);
  }

  public double lowerLogCdf(double x) {
    if (adjacency == Adjacency.REMOVE) {
      return noiseLogCdf(x);
    }
    if (samplingProbability == 1.0) {
      return noiseLogCdf(x - 1);
    }
    return logAddExp(
        Math.log1p(-samplingProbability) + noiseLogCdf(x),
        Math.log(samplingProbability) + noiseLogCdf(x - 1));
  }

  /** The privacy loss at x for this direction. */
  public double privacyLoss(double x) {
    return adjacency == Adjacency.REMOVE ? lossRemove(x) : -lossRemove(-x);
  }

  private double lossRemove(double x) {
    double l = lossWithoutSubsamplingRemove(x);
    if (samplingProbability == 1.0) {
      return l;
    }
    // log(1 - q + q exp(l))
    return logATimesExpBPlusC(samplingProbability, l, 1 - samplingProbability);
  }

  /** Largest x whose privacy loss is at least {@code loss}. */
  public double inversePrivacyLoss(double loss) {
    double q = samplingProbability;
    if (adjacency == Adjacency.ADD) {
      if (q == 1.0) {
        return 1 + inverseLossWithoutSubsamplingRemove(loss);
      }
      double bound = -Math.log1p(-q);
      if (loss >= bound) {
        return 1 + inverseLossWithoutSubsamplingRemove(Double.POSITIVE_INFINITY);
      }
      double l = -logATimesExpBPlusC(1 / q, -loss, 1 - 1 / q);
      return 1 + inverseLossWithoutSubsamplingRemove(l);
    }
    if (q == 1.0) {
      return inverseLossWithoutSubsamplingRemove(loss);
    }
    double bound = Math.log1p(-q);
    if (loss <= bound) {
      return inverseLossWithoutSubsamplingRemove(Double.NEGATIVE_INFINITY);
    }
    double l = logATimesExpBPlusC(1 / q, loss, 1 - 1 / q);
    return inverseLossWithoutSubsamplingRemove(l);
  }

  /** The exact epsilon-hockey-stick divergence of this direction, clipped to [0, 1]. */
  public double deltaForEpsilon(double epsilon) {
    double q = samplingProbability;
    if (q < 1.0) {
      if (adjacency == Adjacency.ADD && epsilon >= -Math.log1p(-q)) {
        return 0.0;
      }
      if (adjacency == Adjacency.REMOVE && epsilon <= Math.log1p(-q)) {
        return Math.min(1.0, Math.max(0.0, -Math.expm1(epsilon)));
      }
    }
    double x = inversePrivacyLoss(epsilon);
    double upper = upperCdf(x);
    double lowerLog = lowerLogCdf(x);
    double delta = upper - Math.exp(epsilon + lowerLog);
    if (Double.isNaN(delta)) {
      delta = 0.0;
    }
    return Math.min(1.0, Math.max(0.0, delta));
  }

  static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(Math.min(a, b) - max));
  }

  /** log(a exp(b) + c), computed stably (a > 0 here; c may be negative). */
  static double logATimesExpBPlusC(double a, double b, double c) {
    if (b == 0) {
      return Math.log(a + c);
    }
    double d = b + Math.log(a);
    if (c == 0) {
      return d;
    }
    if (c < 0) {
      double e = Math.log(-c);
      if (e >= d) {
        return Double.NEGATIVE_INFINITY;
      }
      return d + Math.log1p(-Math.exp(e - d));
    }
    return logAddExp(d, Math.log(c));
  }
}
