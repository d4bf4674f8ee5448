package se.tillit.dp.accounting.internal;

import java.util.Arrays;

/**
 * A dense, pessimistically discretised privacy loss distribution: probability {@code probs[i]}
 * on the privacy loss {@code (lowerIndex + i) * discretization}, plus {@code infinityMass} on
 * +infinity.
 *
 * <p>Every operation keeps the estimate pessimistic: truncated upper tails go to infinity,
 * truncated lower tails are moved up to the smallest kept loss, and negative round-off of the FFT
 * is clamped to zero. Instances are immutable (the array is never exposed).
 */
public final class PldPmf {
  private final double discretization;
  private final long lowerIndex;
  private final double[] probs;
  private final double infinityMass;

  PldPmf(double discretization, long lowerIndex, double[] probs, double infinityMass) {
    if (probs.length == 0) {
      throw new IllegalArgumentException("probs must not be empty. Provided value: []");
    }
    this.discretization = discretization;
    this.lowerIndex = lowerIndex;
    this.probs = probs;
    this.infinityMass = Math.min(1.0, Math.max(0.0, infinityMass));
  }

  /** The distribution of a mechanism that leaks nothing: all mass on privacy loss 0. */
  public static PldPmf identity(double discretization) {
    return new PldPmf(discretization, 0, new double[] {1.0}, 0.0);
  }

  public double discretization() {
    return discretization;
  }

  public long lowerIndex() {
    return lowerIndex;
  }

  public int size() {
    return probs.length;
  }

  public double infinityMass() {
    return infinityMass;
  }

  /** A copy of the probabilities, for tests. */
  public double[] probabilities() {
    return probs.clone();
  }

  /** The probability of the loss {@code index * discretization} (0 outside the support). */
  public double probabilityAt(long index) {
    long i = index - lowerIndex;
    return i < 0 || i >= probs.length ? 0.0 : probs[(int) i];
  }

  private double loss(int i) {
    return (lowerIndex + i) * discretization;
  }

  /**
   * The epsilon-hockey-stick divergence: {@code infinityMass + sum over losses l > epsilon of
   * (1 - exp(epsilon - l)) * p(l)}.
   */
  public double deltaForEpsilon(double epsilon) {
    double delta = infinityMass;
    for (int i = probs.length - 1; i >= 0; i--) {
      double l = loss(i);
      if (l <= epsilon) {
        break;
      }
      delta += -Math.expm1(epsilon - l) * probs[i];
    }
    return Math.min(1.0, Math.max(0.0, delta));
  }

  /**
   * The smallest epsilon >= 0 whose hockey-stick divergence is at most delta, or +infinity if the
   * infinity mass alone exceeds delta.
   */
  public double epsilonForDelta(double delta) {
    if (infinityMass > delta) {
      return Double.POSITIVE_INFINITY;
    }
    // delta(eps) = massUpper - exp(eps) * massLower over the losses above eps.
    double massUpper = infinityMass;
    double massLower = 0.0;
    for (int i = probs.length - 1; i >= 0; i--) {
      double l = loss(i);
      if (massUpper > delta && massLower > 0 && Math.log((massUpper - delta) / massLower) >= l) {
        break;
      }
      double p = probs[i];
      massUpper += p;
      massLower += Math.exp(-l) * p;
      if (massUpper >= delta && massLower == 0) {
        return Math.max(0.0, l);
      }
    }
    if (massUpper <= massLower + delta) {
      return 0.0;
    }
    return Math.max(0.0, Math.log((massUpper - delta) / massLower));
  }

  /** The composition (convolution) of this distribution with another of the same grid. */
  public PldPmf compose(PldPmf other, double tailMassTruncation) {
    checkSameGrid(other);
    checkSize((long) probs.length + other.probs.length - 1);
    double[] conv = Fft.convolve(probs, other.probs);
    clampNegatives(conv);
    double inf = infinityMass + other.infinityMass - infinityMass * other.infinityMass;
    return truncated(lowerIndex + other.lowerIndex, conv, inf, tailMassTruncation);
  }

