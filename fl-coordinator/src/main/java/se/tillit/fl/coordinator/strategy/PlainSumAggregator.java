package se.tillit.fl.coordinator.strategy;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.TensorSpec;

/**
 * Sums updates in the clear (scheme {@code "plain"}): the coordinator sees each update. The sum is
 * accumulated in double precision, {@code weight * value} per element, whatever the tensors' type.
 *
 * <p>{@link Accumulation#add} validates an update completely before touching the sum, so a
 * rejected update leaves the accumulation as it was: the layout must equal the round's (names,
 * types and shapes in order), every value must be finite, the weight positive and finite, and the
 * client must not have contributed already.
 */
public final class PlainSumAggregator implements Aggregator {
  /** The scheme's name in run files. */
  public static final String SCHEME = "plain";

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Accumulation begin(long round, List<TensorSpec> layout) {
    return new PlainAccumulation(round, layout);
  }

  private static final class PlainAccumulation implements Accumulation {
    private final long round;
    private final List<TensorSpec> layout;
    private final double[] sum;
    private final Set<String> seen = new HashSet<>();
    private final List<String> contributors = new ArrayList<>();
    private double totalWeight;
    private boolean finished;

    PlainAccumulation(long round, List<TensorSpec> layout) {
      this.round = round;
      this.layout = List.copyOf(Objects.requireNonNull(layout, "layout"));
      long n = 0;
      for (TensorSpec s : this.layout) {
        n += s.elementCount();
      }
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "layout must have at most " + (Integer.MAX_VALUE - 8)
                + " elements in all to be summed in one vector. Provided value: " + n);
      }
      this.sum = new double[(int) n];
    }

    @Override
    public void add(String clientId, ModelParameters delta, double weight) {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(delta, "delta");
      if (finished) {
        throw new IllegalStateException("round " + round + "'s sum is finished; no more updates");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "weight of client " + clientId + " must be positive and finite. Provided value: "
                + weight);
      }
      if (seen.contains(clientId)) {
        throw new IllegalArgumentException(
            "client " + clientId + " already contributed to round " + round);
      }
      if (!delta.specs().equals(layout)) {
        throw new IllegalArgumentException(
            "update of client " + clientId + " must have the round's layout " + layout
                + ". Provided value: " + delta.specs());
      }
      for (Tensor t : delta.tensors()) {
        long bad = t.firstNonFiniteIndex();
        if (bad >= 0) {
          throw new IllegalArgumentException(
              "update of client " + clientId + " must hold only finite values. Provided value: "
                  + "a NaN or infinite value in tensor '" + t.name() + "' at index " + bad);
        }
      }
      int offset = 0;
      for (Tensor t : delta.tensors()) {
        int n = (int) t.elementCount();
        switch (t.dtype()) {
          case FLOAT32 -> {
            FloatBuffer v = t.floats();
            for (int i = 0; i < n; i++) {
              sum[offset + i] += weight * v.get(i);
            }
          }
          case FLOAT64 -> {
            DoubleBuffer v = t.doubles();
            for (int i = 0; i < n; i++) {
              sum[offset + i] += weight * v.get(i);
            }
          }
          case INT32 -> {
            IntBuffer v = t.ints();
            for (int i = 0; i < n; i++) {
              sum[offset + i] += weight * v.get(i);
            }
          }
          case INT64 -> {
            LongBuffer v = t.longs();
            for (int i = 0; i < n; i++) {
              sum[offset + i] += weight * (double) v.get(i);
            }
          }
          default -> throw new AssertionError(t.dtype());
        }
        offset += n;
      }
      seen.add(clientId);
      contributors.add(clientId);
      totalWeight += weight;
    }

    @Override
    public WeightedSum finish() {
      if (finished) {
        throw new IllegalStateException("round " + round + "'s sum was already finished");
      }
      finished = true;
      return new WeightedSum(sum, totalWeight, contributors);
    }
  }
}
