package se.tillit.fl.protocol;

import se.tillit.fl.protocol.internal.Checks;

/**
 * What a {@link TensorAssembler} accepts from a peer. Immutable; build with {@link #builder()},
 * which starts from the defaults of {@link #DEFAULT}.
 *
 * <p>The limits bound the memory one transfer can make the receiver allocate: the assembler
 * allocates a tensor's buffer when its first chunk arrives, sized from the announced shape, and
 * refuses an announcement over these limits before allocating anything.
 */
public final class AssemblyLimits {
  /** Largest chunk accepted by default: 4 MiB, gRPC's default maximum inbound message size. */
  public static final int DEFAULT_MAX_CHUNK_BYTES = 4 << 20;
  /** Largest tensor accepted by default: 1 GiB. */
  public static final long DEFAULT_MAX_TENSOR_BYTES = 1L << 30;
  /** Largest model (all tensors together) accepted by default: 2 GiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 2L << 30;
  /** Most tensors in one model by default. */
  public static final int DEFAULT_MAX_TENSORS = 10_000;
  /** Largest rank (number of dimensions) by default. */
  public static final int DEFAULT_MAX_RANK = 16;

  /** The defaults: sizes above, and NaN or infinite values refused. */
  public static final AssemblyLimits DEFAULT = new Builder().build();

  private final int maxChunkBytes;
  private final long maxTensorBytes;
  private final long maxTotalBytes;
  private final int maxTensors;
  private final int maxRank;
  private final boolean allowNonFinite;

  private AssemblyLimits(Builder b) {
    this.maxChunkBytes = b.maxChunkBytes;
    this.maxTensorBytes = b.maxTensorBytes;
    this.maxTotalBytes = b.maxTotalBytes;
    this.maxTensors = b.maxTensors;
    this.maxRank = b.maxRank;
    this.allowNonFinite = b.allowNonFinite;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these limits. */
  public Builder toBuilder() {
    return new Builder()
        .maxChunkBytes(maxChunkBytes)
        .maxTensorBytes(maxTensorBytes)
        .maxTotalBytes(maxTotalBytes)
        .maxTensors(maxTensors)
        .maxRank(maxRank)
        .allowNonFinite(allowNonFinite);
  }

  public int maxChunkBytes() {
    return maxChunkBytes;
  }

  public long maxTensorBytes() {
    return maxTensorBytes;
  }

  public long maxTotalBytes() {
    return maxTotalBytes;
  }

  public int maxTensors() {
    return maxTensors;
  }

  public int maxRank() {
    return maxRank;
  }

  /** Whether NaN and infinite floating-point values are accepted (default: no). */
  public boolean allowNonFinite() {
    return allowNonFinite;
  }

  @Override
  public String toString() {
    return "AssemblyLimits[maxChunkBytes=" + maxChunkBytes + ", maxTensorBytes=" + maxTensorBytes
        + ", maxTotalBytes=" + maxTotalBytes + ", maxTensors=" + maxTensors + ", maxRank="
        + maxRank + ", allowNonFinite=" + allowNonFinite + "]";
  }

  /** Each setter rejects a value out of range at once, naming it and the range. */
  public static final class Builder {
    private int maxChunkBytes = DEFAULT_MAX_CHUNK_BYTES;
    private long maxTensorBytes = DEFAULT_MAX_TENSOR_BYTES;
    private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;
    private int maxTensors = DEFAULT_MAX_TENSORS;
    private int maxRank = DEFAULT_MAX_RANK;
    private boolean allowNonFinite = false;

    private Builder() {}

    /** Largest TensorChunk.data, in bytes: 1 to 2^30. */
    public Builder maxChunkBytes(int bytes) {
      this.maxChunkBytes = (int) Checks.checkRange("maxChunkBytes", bytes, 1, 1 << 30);
      return this;
    }

    /** Largest single tensor, in bytes: 0 to {@link TensorSpec#MAX_BYTES}. */
    public Builder maxTensorBytes(long bytes) {
      this.maxTensorBytes = Checks.checkRange("maxTensorBytes", bytes, 0, TensorSpec.MAX_BYTES);
      return this;
    }

    /** Largest model (sum over tensors), in bytes: {@code >= 0}. */
    public Builder maxTotalBytes(long bytes) {
      this.maxTotalBytes = Checks.checkRange("maxTotalBytes", bytes, 0, Long.MAX_VALUE);
      return this;
    }

    /** Most tensors in a model: 0 to 1,000,000. */
    public Builder maxTensors(int count) {
      this.maxTensors = (int) Checks.checkRange("maxTensors", count, 0, 1_000_000);
      return this;
    }

    /** Largest rank: 0 to 64. */
    public Builder maxRank(int rank) {
      this.maxRank = (int) Checks.checkRange("maxRank", rank, 0, 64);
      return this;
    }

    /**
     * Whether to accept NaN and infinite values. Leave false for anything that is aggregated: one
     * NaN in one update poisons the global model.
     */
    public Builder allowNonFinite(boolean allow) {
      this.allowNonFinite = allow;
      return this;
    }

    public AssemblyLimits build() {
      return new AssemblyLimits(this);
    }
  }
}
