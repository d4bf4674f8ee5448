package se.tillit.fl.protocol;

import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_DIGEST_MISMATCH;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_DTYPE_MISMATCH;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_DUPLICATE_CHUNK;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MALFORMED;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MISSING_CHUNK;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_NON_FINITE;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_OVERSIZED;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_SHAPE_MISMATCH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.zip.CRC32C;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import se.tillit.fl.protocol.internal.Checks;
import se.tillit.fl.protocol.internal.Shapes;
import se.tillit.fl.protocol.internal.Sha256;
import se.tillit.fl.protocol.v1.ArrayRecord;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.TensorChunk;

/**
 * Reassembles the tensors of one announced {@link ArrayRecord} from its {@link TensorChunk}
 * messages, checking everything a peer could get wrong.
 *
 * <p>One assembler serves one transfer: create it when the Task or TaskResult announcing the
 * model arrives ({@link #start}), feed it each chunk in arrival order ({@link #accept}), and take
 * the model when {@link #isComplete()} ({@link #finish()}). Chunks must arrive in the order the
 * {@link TensorChunker} makes them (tensor after tensor, chunk after chunk), which a gRPC stream
 * preserves.
 *
 * <p>It refuses, with a {@link ProtocolException} naming the tensor, the chunk and the rule
 * broken, and never the data: an announcement over the {@link AssemblyLimits} (before allocating
 * anything); a layout that differs from the expected one; a chunk of another transfer; a chunk
 * whose name, dtype or shape differs from the announcement; a missing, repeated or out-of-place
 * chunk; inconsistent chunk counts, offsets or sizes; a chunk larger than allowed; a missing or
 * wrong CRC-32C or SHA-256 check; NaN or infinite values (unless allowed); and a transfer that ends early.
 * After the first refusal the assembler is failed: it drops its buffers, and further calls throw
 * {@link IllegalStateException}.
 *
 * <p>Memory: each tensor's buffer is allocated at its first chunk, sized from the announced shape
 * (at most the limits allow), and each chunk is copied into it once. Not thread-safe: one stream's
 * messages arrive one at a time.
 */
public final class TensorAssembler {
  private final String transferId;
  private final AssemblyLimits limits;
  private final List<TensorSpec> specs;
  private final List<Tensor> done;
  private final long totalBytes;

  private boolean failed;
  private long bytesReceived;
  // The tensor being received.
  private int tensorIndex;
  private ByteBuffer buffer;
  private CRC32C crc;
  private int checkedBytes; // bytes of the buffer whose values are known finite
  private int chunkIndex;
  private int chunkCount;
  private int chunkSize;

  private TensorAssembler(String transferId, List<TensorSpec> specs, AssemblyLimits limits) {
    this.transferId = transferId;
    this.specs = specs;
    this.limits = limits;
    this.done = new ArrayList<>(specs.size());
    long sum = 0;
    for (TensorSpec s : specs) {
      sum += s.byteLength();
    }
    this.totalBytes = sum;
  }

