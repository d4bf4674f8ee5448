package se.tillit.dp.ledger;

import se.tillit.dp.DpPreconditions;

/**
 * The total (epsilon, delta) a dataset may spend over its lifetime. Spending is measured as the
 * epsilon that a privacy accountant certifies, at this {@code delta}, for the composition of every
 * release made from the dataset.
 *
 * @param epsilon in (0, infinity)
 * @param delta in (0, 1); typically well below 1 / (number of records)
 */
public record PrivacyBudget(double epsilon, double delta) {
  /** @throws IllegalArgumentException if epsilon or delta is out of range or NaN */
  public PrivacyBudget {
    DpPreconditions.checkPositiveFinite("epsilon budget", epsilon);
    DpPreconditions.checkOpenUnitInterval("delta budget", delta);
  }

  /** {@code new PrivacyBudget(epsilon, delta)}. */
  public static PrivacyBudget of(double epsilon, double delta) {
    return new PrivacyBudget(epsilon, delta);
  }

  @Override
  public String toString() {
    return "(epsilon " + epsilon + ", delta " + delta + ")";
  }
}
