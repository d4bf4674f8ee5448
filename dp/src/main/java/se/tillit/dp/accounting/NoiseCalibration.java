package se.tillit.dp.accounting;

import java.util.function.DoubleFunction;
import se.tillit.dp.DpPreconditions;

/**
 * Finds the smallest noise multiplier that meets a privacy target, with any {@link
 * PrivacyAccountant}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Never overshoots.</b> The returned noise multiplier was itself evaluated by the
 *       accountant and its epsilon is {@code <= targetEpsilon}: it is the upper end of the final
 *       bracket, never an interpolated point.
 *   <li><b>Tight.</b> The bisection runs on a logarithmic scale until the bracket's ends differ by
 *       at most a factor {@code 1 + }{@value #RELATIVE_TOLERANCE}; the lower end was evaluated and
 *       exceeds the target. So a noise multiplier smaller than the returned one by more than that
 *       relative tolerance exceeds the target, provided epsilon does not increase with noise (true
 *       for the RDP and PLD accountants on the events of this module).
 *   <li><b>Bounded search.</b> Noise multipliers are searched in [{@value #MIN_NOISE_MULTIPLIER},
 *       {@value #MAX_NOISE_MULTIPLIER}]. If even the largest one does not reach the target an
 *       {@link IllegalArgumentException} says so; if the smallest one already meets it, the
 *       smallest is returned.
 * </ul>
 *
 * <p>Cost: about 15 to 35 epsilon evaluations.
 */
public final class NoiseCalibration {

  /** Relative precision of the result: the bracket's ends differ by at most this factor minus 1. */
  public static final double RELATIVE_TOLERANCE = 1e-4;

  /** Largest noise multiplier tried (the same limit as Opacus' {@code MAX_SIGMA}). */
  public static final double MAX_NOISE_MULTIPLIER = 1e6;

  /** Smallest noise multiplier tried; returned when even it meets the target. */
  public static final double MIN_NOISE_MULTIPLIER = 1e-3;

  private NoiseCalibration() {}

  /**
   * The smallest noise multiplier for DP-SGD ({@code steps} Poisson-subsampled Gaussian steps,
   * {@link DpEvent#dpSgd}) whose epsilon at {@code delta} is at most {@code targetEpsilon}.
   *
   * @param accountant any accountant that supports DP-SGD events
   * @param targetEpsilon > 0 and finite
   * @param delta in (0, 1)
   * @param samplingRate in (0, 1]
   * @param steps >= 1
   * @throws IllegalArgumentException on a bad parameter, or if no noise multiplier up to {@link
   *     #MAX_NOISE_MULTIPLIER} reaches the target
   */
  public static double calibrateDpSgd(
      PrivacyAccountant accountant,
      double targetEpsilon,
      double delta,
      double samplingRate,
      long steps) {
    DpPreconditions.checkSamplingRate(samplingRate);
    DpPreconditions.checkSteps(steps);
    return calibrate(
        noise -> DpEvent.dpSgd(noise, samplingRate, steps), accountant, targetEpsilon, delta);
  }

  /**
   * The smallest noise multiplier {@code s} (to {@link #RELATIVE_TOLERANCE}) such that {@code
   * accountant.epsilon(eventForNoise.apply(s), delta) <= targetEpsilon}.
   *
   * @param eventForNoise builds the event for a noise multiplier; epsilon should not increase
   *     with the noise multiplier
   * @param accountant any accountant that supports the events built
   * @param targetEpsilon > 0 and finite
   * @param delta in (0, 1)
   * @throws IllegalArgumentException on a bad parameter, if the accountant does not support the
   *     event, or if no noise multiplier up to {@link #MAX_NOISE_MULTIPLIER} reaches the target
   */
  public static double calibrate(
      DoubleFunction<DpEvent> eventForNoise,
      PrivacyAccountant accountant,
      double targetEpsilon,
      double delta) {
    if (eventForNoise == null) {
      throw new IllegalArgumentException("eventForNoise must not be null. Provided value: null");
    }
    if (accountant == null) {
      throw new IllegalArgumentException("accountant must not be null. Provided value: null");
    }
    DpPreconditions.checkPositiveFinite("target epsilon", targetEpsilon);
    DpPreconditions.checkDelta(delta);
    Objective objective = new Objective(eventForNoise, accountant, targetEpsilon, delta);

    // Bracket: hi meets the target, lo does not (both evaluated).
    double hi = 1.0;
    double lo;
    if (objective.meets(hi)) {
      lo = hi;
      do {
        hi = lo;
        if (hi <= MIN_NOISE_MULTIPLIER) {
          return hi;
        }
        lo = Math.max(hi / 2.0, MIN_NOISE_MULTIPLIER);
      } while (objective.meets(lo));
    } else {
      do {
        lo = hi;
        if (lo >= MAX_NOISE_MULTIPLIER) {
          throw new IllegalArgumentException(
              "target epsilon must be reachable with a noise multiplier <= "
                  + MAX_NOISE_MULTIPLIER
                  + " (at delta = "
                  + delta
                  + " that noise still gives epsilon = "
                  + objective.lastEpsilon
                  + " with accountant "
                  + accountant.name()
                  + "). Provided value: "
                  + targetEpsilon);
        }
        hi = Math.min(lo * 2.0, MAX_NOISE_MULTIPLIER);
      } while (!objective.meets(hi));
    }

    // Bisect on a log scale, keeping the invariant.
    while (hi > lo * (1.0 + RELATIVE_TOLERANCE)) {
      double mid = Math.sqrt(lo * hi);
      if (!(mid > lo && mid < hi)) {
        break; // no representable point left between them
      }
      if (objective.meets(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** Evaluates epsilon for a noise multiplier; remembers the last value for error messages. */
  private static final class Objective {
    private final DoubleFunction<DpEvent> eventForNoise;
    private final PrivacyAccountant accountant;
    private final double targetEpsilon;
    private final double delta;
    private double lastEpsilon = Double.NaN;

    Objective(
        DoubleFunction<DpEvent> eventForNoise,
        PrivacyAccountant accountant,
        double targetEpsilon,
        double delta) {
      this.eventForNoise = eventForNoise;
      this.accountant = accountant;
      this.targetEpsilon = targetEpsilon;
      this.delta = delta;
    }

    boolean meets(double noise) {
      DpEvent event = eventForNoise.apply(noise);
      if (event == null) {
        throw new IllegalArgumentException(
            "eventForNoise must return an event. Provided value: null (for noise multiplier "
                + noise
                + ")");
      }
      if (!accountant.supports(event)) {
        // Let the accountant say what it does not support, if it will.
        accountant.epsilon(event, delta);
        throw new IllegalArgumentException(
            "accountant " + accountant.name() + " does not support the event. Provided value: "
                + event.getClass().getSimpleName());
      }
      lastEpsilon = accountant.epsilon(event, delta);
      // NaN counts as not meeting the target.
      return lastEpsilon <= targetEpsilon;
    }
  }
}
