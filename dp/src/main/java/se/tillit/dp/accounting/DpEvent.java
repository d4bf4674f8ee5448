package se.tillit.dp.accounting;

import java.util.List;
import se.tillit.dp.DpPreconditions;

/**
 * A differentially private event: a description of a mechanism run on a dataset, independent of any
 * accountant. Modelled after Google's dp_accounting {@code DpEvent}: an accountant composes events
 * to answer (epsilon, delta) questions, and a budget ledger stores events so it can recompose them.
 *
 * <p>Noise parameters are given relative to sensitivity 1 (a "noise multiplier"): a Gaussian
 * event with multiplier s adds N(0, s^2 * sensitivity^2) noise. Neighbouring relation: add/remove
 * one record; accountants take the worse of the two directions.
 */
public sealed interface DpEvent
    permits DpEvent.Gaussian,
        DpEvent.Laplace,
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

  /** DP-SGD: {@code steps} Poisson-subsampled Gaussian steps. */
  static DpEvent dpSgd(double noiseMultiplier, double samplingRate, long steps) {
    DpPreconditions.checkSteps(steps);
    return new SelfComposed(new PoissonSampled(samplingRate, new Gaussian(noiseMultiplier)), steps);
  }
}
