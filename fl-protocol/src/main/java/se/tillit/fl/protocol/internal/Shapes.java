package se.tillit.fl.protocol.internal;

import java.util.Arrays;
import java.util.List;

/** Shape arithmetic. Internal: not part of the module's API. */
public final class Shapes {
  /**
   * Largest tensor data, in bytes: one tensor lives in one heap buffer, so this is the largest
   * Java array. A model may hold many such tensors.
   */
  public static final int MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

  private Shapes() {}

  /**
   * The number of elements of a shape, or -1 when a dimension is negative or the product exceeds
   * {@code Long.MAX_VALUE / 8} (so that byte lengths cannot overflow either). The empty shape is a
   * scalar: one element.
   */
  public static long elementCountOrMinusOne(long[] shape) {
    long count = 1;
    boolean zero = false;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      if (d == 0) {
        zero = true;
        continue;
      }
      if (count > (Long.MAX_VALUE / 8) / d) {
        return -1;
      }
      count *= d;
    }
    return zero ? 0 : count;
  }

  /** Same as {@link #elementCountOrMinusOne(long[])} for a protobuf repeated field. */
  public static long elementCountOrMinusOne(List<Long> shape) {
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i);
    }
    return elementCountOrMinusOne(dims);
  }

  public static long[] toArray(List<Long> shape) {
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i);
    }
    return dims;
  }

  /** The shape as {@code [2, 3]}; long shapes are abbreviated. */
  public static String toString(long[] shape) {
    if (shape.length <= 16) {
      return Arrays.toString(shape);
    }
    return Arrays.toString(Arrays.copyOf(shape, 16)).replace("]", ", ... (rank " + shape.length + ")]");
  }
}
