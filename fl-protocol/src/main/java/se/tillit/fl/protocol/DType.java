package se.tillit.fl.protocol;

/**
 * Element type of a tensor. Elements travel in little-endian byte order: IEEE 754 for the
 * floating-point types, two's complement for the integer types.
 */
public enum DType {
  /** 4-byte IEEE 754 binary32. */
  FLOAT32(4, true, se.tillit.fl.protocol.v1.DType.DTYPE_FLOAT32),
  /** 8-byte IEEE 754 binary64. */
  FLOAT64(8, true, se.tillit.fl.protocol.v1.DType.DTYPE_FLOAT64),
  /** 4-byte two's complement integer (e.g. quantised updates). */
  INT32(4, false, se.tillit.fl.protocol.v1.DType.DTYPE_INT32),
  /** 8-byte two's complement integer (e.g. masked secure-aggregation vectors). */
  INT64(8, false, se.tillit.fl.protocol.v1.DType.DTYPE_INT64);

  private final int byteSize;
  private final boolean floatingPoint;
  private final se.tillit.fl.protocol.v1.DType proto;

  DType(int byteSize, boolean floatingPoint, se.tillit.fl.protocol.v1.DType proto) {
    this.byteSize = byteSize;
    this.floatingPoint = floatingPoint;
    this.proto = proto;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether elements can be NaN or infinite. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  public se.tillit.fl.protocol.v1.DType toProto() {
    return proto;
  }

  /**
   * The type a wire value names.
   *
   * @throws ProtocolException (MALFORMED) for {@code DTYPE_UNSPECIFIED} or a value this version does
   *     not know
   */
  public static DType fromProto(se.tillit.fl.protocol.v1.DType proto) throws ProtocolException {
    for (DType t : values()) {
      if (t.proto == proto) {
        return t;
      }
    }
    throw new ProtocolException(
        se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MALFORMED,
        "dtype must be one of FLOAT32, FLOAT64, INT32, INT64. Provided value: "
            + (proto == se.tillit.fl.protocol.v1.DType.UNRECOGNIZED ? "an unknown value" : proto.name()));
  }
}
