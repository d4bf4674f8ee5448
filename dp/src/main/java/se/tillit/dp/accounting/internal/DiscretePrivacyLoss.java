package se.tillit.dp.accounting.internal;

import java.util.Arrays;
import se.tillit.dp.accounting.internal.AdditiveNoisePrivacyLoss.Adjacency;

/**
 * The privacy loss of a mechanism whose loss takes finitely many values ("atoms"), for one
 * direction of the add/remove relation: the discrete Gaussian and discrete Laplace mechanisms on an
 * integer query (optionally on a Poisson subsample), modelled on dp_accounting's {@code
 * DiscreteGaussianPrivacyLoss} and {@code DiscreteLaplacePrivacyLoss}, and the worst-case (epsilon,
 * delta)-DP mechanism (dp_accounting's {@code from_privacy_parameters}).
 *
 * <p>Each atom j carries a privacy loss {@code l_j} (non-increasing in j), its probability {@code
 * p_j} under the upper distribution and {@code q_j} under the lower one; mass that is not covered
 * by atoms sits at loss +infinity. The hockey-stick divergence is {@code delta(eps) = inf + sum
 * over l_j > eps of (p_j - e^eps q_j)}.
 *
 * <p><b>Discrete Gaussian truncation.</b> Noise {@code N_Z(0, sigma^2)} is evaluated with its exact
 * (untruncated) probabilities on the integers within {@code T = ceil(11.6 sigma)} of the support
 * of either distribution (dp_accounting's default truncation). The mass of the upper distribution
 * outside that window is at most {@code P[|X| > T]}, bounded from above in closed form (below
 * about 1e-30) and put at +infinity, which can only increase every hockey-stick divergence. The
 * discrete Laplace needs no truncation: outside the {@code D + 1} points between the two shifts the
 * loss is constant, and those tails are single atoms with closed-form masses.
 *
 * <p><b>Discretisation.</b> {@link #discretize} applies connect-the-dots (Doroshenko et al. 2022)
 * on the grid points just below and just above each atom's loss, as dp_accounting does for
 * discrete mechanisms: between two atoms the divergence is linear in {@code e^eps}, so only the
 * cells that hold an atom are approximated, and the result is pessimistic.
 *
 * <p>Cost is linear in the number of atoms ({@code 2T + D + 1} for the discrete Gaussian, {@code D
 * + 1} for the discrete Laplace); at most {@link #MAX_ATOMS} are allowed.
 */
public final class DiscretePrivacyLoss {

  /** The discrete Gaussian's support is cut at {@code ceil(11.6 sigma)}, as in dp_accounting. */
  public static final double TRUNCATION_SIGMAS = 11.6;

  /** Most atoms one mechanism may have (about 0.3 s of work per direction). */
  public static final long MAX_ATOMS = 1L << 24;

  private static final double SQRT_2_PI = Math.sqrt(2 * Math.PI);

  /** The atoms of a privacy loss, in non-increasing order of loss, computed on demand. */
  private interface Atoms {
    long count();

    double loss(long j);

    double upper(long j);

    double lower(long j);
  }

  private final Atoms atoms;
  private final double infinityMass;

  private DiscretePrivacyLoss(Atoms atoms, double infinityMass) {
    this.atoms = atoms;
    this.infinityMass = infinityMass;
  }

