package se.tillit.fl.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import se.tillit.fl.protocol.v1.ArrayRecord;

/**
 * A model's parameters (or an update to them): named tensors in a fixed order, names unique.
 * The order is the order on the wire and in {@link #toFlatDoubles()}.
 *
 * @param tensors the tensors, in order; copied into an unmodifiable list
 */
public record ModelParameters(List<Tensor> tensors) {
  public ModelParameters {
    tensors = List.copyOf(tensors);
    Set<String> names = new HashSet<>();
    for (Tensor t : tensors) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(
            "tensor names must be unique. Provided value: '" + t.name() + "' twice");
      }
    }
  }

  /** The tensors given, in that order. */
  public static ModelParameters of(Tensor... tensors) {
    return new ModelParameters(List.of(tensors));
  }

  /** A model with no tensors (e.g. the update of an evaluation result). */
  public static ModelParameters empty() {
    return new ModelParameters(List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The number of tensors. */
  public int size() {
    return tensors.size();
  }

  /** The tensor with this name, if any. */
  public Optional<Tensor> find(String name) {
    for (Tensor t : tensors) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The tensor with this name; {@link IllegalArgumentException} if there is none. */
  public Tensor get(String name) {
    return find(name).orElseThrow(
        () -> new IllegalArgumentException("no tensor named '" + name + "' in " + names()));
  }

  /** Tensor names in order. */
  public List<String> names() {
    List<String> out = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      out.add(t.name());
    }
    return out;
  }

  /** An unmodifiable name-to-tensor map in tensor order. */
  public Map<String, Tensor> asMap() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      out.put(t.name(), t);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Names, types and shapes in order: the layout that an update must match. */
  public List<TensorSpec> specs() {
    List<TensorSpec> out = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      out.add(t.spec());
    }
    return List.copyOf(out);
  }

  /** Whether {@code other} has the same names, types and shapes in the same order. */
  public boolean sameLayoutAs(ModelParameters other) {
    return specs().equals(other.specs());
  }

  /** Total data size in bytes. */
  public long totalBytes() {
    long sum = 0;
    for (Tensor t : tensors) {
      sum += t.byteLength();
    }
    return sum;
  }

  /** Total number of elements. */
  public long totalElements() {
    long sum = 0;
    for (Tensor t : tensors) {
      sum += t.elementCount();
    }
    return sum;
  }

  /** The layout as the wire's ArrayRecord, which announces the tensors before their chunks. */
  public ArrayRecord toArrayRecord() {
    ArrayRecord.Builder b = ArrayRecord.newBuilder();
    for (Tensor t : tensors) {
      b.addTensors(t.spec().toProto());
    }
    return b.build();
  }

  /**
   * All values, tensor after tensor, as one vector of doubles (what aggregation and clipping work
   * on). Exact for FLOAT32, FLOAT64 and INT32 tensors.
   *
   * @throws IllegalStateException if the model has more than {@code Integer.MAX_VALUE - 8} elements
   */
  public double[] toFlatDoubles() {
    long n = totalElements();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "model has " + n + " elements, more than one double[] can hold");
    }
    double[] out = new double[(int) n];
    int offset = 0;
    for (Tensor t : tensors) {
      t.copyAsDoubles(out, offset);
      offset += (int) t.elementCount();
    }
    return out;
  }

  /**
   * A model with this layout holding {@code flat} (as from {@link #toFlatDoubles()}), each value
   * converted to its tensor's type: rounded to nearest for FLOAT32; for integer types the value
   * must be an integer in the type's range.
   *
   * @throws IllegalArgumentException if the length differs from {@link #totalElements()}, or an
   *     integer tensor gets a non-integral or out-of-range value
   */
  public ModelParameters withFlatDoubles(double[] flat) {
    if (flat.length != totalElements()) {
      throw new IllegalArgumentException(
          "flat vector length must equal the model's element count " + totalElements()
              + ". Provided value: " + flat.length);
    }
    List<Tensor> out = new ArrayList<>(tensors.size());
    int offset = 0;
    for (Tensor t : tensors) {
      int n = (int) t.elementCount();
      long[] shape = t.shape();
      switch (t.dtype()) {
        case FLOAT64 -> out.add(Tensor.ofDoubles(t.name(), shape, slice(flat, offset, n)));
        case FLOAT32 -> {
          float[] v = new float[n];
          for (int i = 0; i < n; i++) {
            v[i] = (float) flat[offset + i];
          }
          out.add(Tensor.ofFloats(t.name(), shape, v));
        }
        case INT32 -> {
          int[] v = new int[n];
          for (int i = 0; i < n; i++) {
            v[i] = (int) exactInteger(t, flat[offset + i], Integer.MIN_VALUE, 0x1p31);
          }
          out.add(Tensor.ofInts(t.name(), shape, v));
        }
        case INT64 -> {
          long[] v = new long[n];
          for (int i = 0; i < n; i++) {
            v[i] = exactInteger(t, flat[offset + i], -0x1p63, 0x1p63);
          }
          out.add(Tensor.ofLongs(t.name(), shape, v));
        }
        default -> throw new AssertionError(t.dtype());
      }
      offset += n;
    }
    return new ModelParameters(out);
  }

  private static double[] slice(double[] a, int from, int n) {
    double[] out = new double[n];
    System.arraycopy(a, from, out, 0, n);
    return out;
  }

  private static long exactInteger(Tensor t, double v, double min, double maxExclusive) {
    if (v != Math.rint(v) || !(v >= min && v < maxExclusive)) {
      throw new IllegalArgumentException(
          "values for " + t.dtype() + " tensor '" + t.name()
              + "' must be integers in the type's range");
    }
    return (long) v;
  }

  /** Tensor names, types and shapes; never the data. */
  @Override
  public String toString() {
    return "ModelParameters[" + tensors.size() + " tensors, " + totalBytes() + " bytes: "
        + specs() + "]";
  }

  /** Collects tensors in order. */
  public static final class Builder {
    private final List<Tensor> tensors = new ArrayList<>();

    private Builder() {}

    public Builder add(Tensor tensor) {
      tensors.add(tensor);
      return this;
    }

    public Builder addFloats(String name, long[] shape, float[] values) {
      return add(Tensor.ofFloats(name, shape, values));
    }

    public Builder addDoubles(String name, long[] shape, double[] values) {
      return add(Tensor.ofDoubles(name, shape, values));
    }

    /** @throws IllegalArgumentException if two tensors share a name */
    public ModelParameters build() {
      return new ModelParameters(tensors);
    }
  }
}
