package se.tillit.fl.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Objects;

/**
 * A named tensor: a {@link TensorSpec} and its data, held as little-endian bytes in one buffer
 * (the wire format, so sending and receiving need no conversion beyond one copy).
 *
 * <p>Immutable: the factories copy the values given, accessors hand out copies or read-only
 * views. The exception is {@link #wrapLittleEndian}, which takes over a buffer without copying.
 * {@link #equals} compares name, type, shape and data bit for bit (so two NaN with the same bits
 * are equal); {@link #toString} never shows the data.
 */
public final class Tensor {
  private final TensorSpec spec;
  /** Position 0, limit = byte length, little-endian; never handed out writable. */
  private final ByteBuffer data;

  private Tensor(TensorSpec spec, ByteBuffer data) {
    this.spec = spec;
    this.data = data;
  }

  /** A FLOAT32 tensor holding a copy of {@code values} (row-major). */
  public static Tensor ofFloats(String name, long[] shape, float[] values) {
    TensorSpec spec = new TensorSpec(name, DType.FLOAT32, shape);
    checkLength(spec, values.length);
    ByteBuffer b = allocate(spec);
    b.asFloatBuffer().put(values);
    return new Tensor(spec, b);
  }

  /** A FLOAT64 tensor holding a copy of {@code values} (row-major). */
  public static Tensor ofDoubles(String name, long[] shape, double[] values) {
    TensorSpec spec = new TensorSpec(name, DType.FLOAT64, shape);
    checkLength(spec, values.length);
    ByteBuffer b = allocate(spec);
    b.asDoubleBuffer().put(values);
    return new Tensor(spec, b);
  }

  /** An INT32 tensor holding a copy of {@code values} (row-major). */
  public static Tensor ofInts(String name, long[] shape, int[] values) {
    TensorSpec spec = new TensorSpec(name, DType.INT32, shape);
    checkLength(spec, values.length);
    ByteBuffer b = allocate(spec);
    b.asIntBuffer().put(values);
    return new Tensor(spec, b);
  }

  /** An INT64 tensor holding a copy of {@code values} (row-major). */
  public static Tensor ofLongs(String name, long[] shape, long[] values) {
    TensorSpec spec = new TensorSpec(name, DType.INT64, shape);
    checkLength(spec, values.length);
    ByteBuffer b = allocate(spec);
    b.asLongBuffer().put(values);
    return new Tensor(spec, b);
  }

  /** A one-dimensional FLOAT32 tensor (shape {@code [values.length]}). */
  public static Tensor ofFloats(String name, float[] values) {
    return ofFloats(name, new long[] {values.length}, values);
  }

  /** A one-dimensional FLOAT64 tensor (shape {@code [values.length]}). */
  public static Tensor ofDoubles(String name, double[] values) {
    return ofDoubles(name, new long[] {values.length}, values);
  }

  /**
   * A tensor over the {@code remaining()} bytes of {@code littleEndianData}, without a copy: the
   * tensor reads that memory for as long as it lives (it may be a direct buffer, e.g. memory
   * owned by a native library). The caller must not change those bytes afterwards; if it does,
   * chunks and digests computed from this tensor disagree.
   *
   * @throws IllegalArgumentException if the remaining bytes are not exactly the spec's byte length
   */
  public static Tensor wrapLittleEndian(TensorSpec spec, ByteBuffer littleEndianData) {
    Objects.requireNonNull(spec, "spec");
    if (littleEndianData.remaining() != spec.byteLength()) {
      throw new IllegalArgumentException(
          "data of tensor '" + spec.name() + "' must be exactly " + spec.byteLength()
              + " bytes for " + spec + ". Provided value: " + littleEndianData.remaining()
              + " bytes");
    }
    return new Tensor(spec, littleEndianData.slice().order(ByteOrder.LITTLE_ENDIAN));
  }

  private static void checkLength(TensorSpec spec, int length) {
    if (length != spec.elementCount()) {
      throw new IllegalArgumentException(
          "number of values of tensor '" + spec.name() + "' must equal the shape's element count "
              + spec.elementCount() + ". Provided value: " + length);
    }
  }