  /**
   * The {@code times}-fold composition of this distribution with itself, by one FFT power. The
   * output window comes from Chernoff bounds so that at most {@code tailMassTruncation} of the mass
   * lies outside it; that amount is added to the infinity mass.
   */
  public PldPmf selfCompose(long times, double tailMassTruncation) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1. Provided value: " + times);
    }
    if (times == 1) {
      return this;
    }
    long[] bounds = selfConvolveBounds(times, tailMassTruncation);
    long lower = bounds[0];
    long upper = bounds[1];
    long outLength = upper - lower + 1;
    checkSize(outLength);
    int fftLength = Fft.nextPowerOfTwo(Math.max(outLength, probs.length));
    double[] cyclic = Fft.selfConvolveCyclic(probs, times, fftLength);
    double[] out = new double[(int) outLength];
    int start = (int) Math.floorMod(lower, (long) fftLength);
    for (int j = 0; j < out.length; j++) {
      out[j] = cyclic[(start + j) & (fftLength - 1)];
    }
    clampNegatives(out);
    // 1 - (1 - infinityMass)^times, computed without cancellation.
    double inf = tailMassTruncation - Math.expm1(times * Math.log1p(-infinityMass));
    return new PldPmf(discretization, lowerIndex * times + lower, out, inf);
  }

  /**
   * Chernoff bounds [lower, upper] on the sum of {@code times} independent array indices drawn
   * from the (finite part of the) distribution, each tail holding at most half the truncation.
   */
  private long[] selfConvolveBounds(long times, double tailMassTruncation) {
    double upper = (double) (probs.length - 1) * times;
    double lower = 0;
    if (tailMassTruncation > 0) {
      double logTwoOverTail = Math.log(2.0 / tailMassTruncation);
      double[] logProbs = new double[probs.length];
      for (int i = 0; i < probs.length; i++) {
        logProbs[i] = probs[i] > 0 ? Math.log(probs[i]) : Double.NEGATIVE_INFINITY;
      }
      for (int k = -20; k <= 20; k++) {
        if (k == 0) {
          continue;
        }
        double order = (double) k / probs.length;
        double logMgf = logSumExp(logProbs, order);
        double bound = (times * logMgf + logTwoOverTail) / order;
        if (Double.isNaN(bound) || Double.isInfinite(bound)) {
          continue;
        }
        if (order > 0) {
          upper = Math.min(upper, Math.ceil(bound));
        } else {
          lower = Math.max(lower, Math.floor(bound));
        }
      }
    }
    if (lower > upper) {
      lower = upper;
    }
    return new long[] {(long) lower, (long) upper};
  }

  /** log(sum_i exp(logProbs[i] + order * i)). */
  private static double logSumExp(double[] logProbs, double order) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logProbs.length; i++) {
      max = Math.max(max, logProbs[i] + order * i);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (int i = 0; i < logProbs.length; i++) {
      double v = logProbs[i] + order * i - max;
      if (v > -745) {
        sum += Math.exp(v);
      }
    }
    return max + Math.log(sum);
  }

  private static void clampNegatives(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] > 0)) {
        values[i] = 0.0;
      }
    }
  }

  /**
   * Drops the longest prefix and suffix each holding at most half of {@code tailMassTruncation}:
   * the prefix mass moves up onto the first kept loss, the suffix mass goes to infinity.
   */
  private PldPmf truncated(long lower, double[] values, double inf, double tailMassTruncation) {
    if (tailMassTruncation <= 0) {
      return new PldPmf(discretization, lower, values, inf);
    }
    double half = tailMassTruncation / 2;
    int left = 0;
    double leftMass = 0;
    while (left < values.length && leftMass + values[left] <= half) {
      leftMass += values[left];
      left++;
    }
    int right = values.length;
    double rightMass = 0;
    while (right > 0 && rightMass + values[right - 1] <= half) {
      rightMass += values[right - 1];
      right--;
    }
    if (right <= left) {
      right = Math.min(values.length, left + 1);
      if (right <= left) {
        left = right - 1;
      }
      leftMass = 0;
      for (int i = 0; i < left; i++) {
        leftMass += values[i];
      }
      rightMass = 0;
      for (int i = right; i < values.length; i++) {
        rightMass += values[i];
      }
    }
    double[] kept = Arrays.copyOfRange(values, left, right);
    kept[0] += leftMass;
    return new PldPmf(discretization, lower + left, kept, inf + rightMass);
  }

  /** Refuses distributions larger than the FFT can hold, naming the setting that controls size. */
  static void checkSize(long points) {
    if (points > Fft.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "privacy loss distribution size must be <= "
              + Fft.MAX_LENGTH
              + " points; use a larger value discretization interval. Provided value: "
              + points
              + " points");
    }
  }

  private void checkSameGrid(PldPmf other) {
    if (Double.compare(discretization, other.discretization) != 0) {
      throw new IllegalArgumentException(
          "value discretization interval must equal "
              + discretization
              + ". Provided value: "
              + other.discretization);
    }
  }
}
