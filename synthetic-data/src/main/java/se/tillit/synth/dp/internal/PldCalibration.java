package se.tillit.synth.dp.internal;

import java.util.function.DoubleFunction;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;

/**
 * Stretches a zCDP budget plan to the whole (epsilon, delta) budget as the PLD accountant composes
 * it. The zCDP plan of MST (rho from the Canonne-Kamath-Steinke conversion, each
 * exponential-mechanism run planned as a dominating Gaussian) is valid but loose: the PLD
 * accountant, which composes the recorded events nearly exactly, finds it spends only about 0.88
 * epsilon at epsilon 1. A plan that is known in full before any data is read (a fixed list of
 * events for a given scale of rho) can therefore be scaled up by bisection until its PLD epsilon
 * reaches the budget. The search reads no data.
 */
public final class PldCalibration {
  private static final int STEPS = 12;

  private PldCalibration() {}

  /**
   * The largest scale s (to within 2^-12 relative, at most 4) whose plan {@code plan.apply(s)}
   * has PLD epsilon at delta of at most {@code epsilon}; s below 1 when even the unscaled plan
   * exceeds it; 1 when the accountant cannot handle the plan at scale 1.
   */
  public static double largestScale(DoubleFunction<DpEvent> plan, double epsilon, double delta) {
    PldAccountant pld = new PldAccountant();
    Boolean atOne = fits(pld, plan.apply(1.0), epsilon, delta);
    if (atOne == null) {
      return 1.0;
    }
    double lo;
    double hi;
    if (atOne) {
      lo = 1.0;
      hi = 2.0;
      while (hi < 4 && Boolean.TRUE.equals(fits(pld, plan.apply(hi), epsilon, delta))) {
        lo = hi;
        hi *= 2;
      }
      if (hi >= 4 && lo == hi / 2 && Boolean.TRUE.equals(fits(pld, plan.apply(hi), epsilon,
          delta))) {
        return hi;
      }
    } else {
      lo = 0.0;
      hi = 1.0;
    }
    for (int i = 0; i < STEPS; i++) {
      double mid = (lo + hi) / 2;
      if (Boolean.TRUE.equals(fits(pld, plan.apply(mid), epsilon, delta))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The largest scale s of at most 1 (to within 2^-12 relative below 1) whose plan has PLD
   * epsilon at delta of at most {@code epsilon}: 1 when the plan at scale 1 fits (one evaluation:
   * the usual case when the plan's events were calibrated before with a similar plan), else found
   * by bisection; 1 when the accountant cannot handle the plan at scale 1.
   */
  public static double largestScaleUpToOne(
      DoubleFunction<DpEvent> plan, double epsilon, double delta) {
    PldAccountant pld = new PldAccountant();
    Boolean atOne = fits(pld, plan.apply(1.0), epsilon, delta);
    if (atOne == null || atOne) {
      return 1.0;
    }
    double lo = 0.0;
    double hi = 1.0;
    // usually only just over: try a narrow bracket first
    if (Boolean.TRUE.equals(fits(pld, plan.apply(0.95), epsilon, delta))) {
      lo = 0.95;
    } else {
      hi = 0.95;
    }
    for (int i = 0; i < STEPS; i++) {
      double mid = (lo + hi) / 2;
      if (Boolean.TRUE.equals(fits(pld, plan.apply(mid), epsilon, delta))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** True or false, or null when the accountant refuses the event (too fine a distribution). */
  private static Boolean fits(PldAccountant pld, DpEvent event, double epsilon, double delta) {
    try {
      return pld.epsilon(event, delta) <= epsilon;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