  /**
   * An assembler for the model that {@code announced} describes.
   *
   * @param transferId the message_id of the message that carried {@code announced}
   * @throws ProtocolException if the announcement is malformed (invalid name or dtype, negative or
   *     overflowing shape, a name twice) or over the limits (too many tensors, rank too high, a
   *     tensor or the total too large)
   */
  public static TensorAssembler start(String transferId, ArrayRecord announced, AssemblyLimits limits)
      throws ProtocolException {
    Checks.checkId("transferId", transferId);
    if (announced.getTensorsCount() > limits.maxTensors()) {
      throw new ProtocolException(
          ERROR_CODE_OVERSIZED,
          "number of tensors must be <= " + limits.maxTensors() + ". Provided value: "
              + announced.getTensorsCount());
    }
    List<TensorSpec> specs = new ArrayList<>(announced.getTensorsCount());
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < announced.getTensorsCount(); i++) {
      se.tillit.fl.protocol.v1.TensorSpec wire = announced.getTensors(i);
      if (wire.getShapeCount() > limits.maxRank()) {
        throw new ProtocolException(
            ERROR_CODE_OVERSIZED,
            "rank of tensor " + Checks.describeName(wire.getName()) + " (index " + i
                + ") must be <= " + limits.maxRank() + ". Provided value: " + wire.getShapeCount());
      }
      TensorSpec spec;
      try {
        long elements = Shapes.elementCountOrMinusOne(wire.getShapeList());
        DType dtype = DType.fromProto(wire.getDtype());
        if (elements >= 0 && elements > limits.maxTensorBytes() / dtype.byteSize()) {
          throw new ProtocolException(
              ERROR_CODE_OVERSIZED,
              "size of tensor " + Checks.describeName(wire.getName()) + " must be <= "
                  + limits.maxTensorBytes() + " bytes. Provided value: "
                  + elements * dtype.byteSize() + " bytes (shape "
                  + Shapes.toString(Shapes.toArray(wire.getShapeList())) + ", " + dtype + ")");
        }
        spec = TensorSpec.fromProto(wire);
      } catch (ProtocolException e) {
        throw new ProtocolException(e.code(), "tensor index " + i + ": " + e.getMessage());
      }
      if (!names.add(spec.name())) {
        throw new ProtocolException(
            ERROR_CODE_MALFORMED,
            "tensor names must be unique. Provided value: '" + spec.name() + "' at index " + i
                + " repeats an earlier name");
      }
      total += spec.byteLength();
      if (total > limits.maxTotalBytes()) {
        throw new ProtocolException(
            ERROR_CODE_OVERSIZED,
            "total size of the model must be <= " + limits.maxTotalBytes()
                + " bytes. Provided value: more than that by tensor '" + spec.name() + "' (index "
                + i + "), " + total + " bytes so far");
      }
      specs.add(spec);
    }
    return new TensorAssembler(transferId, List.copyOf(specs), limits);
  }

  /**
   * An assembler for an announced model that must have exactly the {@code expected} layout (an
   * update must match the global model it answers).
   *
   * @throws ProtocolException as {@link #start(String, ArrayRecord, AssemblyLimits)}, and also
   *     when the announced tensors differ from {@code expected} in number, name, dtype or shape
   */
  public static TensorAssembler start(
      String transferId, ArrayRecord announced, List<TensorSpec> expected, AssemblyLimits limits)
      throws ProtocolException {
    TensorAssembler a = start(transferId, announced, limits);
    checkLayout(a.specs, expected);
    return a;
  }

  /**
   * Checks that {@code actual} has the {@code expected} names, dtypes and shapes in order.
   *
   * @throws ProtocolException (MALFORMED) for a different count or name, (DTYPE_MISMATCH),
   *     (SHAPE_MISMATCH)
   */
  public static void checkLayout(List<TensorSpec> actual, List<TensorSpec> expected)
      throws ProtocolException {
    if (actual.size() != expected.size()) {
      throw new ProtocolException(
          ERROR_CODE_SHAPE_MISMATCH,
          "number of tensors must be " + expected.size() + " as in the expected model."
              + " Provided value: " + actual.size());
    }
    for (int i = 0; i < actual.size(); i++) {
      TensorSpec a = actual.get(i);
      TensorSpec e = expected.get(i);
      if (!a.name().equals(e.name())) {
        throw new ProtocolException(
            ERROR_CODE_MALFORMED,
            "tensor at index " + i + " must be named '" + e.name() + "'. Provided value: '"
                + a.name() + "'");
      }
      if (a.dtype() != e.dtype()) {
        throw new ProtocolException(
            ERROR_CODE_DTYPE_MISMATCH,
            "dtype of tensor '" + e.name() + "' must be " + e.dtype() + ". Provided value: "
                + a.dtype());
      }
      if (!java.util.Arrays.equals(a.shape(), e.shape())) {
        throw new ProtocolException(
            ERROR_CODE_SHAPE_MISMATCH,
            "shape of tensor '" + e.name() + "' must be " + Shapes.toString(e.shape())
                + ". Provided value: " + Shapes.toString(a.shape()));
      }
    }
  }

  /** The announced layout. */
  public List<TensorSpec> specs() {
    return specs;
  }

  public String transferId() {
    return transferId;
  }

  /** Bytes of tensor data announced in all. */
  public long totalBytes() {
    return totalBytes;
  }

  /** Bytes of tensor data received so far. */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** Whether every announced tensor has arrived and passed every check. */
  public boolean isComplete() {
    return !failed && done.size() == specs.size();
  }

  /** The next chunk expected, as {@code "chunk 3 of 8 of tensor 'w' (index 0)"}; for messages. */
  public String expecting() {
    if (done.size() == specs.size()) {
      return "nothing (the transfer is complete)";
    }
    TensorSpec s = specs.get(done.size());
    String of = buffer == null ? "" : " of " + chunkCount;
    return "chunk " + (buffer == null ? 0 : chunkIndex) + of + " of tensor '" + s.name()
        + "' (index " + done.size() + ")";
  }

  /**
   * Takes the next chunk.
   *
   * @throws ProtocolException if the chunk breaks any rule (see the class comment); the assembler
   *     is then failed
   * @throws IllegalStateException if the assembler has already failed
   */
  public void accept(TensorChunk chunk) throws ProtocolException {
    if (failed) {
      throw new IllegalStateException("transfer " + transferId + " has already failed");
    }
    try {
      doAccept(chunk);
    } catch (ProtocolException e) {
      fail();
      throw e;
    }
  }

  /**
   * The assembled model.
   *
   * @throws ProtocolException (MISSING_CHUNK) if the transfer is incomplete, naming the first
   *     chunk missing; the assembler is then failed
   * @throws IllegalStateException if the assembler has already failed
   */
  public ModelParameters finish() throws ProtocolException {
    if (failed) {
      throw new IllegalStateException("transfer " + transferId + " has already failed");
    }
    if (!isComplete()) {
      String missing = expecting();
      fail();
      throw new ProtocolException(
          ERROR_CODE_MISSING_CHUNK,
          "transfer " + transferId + " is incomplete: " + missing + " and what follows never"
              + " arrived (" + bytesReceived + " of " + totalBytes + " bytes received)");
    }
    return new ModelParameters(done);
  }

  /** Drops the buffers; the assembler refuses everything afterwards. */
  public void abort() {
    fail();
  }

  private void fail() {
    failed = true;
    buffer = null;
    crc = null;
    done.clear();
  }

  private void doAccept(TensorChunk chunk) throws ProtocolException {
    if (!transferId.equals(chunk.getTransferId())) {
      throw error(ERROR_CODE_MALFORMED,
          "chunk transfer_id must be " + transferId + " (the open transfer). Provided value: "
              + Checks.describeId(chunk.getTransferId()));
    }
    int gotTensor = chunk.getTensorIndex(); // uint32; >= 2^31 reads negative
    int gotChunk = chunk.getChunkIndex();
    int index = done.size();
    String at = "chunk " + Integer.toUnsignedString(gotChunk) + " of tensor index "
        + Integer.toUnsignedString(gotTensor);
    if (index == specs.size()) {
      throw error(gotTensor >= 0 && gotTensor < specs.size()
              ? ERROR_CODE_DUPLICATE_CHUNK : ERROR_CODE_MALFORMED,
          at + " arrived after the transfer was complete");
    }
    if (gotTensor < 0 || gotTensor >= specs.size()) {
      throw error(ERROR_CODE_MALFORMED,
          "tensor_index must be < " + specs.size() + " (tensors announced). Provided value: "
              + Integer.toUnsignedString(gotTensor));
    }
    if (gotTensor < index) {
      throw error(ERROR_CODE_DUPLICATE_CHUNK,
          at + " repeats tensor '" + specs.get(gotTensor).name() + "', which is complete");
    }
    if (gotTensor > index) {
      throw error(ERROR_CODE_MISSING_CHUNK,
          "expected " + expecting() + ", but " + at + " arrived: the rest of tensor '"
              + specs.get(index).name() + "' is missing");
    }
    TensorSpec spec = specs.get(index);
    checkSameSpec(spec, chunk);

    int dataLength = chunk.getData().size();
    if (dataLength > limits.maxChunkBytes()) {
      throw error(ERROR_CODE_OVERSIZED,
          "chunk data must be <= " + limits.maxChunkBytes() + " bytes. Provided value: "
              + dataLength + " bytes in " + at);
    }
    int expectedChunk = buffer == null ? 0 : chunkIndex;
    if (gotChunk != expectedChunk) {
      if (gotChunk >= 0 && gotChunk < expectedChunk) {
        throw error(ERROR_CODE_DUPLICATE_CHUNK, at + " ('" + spec.name() + "') arrived twice");
      }
      throw error(ERROR_CODE_MISSING_CHUNK,
          "expected " + expecting() + ", but " + at + " arrived: chunk " + expectedChunk
              + " is missing");
    }
    if (buffer == null) {
      startTensor(spec, chunk, dataLength);
    } else if (chunk.getChunkCount() != chunkCount) {
      throw error(ERROR_CODE_MALFORMED,
          "chunk_count of tensor '" + spec.name() + "' must stay " + chunkCount
              + ". Provided value: " + Integer.toUnsignedString(chunk.getChunkCount()) + " in "
              + at);
    }
    boolean last = chunkIndex == chunkCount - 1;
    int expectedLength = last ? spec.byteLength() - chunkSize * (chunkCount - 1) : chunkSize;
    if (dataLength != expectedLength) {
      throw error(ERROR_CODE_MALFORMED,
          "data of " + at + " ('" + spec.name() + "') must be " + expectedLength
              + " bytes (tensor of " + spec.byteLength() + " bytes in " + chunkCount
              + " chunks of " + chunkSize + "). Provided value: " + dataLength + " bytes");
    }
    if (chunk.getByteOffset() != buffer.position()) {
      throw error(ERROR_CODE_MALFORMED,
          "byte_offset of " + at + " ('" + spec.name() + "') must be " + buffer.position()
              + ". Provided value: " + Long.toUnsignedString(chunk.getByteOffset()));
    }
    if (!last && !chunk.getSha256().isEmpty()) {
      throw error(ERROR_CODE_MALFORMED,
          "sha256 must be empty on all but the last chunk. Provided value: "
              + chunk.getSha256().size() + " bytes on " + at + " ('" + spec.name() + "')");
    }
    if (!last && chunk.hasCrc32C()) {
      throw error(ERROR_CODE_MALFORMED,
          "crc32c must be absent on all but the last chunk; it is set on " + at + " ('"
              + spec.name() + "')");
    }
    if (last && !chunk.hasCrc32C() && chunk.getSha256().isEmpty()) {
      throw error(ERROR_CODE_MALFORMED,
          "the last chunk of tensor '" + spec.name() + "' must carry crc32c or sha256 (the check"
              + " of the tensor's data); it carries neither");
    }
    if (last && !chunk.getSha256().isEmpty() && chunk.getSha256().size() != Sha256.LENGTH) {
      throw error(ERROR_CODE_MALFORMED,
          "sha256 on the last chunk of tensor '" + spec.name() + "' must be " + Sha256.LENGTH
              + " bytes. Provided value: " + chunk.getSha256().size() + " bytes");
    }

    int start = buffer.position();
    chunk.getData().copyTo(buffer.array(), buffer.arrayOffset() + start);
    crc.update(buffer.array(), buffer.arrayOffset() + start, dataLength);
    buffer.position(start + dataLength);
    checkFinite(spec, last);
    bytesReceived += dataLength;
    chunkIndex++;
    if (last) {
      finishTensor(spec, chunk);
    }
  }

  private void checkSameSpec(TensorSpec spec, TensorChunk chunk) throws ProtocolException {
    String at = "chunk " + Integer.toUnsignedString(chunk.getChunkIndex()) + " of tensor index "
        + chunk.getTensorIndex();
    if (!spec.name().equals(chunk.getTensorName())) {
      throw error(ERROR_CODE_MALFORMED,
          "tensor_name of " + at + " must be '" + spec.name() + "' as announced. Provided value: "
              + Checks.describeName(chunk.getTensorName()));
    }
    if (spec.dtype().toProto() != chunk.getDtype()) {
      throw error(ERROR_CODE_DTYPE_MISMATCH,
          "dtype of tensor '" + spec.name() + "' must be " + spec.dtype()
              + " as announced. Provided value: "
              + (chunk.getDtype() == se.tillit.fl.protocol.v1.DType.UNRECOGNIZED
                  ? "an unknown value" : chunk.getDtype().name()) + " in " + at);
    }
    long[] shape = spec.shape();
    boolean same = chunk.getShapeCount() == shape.length;
    for (int i = 0; same && i < shape.length; i++) {
      same = chunk.getShape(i) == shape[i];
    }
    if (!same) {
      long[] got = chunk.getShapeCount() <= 64 ? Shapes.toArray(chunk.getShapeList()) : null;
      throw error(ERROR_CODE_SHAPE_MISMATCH,
          "shape of tensor '" + spec.name() + "' must be " + Shapes.toString(shape)
              + " as announced. Provided value: "
              + (got == null ? "rank " + chunk.getShapeCount() : Shapes.toString(got)) + " in "
              + at);
    }
  }

  /**
   * Checks the values completed by the chunk just copied (while they are still in the cache; a
   * chunk need not end on an element boundary, so an element split across chunks is checked
   * with the later one).
   */
  private void checkFinite(TensorSpec spec, boolean last) throws ProtocolException {
    if (limits.allowNonFinite() || !spec.dtype().isFloatingPoint()) {
      return;
    }
    int size = spec.dtype().byteSize();
    int end = last ? buffer.position() : buffer.position() / size * size;
    if (end <= checkedBytes) {
      return;
    }
    long bad = Tensor.firstNonFiniteIndex(spec.dtype(),
        buffer.duplicate().position(checkedBytes).limit(end).slice());
    if (bad >= 0) {
      throw error(ERROR_CODE_NON_FINITE,
          "tensor '" + spec.name() + "' (index " + done.size()
              + ") must hold finite values only. Provided value: NaN or infinity at element "
              + (checkedBytes / size + bad));
    }
    checkedBytes = end;
  }

  private void startTensor(TensorSpec spec, TensorChunk first, int dataLength)
      throws ProtocolException {
    int bytes = spec.byteLength();
    int count = first.getChunkCount();
    int expectedCount;
    if (bytes == 0) {
      expectedCount = 1;
    } else if (dataLength == 0) {
      throw error(ERROR_CODE_MALFORMED,
          "first chunk of tensor '" + spec.name() + "' must hold data (the tensor has " + bytes
              + " bytes). Provided value: 0 bytes");
    } else {
      expectedCount = (int) ((bytes + (long) dataLength - 1) / dataLength);
    }
    if (count != expectedCount) {
      throw error(ERROR_CODE_MALFORMED,
          "chunk_count of tensor '" + spec.name() + "' must be " + expectedCount + " for "
              + bytes + " bytes in chunks of " + dataLength + ". Provided value: "
              + Integer.toUnsignedString(count));
    }
    this.buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.crc = new CRC32C();
    this.checkedBytes = 0;
    this.chunkIndex = 0;
    this.chunkCount = count;
    this.chunkSize = count == 1 ? bytes : dataLength;
  }

  private void finishTensor(TensorSpec spec, TensorChunk last) throws ProtocolException {
    if (last.hasCrc32C() && (int) crc.getValue() != last.getCrc32C()) {
      throw error(ERROR_CODE_DIGEST_MISMATCH,
          "CRC-32C of tensor '" + spec.name() + "' (index " + done.size()
              + ") differs from the check sent with its last chunk: the data were corrupted");
    }
    buffer.flip();
    if (!last.getSha256().isEmpty()) {
      MessageDigest digest = Sha256.newDigest();
      digest.update(buffer.duplicate());
      if (!MessageDigest.isEqual(digest.digest(), last.getSha256().toByteArray())) {
        throw error(ERROR_CODE_DIGEST_MISMATCH,
            "SHA-256 of tensor '" + spec.name() + "' (index " + done.size()
                + ") differs from the digest sent with its last chunk: the data were corrupted");
      }
    }
    done.add(Tensor.wrapLittleEndian(spec, buffer));
    buffer = null;
    crc = null;
  }

  private ProtocolException error(ErrorCode code, String message) {
    return new ProtocolException(code, message);
  }
}
