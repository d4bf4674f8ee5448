package se.tillit.synth;

import java.security.SecureRandom;
import java.util.function.DoubleConsumer;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;

/**
 * Options of a fit: the privacy budget for DP methods (epsilon, delta), the randomness, a progress
 * callback (fraction done in [0, 1]), and optionally the target: the column a model trained on
 * the synthetic data will predict. The target is a hint from the analyst (public knowledge, not
 * read from the data); MST uses it to measure the target's dependence on every other column
 * ({@link se.tillit.synth.dp.MstSynthesizer.Builder#target}), the other methods ignore it. A fit
 * whose schema has no column of that name fails with an IllegalArgumentException.
 */
public record FitOptions(
    Double epsilon, Double delta, SecureRandom random, DoubleConsumer progress, String target) {
  public FitOptions {
    if (epsilon != null) {
      DpPreconditions.checkEpsilon(epsilon);
    }
    if (delta != null) {
      DpPreconditions.checkDelta(delta);
    }
    if (target != null && target.isBlank()) {
      throw new IllegalArgumentException(
          "target must be a column name or null. Provided value: a blank name");
    }
    random = random == null ? Randomness.secure() : random;
    progress = progress == null ? f -> {} : progress;
  }

  /** Options without a target. */
  public FitOptions(Double epsilon, Double delta, SecureRandom random, DoubleConsumer progress) {
    this(epsilon, delta, random, progress, null);
  }

  /** Options for a non-DP method. */
  public static FitOptions nonPrivate(SecureRandom random) {
    return new FitOptions(null, null, random, null, null);
  }

  /** Options for a DP method. */
  public static FitOptions dp(double epsilon, double delta, SecureRandom random) {
    return new FitOptions(epsilon, delta, random, null, null);
  }

  public FitOptions withProgress(DoubleConsumer progress) {
    return new FitOptions(epsilon, delta, random, progress, target);
  }

  /** These options with target column {@code target} (null: none). */
  public FitOptions withTarget(String target) {
    return new FitOptions(epsilon, delta, random, progress, target);
  }
}
