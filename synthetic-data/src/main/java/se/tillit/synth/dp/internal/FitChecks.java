package se.tillit.synth.dp.internal;

import java.security.SecureRandom;
import se.tillit.dp.DpPreconditions;
import se.tillit.synth.data.EncodedData;

/** Argument checks shared by the DP synthesizers' fit methods. */
public final class FitChecks {
  private FitChecks() {}

  public static void check(EncodedData data, double epsilon, double delta, SecureRandom random) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null. Provided value: null");
    }
    if (data.columnCount() == 0) {
      throw new IllegalArgumentException("data must have at least one column. Provided value: 0");
    }
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
    if (random == null) {
      throw new IllegalArgumentException("random must not be null. Provided value: null");
    }
  }
}
