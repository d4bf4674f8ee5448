package se.tillit.dp.accounting;

import java.util.List;
import se.tillit.dp.DpPreconditions;

/**
 * A differentially private event: a description of a mechanism run on a dataset, independent of any
 * accountant. Modelled after Google's dp_accounting {@code DpEvent}: an accountant composes events
 * to answer (epsilon, delta) questions, and a budget ledger stores events so it can recompose them.
 *
 * <p>The continuous events give their noise relative to sensitivity 1 (a "noise multiplier"): a
 * Gaussian event with multiplier s adds N(0, s^2 * sensitivity^2) noise. The discrete events
 * ({@link DiscreteGaussian}, {@link DiscreteLaplace}) act on integers, so they carry the noise
 * parameter itself and the integer sensitivity. {@link EpsilonDelta} describes a mechanism only by
 * its (epsilon, delta) guarantee. Neighbouring relation: add/remove one record; accountants take
 * the worse of the two directions.
 */
public sealed interface DpEvent
    permits DpEvent.Gaussian,
        DpEvent.Laplace,
        DpEvent.DiscreteGaussian,
        DpEvent.DiscreteLaplace,
        DpEvent.EpsilonDelta,
        DpEvent.PoissonSampled,
        DpEvent.SelfComposed,
        DpEvent.Composed,
        DpEvent.NoOp {

  /** Gaussian mechanism with sensitivity 1 and standard deviation {@code noiseMultiplier}. */
  record Gaussian(double noiseMultiplier) implements DpEvent {
    public Gaussian {
      DpPreconditions.checkNoiseMultiplier(noiseMultiplier);
    }
  }

  /** Laplace mechanism with sensitivity 1 (L1) and scale {@code b = noiseMultiplier}. */
  record Laplace(double noiseMultiplier) implements DpEvent {
    public Laplace {
      DpPreconditions.checkNoiseMultiplier(noiseMultiplier);
    }
  }

  /**
   * Discrete Gaussian mechanism on an integer-valued scalar query: adds noise {@code N_Z(0,
   * sigma^2)}, with {@code P[Y = y]} proportional to {@code exp(-y^2 / (2 sigma^2))} on the
   * integers, to a query whose value changes by at most {@code sensitivity} (an integer) when one
   * record is added or removed. Unlike {@link Gaussian}, sigma is the noise parameter itself, not
   * relative to the sensitivity.
   *
   * <p>Its Renyi divergences equal those of the continuous Gaussian with noise multiplier {@code
   * sigma / sensitivity} (Canonne, Kamath and Steinke 2020), but its (epsilon, delta) profile is
   * slightly worse at small sigma; a PLD accountant computes it exactly.
   */
  record DiscreteGaussian(double sigma, long sensitivity) implements DpEvent {
    public DiscreteGaussian {
      DpPreconditions.checkPositiveFinite("sigma", sigma);
      checkSensitivity(sensitivity);
    }
  }

  /**
   * Discrete Laplace (two-sided geometric) mechanism on an integer-valued scalar query: adds noise
   * with {@code P[Y = y]} proportional to {@code exp(-|y| / scale)} on the integers, to a query
   * whose value changes by at most {@code sensitivity} (an integer) when one record is added or
   * removed. It is pure {@code (sensitivity / scale)}-DP. Note: dp_accounting's {@code
   * DiscreteLaplaceDpEvent} takes the reciprocal, {@code noise_parameter = 1 / scale}.
   */
  record DiscreteLaplace(double scale, long sensitivity) implements DpEvent {
    public DiscreteLaplace {
      DpPreconditions.checkPositiveFinite("scale", scale);
      checkSensitivity(sensitivity);
    }
  }

  /**
   * A mechanism known only to be (epsilon, delta)-DP, for example the output of another library.
   * Accountants assume the worst such mechanism: with probability delta the record is revealed,
   * otherwise randomised response with parameter epsilon (Kairouz, Oh and Viswanath 2015). With
   * {@code delta = 0} it is a pure epsilon-DP mechanism.
   */
  record EpsilonDelta(double epsilon, double delta) implements DpEvent {
    public EpsilonDelta {
      DpPreconditions.checkNonNegativeFinite("epsilon", epsilon);
      DpPreconditions.checkDeltaAllowZero(delta);
    }
  }

  /**
   * The inner event applied to a Poisson subsample: each record is included independently with
   * probability {@code samplingProbability}.
   */
  record PoissonSampled(double samplingProbability, DpEvent event) implements DpEvent {
    public PoissonSampled {
      DpPreconditions.checkSamplingRate(samplingProbability);
      if (event == null) {
        throw new IllegalArgumentException("event must not be null. Provided value: null");
      }
    }
  }

  /** The same event repeated {@code count} times (adaptive composition). */
  record SelfComposed(DpEvent event, long count) implements DpEvent {
    public SelfComposed {
      if (event == null) {
        throw new IllegalArgumentException("event must not be null. Provided value: null");
      }
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1. Provided value: " + count);
      }
    }
  }

  /** Sequential composition of several events. */
  record Composed(List<DpEvent> events) implements DpEvent {
    public Composed {
      if (events == null) {
        throw new IllegalArgumentException("events must not be null. Provided value: null");
      }
      events = List.copyOf(events);
    }
  }

  /** An event that spends nothing (for example a release of public data). */
  record NoOp() implements DpEvent {}

  private static void checkSensitivity(long sensitivity) {
    if (sensitivity < 1) {
      throw new IllegalArgumentException(
          "sensitivity must be >= 1. Provided value: " + sensitivity);
    }
  }

  /** DP-SGD: {@code steps} Poisson-subsampled Gaussian steps. */
  static DpEvent dpSgd(double noiseMultiplier, double samplingRate, long steps) {
    DpPreconditions.checkSteps(steps);
    return new SelfComposed(new PoissonSampled(samplingRate, new Gaussian(noiseMultiplier)), steps);
  }
}