  private static ByteBuffer allocate(TensorSpec spec) {
    return ByteBuffer.allocate(spec.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
  }

  public TensorSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public DType dtype() {
    return spec.dtype();
  }

  /** Elements per dimension (a copy). */
  public long[] shape() {
    return spec.shape();
  }

  public long elementCount() {
    return spec.elementCount();
  }

  public int byteLength() {
    return spec.byteLength();
  }

  /** A read-only little-endian view of the data, position 0; no copy. */
  public ByteBuffer data() {
    return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The buffer itself, for this package's codec only: never hand it out. */
  ByteBuffer rawData() {
    return data;
  }

  /** A read-only view of a FLOAT32 tensor's values; no copy. */
  public FloatBuffer floats() {
    requireType(DType.FLOAT32);
    return data().asFloatBuffer();
  }

  /** A read-only view of a FLOAT64 tensor's values; no copy. */
  public DoubleBuffer doubles() {
    requireType(DType.FLOAT64);
    return data().asDoubleBuffer();
  }

  /** A read-only view of an INT32 tensor's values; no copy. */
  public IntBuffer ints() {
    requireType(DType.INT32);
    return data().asIntBuffer();
  }

  /** A read-only view of an INT64 tensor's values; no copy. */
  public LongBuffer longs() {
    requireType(DType.INT64);
    return data().asLongBuffer();
  }

  /** A copy of a FLOAT32 tensor's values. */
  public float[] toFloatArray() {
    FloatBuffer f = floats();
    float[] out = new float[f.remaining()];
    f.get(out);
    return out;
  }

  /** The values as doubles, whatever the type (exact for FLOAT32, FLOAT64 and INT32). */
  public double[] toDoubleArray() {
    double[] out = new double[(int) elementCount()];
    copyAsDoubles(out, 0);
    return out;
  }

  /** Writes the values as doubles into {@code target} from {@code offset}; see toDoubleArray. */
  void copyAsDoubles(double[] target, int offset) {
    ByteBuffer d = data();
    int n = (int) elementCount();
    switch (dtype()) {
      case FLOAT64 -> d.asDoubleBuffer().get(target, offset, n);
      case FLOAT32 -> {
        FloatBuffer f = d.asFloatBuffer();
        for (int i = 0; i < n; i++) {
          target[offset + i] = f.get(i);
        }
      }
      case INT32 -> {
        IntBuffer v = d.asIntBuffer();
        for (int i = 0; i < n; i++) {
          target[offset + i] = v.get(i);
        }
      }
      case INT64 -> {
        LongBuffer v = d.asLongBuffer();
        for (int i = 0; i < n; i++) {
          target[offset + i] = v.get(i);
        }
      }
      default -> throw new AssertionError(dtype());
    }
  }

  /** A copy of an INT32 tensor's values. */
  public int[] toIntArray() {
    IntBuffer v = ints();
    int[] out = new int[v.remaining()];
    v.get(out);
    return out;
  }

  /** A copy of an INT64 tensor's values. */
  public long[] toLongArray() {
    LongBuffer v = longs();
    long[] out = new long[v.remaining()];
    v.get(out);
    return out;
  }

  /**
   * The index of the first NaN or infinite element, or -1 if every element is finite (always -1
   * for integer types).
   */
  public long firstNonFiniteIndex() {
    return firstNonFiniteIndex(spec.dtype(), data);
  }

  static long firstNonFiniteIndex(DType dtype, ByteBuffer littleEndian) {
    // Block-wise and branch-free so the JIT can vectorise it: a value is NaN or infinite exactly
    // when its exponent bits are all ones, and (bits & exponentMask) + lowestExponentBit then sets
    // the sign bit. Only a block that has one is searched element by element.
    if (dtype == DType.FLOAT32) {
      java.nio.IntBuffer in = littleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
      int[] block = new int[Math.min(BLOCK, in.remaining())];
      for (int base = 0; in.hasRemaining(); base += block.length) {
        int len = Math.min(block.length, in.remaining());
        in.get(block, 0, len);
        int m = 0;
        for (int i = 0; i < len; i++) {
          m |= (block[i] & 0x7f800000) + 0x00800000;
        }
        if (m < 0) {
          for (int i = 0; i < len; i++) {
            if ((block[i] & 0x7f800000) == 0x7f800000) {
              return base + (long) i;
            }
          }
        }
      }
    } else if (dtype == DType.FLOAT64) {
      java.nio.LongBuffer in = littleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      long[] block = new long[Math.min(BLOCK, in.remaining())];
      for (int base = 0; in.hasRemaining(); base += block.length) {
        int len = Math.min(block.length, in.remaining());
        in.get(block, 0, len);
        long m = 0;
        for (int i = 0; i < len; i++) {
          m |= (block[i] & 0x7ff0000000000000L) + 0x0010000000000000L;
        }
        if (m < 0) {
          for (int i = 0; i < len; i++) {
            if ((block[i] & 0x7ff0000000000000L) == 0x7ff0000000000000L) {
              return base + (long) i;
            }
          }
        }
      }
    }
    return -1;
  }

  private static final int BLOCK = 4096;

  private void requireType(DType expected) {
    if (dtype() != expected) {
      throw new IllegalStateException(
          "tensor '" + name() + "' has dtype " + dtype() + ", not " + expected);
    }
  }

  /** Equal name, dtype, shape and data bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor other && spec.equals(other.spec) && data.equals(other.data);
  }

  @Override
  public int hashCode() {
    return 31 * spec.hashCode() + data.hashCode();
  }

  /** Name, dtype and shape; never the data. */
  @Override
  public String toString() {
    return "Tensor[name=" + spec.name() + ", dtype=" + spec.dtype() + ", shape="
        + java.util.Arrays.toString(spec.shape()) + "]";
  }
}
