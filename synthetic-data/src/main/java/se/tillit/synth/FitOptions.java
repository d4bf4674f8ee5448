package se.tillit.synth;

import java.security.SecureRandom;
import java.util.function.DoubleConsumer;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;

/**
 * Options of a fit: the privacy budget for DP methods (epsilon, delta), the randomness, and a
 * progress callback (fraction done in [0, 1]).
 */
public record FitOptions(Double epsilon, Double delta, SecureRandom random, DoubleConsumer progress) {
  public FitOptions {
    if (epsilon != null) {
      DpPreconditions.checkEpsilon(epsilon);
    }
    if (delta != null) {
      DpPreconditions.checkDelta(delta);
    }
    random = random == null ? Randomness.secure() : random;
    progress = progress == null ? f -> {} : progress;
  }

  /** Options for a non-DP method. */
  public static FitOptions nonPrivate(SecureRandom random) {
    return new FitOptions(null, null, random, null);
  }

  /** Options for a DP method. */
  public static FitOptions dp(double epsilon, double delta, SecureRandom random) {
    return new FitOptions(epsilon, delta, random, null);
  }

  public FitOptions withProgress(DoubleConsumer progress) {
    return new FitOptions(epsilon, delta, random, progress);
  }
}
