package se.tillit.fl.coordinator.strategy.internal;

import java.util.ArrayList;
import java.util.List;
import se.tillit.fl.coordinator.strategy.ClientUpdate;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;

/** Flat-vector helpers shared by the strategies. Internal: not part of the public API. */
public final class Vectors {
  private Vectors() {}

  /**
   * {@code global + step}, as a model with the global model's layout. Floating-point tensors take
   * the sum rounded to their type; integer tensors take it rounded to the nearest integer (ties to
   * even) and clamped to the type's range, since an average of integer deltas is rarely integral.
   *
   * @throws IllegalArgumentException if {@code step} has the wrong length or a non-finite value
   */
  public static ModelParameters apply(ModelParameters global, double[] step) {
    double[] flat = global.toFlatDoubles();
    if (flat.length != step.length) {
      throw new IllegalArgumentException(
          "update length must equal the model's element count " + flat.length
              + ". Provided value: " + step.length);
    }
    for (int i = 0; i < flat.length; i++) {
      if (!Double.isFinite(step[i])) {
        throw new IllegalArgumentException(
            "the aggregated update must be finite. Provided value: a non-finite entry at index "
                + i);
      }
      flat[i] += step[i];
    }
    int offset = 0;
    for (Tensor t : global.tensors()) {
      int n = (int) t.elementCount();
      switch (t.dtype()) {
        case INT32 -> roundAndClamp(flat, offset, n, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case INT64 -> roundAndClamp(flat, offset, n, -0x1p63, Math.nextDown(0x1p63));
        default -> { }
      }
      offset += n;
    }
    return global.withFlatDoubles(flat);
  }

  private static void roundAndClamp(double[] v, int from, int n, double min, double max) {
    for (int i = from; i < from + n; i++) {
      v[i] = Math.max(min, Math.min(max, Math.rint(v[i])));
    }
  }

  /**
   * Each individual update's flat vector, checked against the global model's layout.
   *
   * @throws IllegalStateException if there are none (the coordinator did not pass individual
   *     updates to a strategy that needs them)
   * @throws IllegalArgumentException if an update's layout differs from the global model's
   */
  public static List<double[]> individualDeltas(
      String strategy, ModelParameters global, List<ClientUpdate> updates) {
    if (updates.isEmpty()) {
      throw new IllegalStateException(
          strategy + " needs each client's update (needsIndividualUpdates() is true), but the"
              + " round's updates hold none");
    }
    List<double[]> out = new ArrayList<>(updates.size());
    for (ClientUpdate u : updates) {
      if (!u.delta().sameLayoutAs(global)) {
        throw new IllegalArgumentException(
            "update of client " + u.clientId() + " must have the global model's layout");
      }
      double[] d = u.delta().toFlatDoubles();
      for (double x : d) {
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException(
              "update of client " + u.clientId() + " must hold only finite values");
        }
      }
      out.add(d);
    }
    return out;
  }

  /** Checks that the sum has the model's element count. */
  public static void checkLength(double[] v, ModelParameters global) {
    if (v.length != global.totalElements()) {
      throw new IllegalArgumentException(
          "aggregated sum length must equal the model's element count " + global.totalElements()
              + ". Provided value: " + v.length);
    }
  }
}
