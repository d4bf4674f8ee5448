package se.tillit.dp.accounting;

import java.util.LinkedHashMap;
import java.util.Map;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.internal.DiscretePrivacyLoss;
import se.tillit.dp.accounting.internal.PrivacyLossDistribution;

/**
 * Privacy accountant based on privacy loss distributions (PLD), modelled on Google's dp_accounting
 * {@code PLDAccountant} (add/remove-one neighbouring relation).
 *
 * <p>Each mechanism's privacy loss is discretised pessimistically on the grid {@code k * d}
 * ({@code d = valueDiscretizationInterval}) with the "connect the dots" method of Doroshenko et
 * al. (PETS 2022), so that the hockey-stick divergence of the discrete distribution is never below
 * the mechanism's. Compositions are convolutions computed by FFT; self-composition raises the
 * transform to a power and keeps a window whose outside mass, bounded by Chernoff bounds, is at
 * most {@code tailMassTruncation} and is counted as infinite privacy loss. The remaining errors are
 * floating-point round-off of the FFT (about 1e-16 per grid point, negative values clamped to 0);
 * for deltas well above that, answers are upper bounds on the true epsilon or delta.
 *
 * <p>Supported events: {@link DpEvent.Gaussian}, {@link DpEvent.Laplace}, {@link
 * DpEvent.DiscreteGaussian}, {@link DpEvent.DiscreteLaplace}, {@link DpEvent.EpsilonDelta}, {@link
 * DpEvent.PoissonSampled} of a Gaussian, Laplace, discrete Gaussian, discrete Laplace or NoOp
 * event (and of an EpsilonDelta event with sampling probability 1), {@link DpEvent.SelfComposed},
 * {@link DpEvent.Composed} and {@link DpEvent.NoOp}, nested in any way. Subsampled events are
 * accounted in both directions (removal and addition of a record) and the worse answer is given.
 *
 * <p>The discrete events have exact privacy loss distributions over their integer support (as
 * dp_accounting's {@code DiscreteGaussianPrivacyLoss} and {@code DiscreteLaplacePrivacyLoss}),
 * discretised pessimistically: the discrete Gaussian's support is cut at {@code ceil(11.6 sigma)}
 * around each shift, the cut-off mass (below 1e-30) counted as infinite privacy loss. Its (epsilon,
 * delta) profile is not the continuous Gaussian's: at small sigma the continuous one under-counts
 * delta (1.2 times at sigma = 1, epsilon = 3; several-fold far in the tail at sigma = 0.5). An {@link DpEvent.EpsilonDelta} event is the worst-case (epsilon, delta)-DP pair:
 * delta at infinity, randomised response with parameter epsilon otherwise (dp_accounting's {@code
 * from_privacy_parameters}). Poisson subsampling of an EpsilonDelta event is unsupported. A
 * discrete event with more than {@value
 * se.tillit.dp.accounting.internal.DiscretePrivacyLoss#MAX_ATOMS} support points (discrete
 * Gaussian sigma above about 700 000, or sensitivity above that) is unsupported too; use the RDP
 * accountant for it.
 * Plain Gaussian events anywhere in a composition are combined exactly first (k Gaussians with
 * multipliers s_i are one Gaussian with multiplier {@code 1/sqrt(sum 1/s_i^2)}), and repeated
 * identical events are self-composed once.
 *
 * <p>Instances are immutable and thread-safe. Cost: DP-SGD with 10^4 steps at the default
 * interval takes a few hundred milliseconds and some tens of MiB; a finer interval or a huge
 * number of steps can exceed the size limit of the distribution, which is reported as an
 * {@link IllegalArgumentException} naming the interval.
 */
public final class PldAccountant implements PrivacyAccountant {

  /** dp_accounting's default grid width for the privacy loss. */
  public static final double DEFAULT_VALUE_DISCRETIZATION_INTERVAL = 1e-4;

  /** dp_accounting's default mass that compositions may move to infinity. */
  public static final double DEFAULT_TAIL_MASS_TRUNCATION = 1e-15;

  private final double valueDiscretizationInterval;
  private final double tailMassTruncation;

  /** An accountant with the default settings (interval 1e-4, tail mass 1e-15). */
  public PldAccountant() {
    this(DEFAULT_VALUE_DISCRETIZATION_INTERVAL, DEFAULT_TAIL_MASS_TRUNCATION);
  }