  /** The number of atoms of the discrete Gaussian's privacy loss (both directions alike). */
  public static long discreteGaussianAtomCount(double sigma, long sensitivity) {
    double t = Math.ceil(TRUNCATION_SIGMAS * sigma);
    double count = 2 * t + (double) sensitivity + 1;
    return count >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) count;
  }

  /** The number of atoms of the discrete Laplace's privacy loss. */
  public static long discreteLaplaceAtomCount(long sensitivity) {
    return sensitivity == Long.MAX_VALUE ? Long.MAX_VALUE : sensitivity + 1;
  }

  /**
   * The discrete Gaussian mechanism with parameter sigma and integer sensitivity D on a Poisson
   * subsample with rate q.
   */
  public static DiscretePrivacyLoss discreteGaussian(
      double sigma, long sensitivity, double samplingProbability, Adjacency adjacency) {
    checkCommon(sensitivity, samplingProbability);
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "sigma must be > 0 and < infinity. Provided value: " + sigma);
    }
    long count = discreteGaussianAtomCount(sigma, sensitivity);
    checkAtoms(count);
    long t = (long) Math.ceil(TRUNCATION_SIGMAS * sigma);
    double d = sensitivity;
    double twoSigma2 = 2 * sigma * sigma;
    double logZ = Math.log(discreteGaussianNormalisation(sigma));
    double s = samplingProbability;
    boolean remove = adjacency == Adjacency.REMOVE;
    // REMOVE: x from -T-D to T, upper (1-s) mu(x) + s mu(x+D), lower mu(x).
    // ADD: x from -T to T+D, upper mu(x), lower (1-s) mu(x) + s mu(x-D).
    long first = remove ? -t - sensitivity : -t;
    Atoms atoms =
        new Atoms() {
          @Override
          public long count() {
            return count;
          }

          private double mu(double x) {
            return Math.exp(-x * x / twoSigma2 - logZ);
          }

          @Override
          public double loss(long j) {
            double x = first + j;
            if (remove) {
              double l0 = -d * (2 * x + d) / twoSigma2; // log(mu(x+D)/mu(x))
              return s == 1.0 ? l0 : AdditiveNoisePrivacyLoss.logATimesExpBPlusC(s, l0, 1 - s);
            }
            double l0 = -d * (2 * x - d) / twoSigma2; // log(mu(x)/mu(x-D))
            return s == 1.0 ? l0 : -AdditiveNoisePrivacyLoss.logATimesExpBPlusC(s, -l0, 1 - s);
          }

          @Override
          public double upper(long j) {
            double x = first + j;
            if (!remove) {
              return mu(x);
            }
            return s == 1.0 ? mu(x + d) : (1 - s) * mu(x) + s * mu(x + d);
          }

          @Override
          public double lower(long j) {
            double x = first + j;
            if (remove) {
              return mu(x);
            }
            return s == 1.0 ? mu(x - d) : (1 - s) * mu(x) + s * mu(x - d);
          }
        };
    return new DiscretePrivacyLoss(atoms, discreteGaussianTailBound(sigma, t));
  }

  /**
   * The discrete Laplace mechanism ({@code P[y]} proportional to {@code exp(-|y| / scale)}) with
   * integer sensitivity D on a Poisson subsample with rate q. Exact: no truncation.
   */
  public static DiscretePrivacyLoss discreteLaplace(
      double scale, long sensitivity, double samplingProbability, Adjacency adjacency) {
    checkCommon(sensitivity, samplingProbability);
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "scale must be > 0 and < infinity. Provided value: " + scale);
    }
    long count = discreteLaplaceAtomCount(sensitivity);
    checkAtoms(count);
    double lambda = 1 / scale;
    double d = sensitivity;
    double r = Math.exp(-lambda);
    double onePlusR = 1 + r;
    double c = -Math.expm1(-lambda) / onePlusR; // P[X = 0]
    double tailLe0 = 1 / onePlusR; // P[X <= 0] = P[X >= 0]
    double tailBeyondD = Math.exp(-lambda * d) / onePlusR; // P[X <= -D] = P[X >= D]
    double s = samplingProbability;
    boolean remove = adjacency == Adjacency.REMOVE;
    Atoms atoms =
        new Atoms() {
          @Override
          public long count() {
            return count;
          }

          private double mu(double x) {
            return c * Math.exp(-lambda * Math.abs(x));
          }

          /** log(mu(x+D)/mu(x)) for REMOVE with x = j - D, log(mu(x)/mu(x-D)) for ADD, x = j. */
          private double unsampledLoss(long j) {
            if (j == 0) {
              return d * lambda;
            }
            if (j == count - 1) {
              return -d * lambda;
            }
            return lambda * (d - 2.0 * j);
          }

          @Override
          public double loss(long j) {
            double l0 = unsampledLoss(j);
            if (s == 1.0) {
              return l0;
            }
            return remove
                ? AdditiveNoisePrivacyLoss.logATimesExpBPlusC(s, l0, 1 - s)
                : -AdditiveNoisePrivacyLoss.logATimesExpBPlusC(s, -l0, 1 - s);
          }

          // Unsampled masses of the two distributions, before mixing: "shifted" is mu(x+D) for
          // REMOVE and mu(x-D) for ADD; "plain" is mu(x).
          private double plain(long j) {
            if (remove) {
              if (j == 0) {
                return tailBeyondD; // x <= -D
              }
              if (j == count - 1) {
                return tailLe0; // x >= 0
              }
              return mu(j - d);
            }
            if (j == 0) {
              return tailLe0; // x <= 0
            }
            if (j == count - 1) {
              return tailBeyondD; // x >= D
            }
            return mu(j);
          }

          private double shifted(long j) {
            if (remove) {
              if (j == 0) {
                return tailLe0; // x + D <= 0
              }
              if (j == count - 1) {
                return tailBeyondD; // x + D >= D
              }
              return mu(j);
            }
            if (j == 0) {
              return tailBeyondD; // x - D <= -D
            }
            if (j == count - 1) {
              return tailLe0; // x - D >= 0
            }
            return mu(j - d);
          }

          @Override
          public double upper(long j) {
            if (!remove) {
              return plain(j);
            }
            return s == 1.0 ? shifted(j) : (1 - s) * plain(j) + s * shifted(j);
          }

          @Override
          public double lower(long j) {
            if (remove) {
              return plain(j);
            }
            return s == 1.0 ? shifted(j) : (1 - s) * plain(j) + s * shifted(j);
          }
        };
    return new DiscretePrivacyLoss(atoms, 0.0);
  }

  /**
   * The dominating pair of every (epsilon, delta)-DP mechanism (Kairouz, Oh and Viswanath 2015),
   * the same in both directions: loss +infinity with probability delta, {@code +epsilon} with
   * probability {@code (1 - delta) / (1 + e^-epsilon)} and {@code -epsilon} with probability {@code
   * (1 - delta) / (1 + e^epsilon)} (dp_accounting's {@code from_privacy_parameters}).
   */
  public static DiscretePrivacyLoss epsilonDelta(double epsilon, double delta) {
    if (Double.isNaN(epsilon) || Double.isInfinite(epsilon) || epsilon < 0) {
      throw new IllegalArgumentException(
          "epsilon must be >= 0 and < infinity. Provided value: " + epsilon);
    }
    if (Double.isNaN(delta) || delta < 0 || delta >= 1) {
      throw new IllegalArgumentException("delta must be >= 0 and < 1. Provided value: " + delta);
    }
    double high = (1 - delta) / (1 + Math.exp(-epsilon));
    double low = (1 - delta) / (1 + Math.exp(epsilon));
    Atoms atoms =
        new Atoms() {
          @Override
          public long count() {
            return 2;
          }

          @Override
          public double loss(long j) {
            return j == 0 ? epsilon : -epsilon;
          }

          @Override
          public double upper(long j) {
            return j == 0 ? high : low;
          }

          @Override
          public double lower(long j) {
            return j == 0 ? low : high;
          }
        };
    return new DiscretePrivacyLoss(atoms, delta);
  }

  /** Mass at +infinity (truncated tails, or delta). */
  public double infinityMass() {
    return infinityMass;
  }

  /** The number of atoms. */
  public long atomCount() {
    return atoms.count();
  }

  /**
   * The hockey-stick divergence {@code inf + sum over l_j > eps of p_j (1 - e^(eps - l_j))},
   * summed term by term (for tests and checks; {@link #discretize} uses a single sweep).
   */
  public double deltaForEpsilon(double epsilon) {
    double delta = infinityMass;
    long n = atoms.count();
    for (long j = 0; j < n; j++) {
      double l = atoms.loss(j);
      if (l <= epsilon) {
        break;
      }
      delta += atoms.upper(j) * -Math.expm1(epsilon - l);
    }
    return Math.min(1.0, Math.max(0.0, delta));
  }

  /**
   * The pessimistic connect-the-dots distribution on the grid {@code k * discretization}, using
   * the grid points just below and just above every atom's loss.
   *
   * @throws IllegalArgumentException if the grid spanned by the losses is too large
   */
  public PldPmf discretize(double discretization) {
    long n = atoms.count();
    double kHigh = Math.ceil(atoms.loss(0) / discretization);
    double kLow = Math.floor(atoms.loss(n - 1) / discretization);
    PldPmf.checkSize((long) Math.min(Long.MAX_VALUE, kHigh - kLow + 1));
    // Grid indices in decreasing order, with the exact divergence at each.
    long[] indices = new long[16];
    double[] deltas = new double[16];
    int size = 0;
    long lastRecorded = Long.MAX_VALUE;
    boolean hasPending = false;
    long pending = 0;
    double upperSum = 0; // sum of p over the atoms added so far (all with loss above the grid point)
    double lowerSum = 0; // sum of q over the same atoms
    for (long j = 0; j < n; j++) {
      double p = atoms.upper(j);
      if (!(p > 0)) {
        continue; // an atom without upper mass adds nothing to any divergence
      }
      double l = atoms.loss(j);
      long kc = (long) Math.ceil(l / discretization);
      long kf = (long) Math.floor(l / discretization);
      if (hasPending && l <= pending * discretization) {
        // Every atom with loss above the pending point has been added.
        if (pending < lastRecorded) {
          if (size == indices.length) {
            indices = Arrays.copyOf(indices, 2 * size);
            deltas = Arrays.copyOf(deltas, 2 * size);
          }
          indices[size] = pending;
          deltas[size] = divergence(upperSum, lowerSum, pending * discretization);
          size++;
          lastRecorded = pending;
        }
        hasPending = false;
      }
      if (kc < lastRecorded) {
        if (size == indices.length) {
          indices = Arrays.copyOf(indices, 2 * size);
          deltas = Arrays.copyOf(deltas, 2 * size);
        }
        indices[size] = kc;
        deltas[size] = divergence(upperSum, lowerSum, kc * discretization);
        size++;
        lastRecorded = kc;
      }
      upperSum += p;
      lowerSum += atoms.lower(j);
      if (kf < lastRecorded) {
        hasPending = true;
        pending = kf;
      }
    }
    if (hasPending && pending < lastRecorded) {
      if (size == indices.length) {
        indices = Arrays.copyOf(indices, size + 1);
        deltas = Arrays.copyOf(deltas, size + 1);
      }
      indices[size] = pending;
      deltas[size] = divergence(upperSum, lowerSum, pending * discretization);
      size++;
    }
    if (size == 0) {
      // No atom has mass: everything is at infinity.
      return new PldPmf(discretization, 0, new double[] {0.0}, infinityMass);
    }
    long[] ascending = new long[size];
    double[] ascendingDeltas = new double[size];
    for (int i = 0; i < size; i++) {
      ascending[i] = indices[size - 1 - i];
      ascendingDeltas[i] = deltas[size - 1 - i];
    }
    return ConnectTheDots.fromDeltas(discretization, ascending, ascendingDeltas);
  }

  private double divergence(double upperSum, double lowerSum, double epsilon) {
    double delta = infinityMass + upperSum - Math.exp(epsilon) * lowerSum;
    return Math.min(1.0, Math.max(0.0, delta));
  }

  /**
   * {@code Z = sum over integers x of exp(-x^2 / (2 sigma^2))}: by Poisson summation {@code
   * sqrt(2 pi) sigma (1 + 2 sum_k exp(-2 pi^2 sigma^2 k^2))}; for sigma >= 2 the correction is
   * below 1e-34 and dropped (which only makes the probabilities larger), below 2 the sum is direct.
   */
  static double discreteGaussianNormalisation(double sigma) {
    if (sigma >= 2) {
      return SQRT_2_PI * sigma;
    }
    double twoSigma2 = 2 * sigma * sigma;
    long k = (long) Math.ceil(40 * sigma) + 1;
    double sum = 0;
    for (long x = k; x >= 1; x--) {
      sum += Math.exp(-(double) x * x / twoSigma2);
    }
    return 1 + 2 * sum;
  }

  /**
   * An upper bound on {@code P[|X| > t]} for {@code X ~ N_Z(0, sigma^2)}: beyond t each term of
   * {@code exp(-x^2 / (2 sigma^2))} is at most {@code exp(-(t+1)/sigma^2)} times the one before,
   * so each tail is at most {@code exp(-(t+1)^2 / (2 sigma^2)) / (1 - exp(-(t+1)/sigma^2))}, over
   * the normalisation Z.
   */
  static double discreteGaussianTailBound(double sigma, long t) {
    double sigma2 = sigma * sigma;
    double first = (double) t + 1;
    double logFirstTerm = -first * first / (2 * sigma2);
    double ratioComplement = -Math.expm1(-first / sigma2); // 1 - exp(-(t+1)/sigma^2)
    double bound =
        2 * Math.exp(logFirstTerm) / (ratioComplement * discreteGaussianNormalisation(sigma));
    return Math.min(1.0, bound);
  }

  private static void checkCommon(long sensitivity, double samplingProbability) {
    if (sensitivity < 1) {
      throw new IllegalArgumentException(
          "sensitivity must be >= 1. Provided value: " + sensitivity);
    }
    if (!(samplingProbability > 0 && samplingProbability <= 1)) {
      throw new IllegalArgumentException(
          "sampling rate must be > 0 and <= 1. Provided value: " + samplingProbability);
    }
  }

  private static void checkAtoms(long count) {
    if (count > MAX_ATOMS) {
      throw new IllegalArgumentException(
          "number of privacy loss atoms must be <= "
              + MAX_ATOMS
              + " (sigma or sensitivity too large for the pld accountant; the rdp accountant has"
              + " no such limit). Provided value: "
              + count);
    }
  }
}
