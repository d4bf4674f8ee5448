package se.tillit.fl.protocol;

import java.util.Arrays;
import java.util.Objects;
import se.tillit.fl.protocol.internal.Checks;
import se.tillit.fl.protocol.internal.Shapes;

/**
 * Name, element type and shape of a tensor, without its data.
 *
 * @param name 1 to 256 characters, no control characters
 * @param dtype element type
 * @param shape elements per dimension, each {@code >= 0}, row-major; empty for a scalar. The
 *     data may be at most {@link #MAX_BYTES} bytes. Copied in and out.
 */
public record TensorSpec(String name, DType dtype, long[] shape) {
  /** Largest tensor data, in bytes (the largest Java array); models may hold many tensors. */
  public static final long MAX_BYTES = Shapes.MAX_TENSOR_BYTES;

  public TensorSpec {
    Checks.checkName("tensor name", name);
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    shape = shape.clone();
    long elements = Shapes.elementCountOrMinusOne(shape);
    if (elements < 0) {
      throw new IllegalArgumentException(
          "shape of tensor " + Checks.describeName(name)
              + " must have dimensions >= 0 whose product fits in a long. Provided value: "
              + Shapes.toString(shape));
    }
    if (elements > MAX_BYTES / dtype.byteSize()) {
      throw new IllegalArgumentException(
          "size of tensor " + Checks.describeName(name) + " must be <= " + MAX_BYTES
              + " bytes. Provided value: " + elements + " elements of " + dtype);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements (1 for a scalar). */
  public long elementCount() {
    return Shapes.elementCountOrMinusOne(shape);
  }

  /** Size of the data in bytes. */
  public int byteLength() {
    return (int) (elementCount() * dtype.byteSize());
  }

  /** The spec as the wire's TensorSpec. */
  public se.tillit.fl.protocol.v1.TensorSpec toProto() {
    se.tillit.fl.protocol.v1.TensorSpec.Builder b =
        se.tillit.fl.protocol.v1.TensorSpec.newBuilder().setName(name).setDtype(dtype.toProto());
    for (long d : shape) {
      b.addShape(d);
    }
    return b.build();
  }

  /**
   * The spec a wire TensorSpec describes.
   *
   * @throws ProtocolException (MALFORMED) for an invalid name, unknown dtype, negative dimension or
   *     overflowing shape; (OVERSIZED) for more than {@link #MAX_BYTES} bytes
   */
  public static TensorSpec fromProto(se.tillit.fl.protocol.v1.TensorSpec proto)
      throws ProtocolException {
    return fromWire(proto.getName(), proto.getDtype(), Shapes.toArray(proto.getShapeList()));
  }

  /** Validates wire values; see {@link #fromProto}. */
  static TensorSpec fromWire(String name, se.tillit.fl.protocol.v1.DType wireType, long[] shape)
      throws ProtocolException {
    if (!Checks.isValidName(name)) {
      throw new ProtocolException(
          se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MALFORMED,
          "tensor name must be 1 to " + Checks.MAX_NAME_LENGTH
              + " characters without control characters. Provided value: a string of length "
              + name.length());
    }
    DType dtype = DType.fromProto(wireType);
    long elements = Shapes.elementCountOrMinusOne(shape);
    if (elements < 0) {
      throw new ProtocolException(
          se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MALFORMED,
          "shape of tensor " + Checks.describeName(name)
              + " must have dimensions >= 0 whose product fits in a long. Provided value: "
              + Shapes.toString(shape));
    }
    long limit = MAX_BYTES;
    if (elements > limit / dtype.byteSize()) {
      throw new ProtocolException(
          se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_OVERSIZED,
          "size of tensor " + Checks.describeName(name) + " must be <= " + limit
              + " bytes. Provided value: " + Shapes.toString(shape) + " " + dtype + " = "
              + elements * dtype.byteSize()
              + " bytes");
    }
    return new TensorSpec(name, dtype, shape);
  }

  /** Whether name, dtype and shape are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec other
        && name.equals(other.name)
        && dtype == other.dtype
        && Arrays.equals(shape, other.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return "TensorSpec[name=" + Checks.describeName(name) + ", dtype=" + dtype + ", shape="
        + Shapes.toString(shape) + "]";
  }
}