  /**
   * An accountant with the given grid width and the default tail mass truncation.
   *
   * @throws IllegalArgumentException if the interval is not in (0, 1]
   */
  public PldAccountant(double valueDiscretizationInterval) {
    this(valueDiscretizationInterval, DEFAULT_TAIL_MASS_TRUNCATION);
  }

  private PldAccountant(double valueDiscretizationInterval, double tailMassTruncation) {
    this.valueDiscretizationInterval = checkInterval(valueDiscretizationInterval);
    this.tailMassTruncation = checkTailMass(tailMassTruncation);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The grid width d of the privacy loss values. */
  public double valueDiscretizationInterval() {
    return valueDiscretizationInterval;
  }

  /** The probability mass each composition may move to infinite privacy loss. */
  public double tailMassTruncation() {
    return tailMassTruncation;
  }

  @Override
  public String name() {
    return "pld";
  }

  @Override
  public double epsilon(DpEvent event, double delta) {
    DpPreconditions.checkDelta(delta);
    Plan plan = plan(event);
    double sigma = plan.pureGaussianSigma();
    if (sigma > 0) {
      return GaussianClosedForm.epsilon(sigma, delta);
    }
    return distribution(plan).epsilonForDelta(delta);
  }

  @Override
  public double delta(DpEvent event, double epsilon) {
    DpPreconditions.checkNonNegativeFinite("epsilon", epsilon);
    Plan plan = plan(event);
    double sigma = plan.pureGaussianSigma();
    if (sigma > 0) {
      return GaussianClosedForm.delta(sigma, epsilon);
    }
    return distribution(plan).deltaForEpsilon(epsilon);
  }

  @Override
  public boolean supports(DpEvent event) {
    return event != null && unsupportedPart(event) == null;
  }

  @Override
  public String toString() {
    return "PldAccountant{valueDiscretizationInterval="
        + valueDiscretizationInterval
        + ", tailMassTruncation="
        + tailMassTruncation
        + "}";
  }

  /** The event checked and flattened; an unsupported event is an IllegalArgumentException. */
  private static Plan plan(DpEvent event) {
    if (event == null) {
      throw new IllegalArgumentException("event must not be null. Provided value: null");
    }
    String unsupported = unsupportedPart(event);
    if (unsupported != null) {
      throw new IllegalArgumentException(
          "event must be supported by the pld accountant (Gaussian, Laplace, DiscreteGaussian,"
              + " DiscreteLaplace, EpsilonDelta, PoissonSampled of Gaussian, Laplace,"
              + " DiscreteGaussian, DiscreteLaplace or NoOp, SelfComposed, Composed, NoOp)."
              + " Provided value: "
              + unsupported);
    }
    Plan plan = new Plan();
    plan.collect(event, 1);
    return plan;
  }

  /** The composed privacy loss distribution of a plan (both directions). */
  private PrivacyLossDistribution distribution(Plan plan) {
    PrivacyLossDistribution result = null;
    if (plan.gaussianPrecision > 0) {
      double sigma = 1 / Math.sqrt(plan.gaussianPrecision);
      result = PrivacyLossDistribution.gaussian(sigma, 1.0, valueDiscretizationInterval);
    }
    for (Map.Entry<Leaf, Long> entry : plan.leaves.entrySet()) {
      PrivacyLossDistribution single = entry.getKey().distribution(valueDiscretizationInterval);
      PrivacyLossDistribution composed = single.selfCompose(entry.getValue(), tailMassTruncation);
      result = result == null ? composed : result.compose(composed, tailMassTruncation);
    }
    return result == null ? PrivacyLossDistribution.identity(valueDiscretizationInterval) : result;
  }

  /** A description of the first unsupported part of the event, or null if all is supported. */
  private static String unsupportedPart(DpEvent event) {
    if (event instanceof DpEvent.Gaussian
        || event instanceof DpEvent.Laplace
        || event instanceof DpEvent.EpsilonDelta
        || event instanceof DpEvent.NoOp) {
      return null;
    }
    if (event instanceof DpEvent.DiscreteGaussian
        || event instanceof DpEvent.DiscreteLaplace) {
      return tooManyAtoms(event);
    }
    if (event instanceof DpEvent.PoissonSampled sampled) {
      DpEvent inner = sampled.event();
      if (inner instanceof DpEvent.Gaussian
          || inner instanceof DpEvent.Laplace
          || inner instanceof DpEvent.NoOp
          || (inner instanceof DpEvent.EpsilonDelta && sampled.samplingProbability() == 1.0)) {
        return null;
      }
      if (inner instanceof DpEvent.DiscreteGaussian || inner instanceof DpEvent.DiscreteLaplace) {
        return tooManyAtoms(inner);
      }
      return "PoissonSampled of " + describe(inner);
    }
    if (event instanceof DpEvent.SelfComposed self) {
      return unsupportedPart(self.event());
    }
    if (event instanceof DpEvent.Composed composed) {
      for (DpEvent e : composed.events()) {
        if (e == null) {
          return "Composed containing null";
        }
        String part = unsupportedPart(e);
        if (part != null) {
          return part;
        }
      }
      return null;
    }
    return describe(event);
  }

  /** Null if the discrete event's support is small enough, else a description. */
  private static String tooManyAtoms(DpEvent event) {
    long atoms =
        event instanceof DpEvent.DiscreteGaussian dg
            ? DiscretePrivacyLoss.discreteGaussianAtomCount(dg.sigma(), dg.sensitivity())
            : DiscretePrivacyLoss.discreteLaplaceAtomCount(
                ((DpEvent.DiscreteLaplace) event).sensitivity());
    if (atoms <= DiscretePrivacyLoss.MAX_ATOMS) {
      return null;
    }
    return describe(event)
        + " with "
        + atoms
        + " support points (at most "
        + DiscretePrivacyLoss.MAX_ATOMS
        + "; use the rdp accountant)";
  }

  private static String describe(DpEvent event) {
    return event == null ? "null" : event.getClass().getSimpleName();
  }

  private static double checkInterval(double interval) {
    if (Double.isNaN(interval) || interval <= 0 || interval > 1) {
      throw new IllegalArgumentException(
          "value discretization interval must be > 0 and <= 1. Provided value: " + interval);
    }
    return interval;
  }

  private static double checkTailMass(double tailMass) {
    if (Double.isNaN(tailMass) || tailMass <= 0 || tailMass > 1e-3) {
      throw new IllegalArgumentException(
          "tail mass truncation must be > 0 and <= 0.001. Provided value: " + tailMass);
    }
    return tailMass;
  }

  /** The kinds of mechanism that have their own privacy loss distribution. */
  private enum Kind {
    GAUSSIAN,
    LAPLACE,
    DISCRETE_GAUSSIAN,
    DISCRETE_LAPLACE,
    EPSILON_DELTA
  }

  /**
   * One mechanism to self-compose: its kind, its parameters (noise multiplier, sigma or scale with
   * the sensitivity; or epsilon and delta) and its sampling rate.
   */
  private record Leaf(
      Kind kind, double parameter, double delta, long sensitivity, double samplingProbability) {

    PrivacyLossDistribution distribution(double d) {
      double q = samplingProbability;
      return switch (kind) {
        case GAUSSIAN -> PrivacyLossDistribution.gaussian(parameter, q, d);
        case LAPLACE -> PrivacyLossDistribution.laplace(parameter, q, d);
        case DISCRETE_GAUSSIAN ->
            PrivacyLossDistribution.discreteGaussian(parameter, sensitivity, q, d);
        case DISCRETE_LAPLACE ->
            PrivacyLossDistribution.discreteLaplace(parameter, sensitivity, q, d);
        case EPSILON_DELTA -> PrivacyLossDistribution.epsilonDelta(parameter, delta, d);
      };
    }

    static Leaf of(DpEvent event, double q) {
      if (event instanceof DpEvent.Gaussian g) {
        return new Leaf(Kind.GAUSSIAN, g.noiseMultiplier(), 0, 1, q);
      }
      if (event instanceof DpEvent.Laplace l) {
        return new Leaf(Kind.LAPLACE, l.noiseMultiplier(), 0, 1, q);
      }
      if (event instanceof DpEvent.DiscreteGaussian dg) {
        return new Leaf(Kind.DISCRETE_GAUSSIAN, dg.sigma(), 0, dg.sensitivity(), q);
      }
      if (event instanceof DpEvent.DiscreteLaplace dl) {
        return new Leaf(Kind.DISCRETE_LAPLACE, dl.scale(), 0, dl.sensitivity(), q);
      }
      DpEvent.EpsilonDelta ed = (DpEvent.EpsilonDelta) event;
      return new Leaf(Kind.EPSILON_DELTA, ed.epsilon(), ed.delta(), 1, 1.0);
    }
  }

  /** The event flattened into exact Gaussian precision plus counted leaves. */
  private static final class Plan {
    double gaussianPrecision;
    final Map<Leaf, Long> leaves = new LinkedHashMap<>();

    /**
     * If the event is nothing but (unsampled) Gaussian mechanisms, their composition is exactly
     * one Gaussian with multiplier {@code 1/sqrt(sum 1/s_i^2)}, whose privacy profile has a closed
     * form (Balle and Wang 2018): no discretisation is needed, and any number of compositions is
     * answered exactly (a discretised PLD of a very small combined sigma would not fit in memory).
     * Returns that sigma, or 0 if the event holds anything else.
     */
    double pureGaussianSigma() {
      if (!leaves.isEmpty() || !(gaussianPrecision > 0)) {
        return 0;
      }
      return 1 / Math.sqrt(gaussianPrecision);
    }

    void collect(DpEvent event, long count) {
      if (event instanceof DpEvent.NoOp) {
        return;
      }
      if (event instanceof DpEvent.Gaussian g) {
        gaussianPrecision += count / (g.noiseMultiplier() * g.noiseMultiplier());
      } else if (event instanceof DpEvent.Laplace
          || event instanceof DpEvent.DiscreteGaussian
          || event instanceof DpEvent.DiscreteLaplace
          || event instanceof DpEvent.EpsilonDelta) {
        addLeaf(Leaf.of(event, 1.0), count);
      } else if (event instanceof DpEvent.PoissonSampled s) {
        double q = s.samplingProbability();
        DpEvent inner = s.event();
        if (inner instanceof DpEvent.NoOp) {
          return; // PoissonSampled of NoOp spends nothing.
        }
        if (q == 1.0 || inner instanceof DpEvent.EpsilonDelta) {
          collect(inner, count); // EpsilonDelta is supported only with q == 1
        } else {
          addLeaf(Leaf.of(inner, q), count);
        }
      } else if (event instanceof DpEvent.SelfComposed self) {
        collect(self.event(), multiply(count, self.count()));
      } else if (event instanceof DpEvent.Composed composed) {
        for (DpEvent e : composed.events()) {
          collect(e, count);
        }
      }
    }

    private void addLeaf(Leaf leaf, long count) {
      leaves.merge(leaf, count, (a, b) -> addCounts(a, b));
    }

    private static long addCounts(long a, long b) {
      try {
        return Math.addExact(a, b);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "count must be <= " + Long.MAX_VALUE + " in total. Provided value: " + a + " + " + b);
      }
    }

    private static long multiply(long a, long b) {
      try {
        return Math.multiplyExact(a, b);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "count must be <= " + Long.MAX_VALUE + " in total. Provided value: " + a + " * " + b);
      }
    }
  }

  /** Builder for a {@link PldAccountant} with non-default settings. */
  public static final class Builder {
    private double valueDiscretizationInterval = DEFAULT_VALUE_DISCRETIZATION_INTERVAL;
    private double tailMassTruncation = DEFAULT_TAIL_MASS_TRUNCATION;

    private Builder() {}

    /**
     * Grid width of the privacy loss, in (0, 1]. Smaller is tighter and slower (memory and time
     * grow about linearly in 1/d).
     */
    public Builder valueDiscretizationInterval(double interval) {
      this.valueDiscretizationInterval = checkInterval(interval);
      return this;
    }

    /** Mass each composition may move to infinite loss, in (0, 0.001]; it is added to delta. */
    public Builder tailMassTruncation(double tailMass) {
      this.tailMassTruncation = checkTailMass(tailMass);
      return this;
    }

    public PldAccountant build() {
      return new PldAccountant(valueDiscretizationInterval, tailMassTruncation);
    }
  }
}
