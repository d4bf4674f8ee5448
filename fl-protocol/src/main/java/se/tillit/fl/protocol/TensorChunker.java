package se.tillit.fl.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.CRC32C;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import se.tillit.fl.protocol.internal.Checks;
import se.tillit.fl.protocol.internal.Sha256;
import se.tillit.fl.protocol.v1.TensorChunk;

/**
 * Splits tensors into {@link TensorChunk} messages of at most {@link #chunkBytes()} bytes each, so
 * that a model of any size travels as a stream of messages well under gRPC's message limit.
 *
 * <p>Chunks are made lazily, one per {@link Iterator#next()}: a sender pulls the next chunk only
 * when the stream can take it (see {@link OutboundStream}), so nothing but the chunk in hand is
 * buffered. A chunk's bytes are not copied: they are a view of the tensor's data, which is
 * immutable. The check of a tensor's data ({@link Check#CRC32C} by default, or SHA-256) is computed
 * while its chunks are made and sent on its last chunk. The chunks follow the rules in {@code fleet.proto}: every chunk of a tensor but the
 * last holds exactly {@link #chunkBytes()} bytes, an empty tensor is one empty chunk.
 *
 * <p>Instances are immutable and thread-safe; the iterators they return are not.
 */
public final class TensorChunker {
  /** Default chunk size: 1 MiB, a quarter of gRPC's default maximum inbound message size. */
  public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
  /**
   * Largest chunk size, 64 MiB. Receivers refuse chunks over their {@link AssemblyLimits}
   * (4 MiB by default), and gRPC refuses messages over its maximum inbound message size.
   */
  public static final int MAX_CHUNK_BYTES = 64 << 20;

  /**
   * The check sent on each tensor's last chunk. Both catch corruption and codec bugs; neither is
   * an authenticity guarantee (TLS gives that). CRC-32C runs at memory speed; SHA-256 costs about
   * a millisecond per megabyte and is what protocol 1.0 receivers require.
   */
  public enum Check {
    CRC32C,
    SHA256
  }

  private static final TensorChunker DEFAULT = new TensorChunker(DEFAULT_CHUNK_BYTES, Check.CRC32C);

  private final int chunkBytes;
  private final Check check;

  private TensorChunker(int chunkBytes, Check check) {
    this.chunkBytes = chunkBytes;
    this.check = check;
  }

  /** A chunker with {@link #DEFAULT_CHUNK_BYTES} and {@link Check#CRC32C}. */
  public static TensorChunker defaults() {
    return DEFAULT;
  }

  /**
   * The default chunker for a peer that negotiated {@code version}: CRC-32C from 1.1, SHA-256 for
   * 1.0, whose receivers require it.
   */
  public static TensorChunker forVersion(ProtocolVersion version) {
    return version.major() == 1 && version.minor() == 0 ? DEFAULT.withCheck(Check.SHA256) : DEFAULT;
  }

  /** This chunker with {@code check} on each tensor's last chunk. */
  public TensorChunker withCheck(Check check) {
    return new TensorChunker(chunkBytes, java.util.Objects.requireNonNull(check, "check"));
  }

  public Check check() {
    return check;
  }

  /**
   * A chunker with chunks of {@code chunkBytes} bytes. It need not be a multiple of the element
   * size: an element may be split between two chunks.
   *
   * @param chunkBytes 1 to {@link #MAX_CHUNK_BYTES}
   */
  public static TensorChunker withChunkBytes(int chunkBytes) {
    Checks.checkRange("chunkBytes", chunkBytes, 1, MAX_CHUNK_BYTES);
    return new TensorChunker(chunkBytes, Check.CRC32C);
  }

  public int chunkBytes() {
    return chunkBytes;
  }

  /** The number of chunks {@code tensor} becomes (1 for an empty tensor). */
  public int chunkCount(Tensor tensor) {
    return chunkCount(tensor.byteLength());
  }

  /** The number of chunks {@code model} becomes. */
  public long chunkCount(ModelParameters model) {
    long n = 0;
    for (Tensor t : model.tensors()) {
      n += chunkCount(t);
    }
    return n;
  }

  private int chunkCount(int byteLength) {
    return byteLength == 0 ? 1 : (int) ((byteLength + (long) chunkBytes - 1) / chunkBytes);
  }

  /**
   * The chunks of every tensor of {@code model}, tensor after tensor in the model's order, made as
   * they are pulled.
   *
   * @param transferId the message_id of the Task or TaskResult announcing the model
   */
  public Iterator<TensorChunk> chunks(String transferId, ModelParameters model) {
    Checks.checkId("transferId", transferId);
    List<Tensor> tensors = model.tensors();
    return new Iterator<>() {
      private int index = -1;
      private Iterator<TensorChunk> current = null;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (index + 1 >= tensors.size()) {
            return false;
          }
          index++;
          current = new TensorChunks(transferId, index, tensors.get(index));
        }
        return true;
      }

      @Override
      public TensorChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * The chunks of one tensor, made as they are pulled.
   *
   * @param transferId the message_id of the message announcing the tensor
   * @param tensorIndex the tensor's position in the announced ArrayRecord
   */
  public Iterator<TensorChunk> chunks(String transferId, int tensorIndex, Tensor tensor) {
    Checks.checkId("transferId", transferId);
    Checks.checkRange("tensorIndex", tensorIndex, 0, Integer.MAX_VALUE);
    return new TensorChunks(transferId, tensorIndex, tensor);
  }

  private final class TensorChunks implements Iterator<TensorChunk> {
    private final TensorChunk.Builder template;
    private final ByteBuffer data;
    private final int count;
    private final MessageDigest digest = check == Check.SHA256 ? Sha256.newDigest() : null;
    private final CRC32C crc = check == Check.CRC32C ? new CRC32C() : null;
    private int next = 0;

    TensorChunks(String transferId, int tensorIndex, Tensor tensor) {
      this.data = tensor.rawData();
      this.count = chunkCount(tensor.byteLength());
      TensorChunk.Builder b =
          TensorChunk.newBuilder()
              .setTransferId(transferId)
              .setTensorIndex(tensorIndex)
              .setTensorName(tensor.name())
              .setDtype(tensor.dtype().toProto())
              .setChunkCount(count);
      for (long d : tensor.shape()) {
        b.addShape(d);
      }
      this.template = b;
    }

    @Override
    public boolean hasNext() {
      return next < count;
    }

    @Override
    public TensorChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int offset = (int) Math.min((long) next * chunkBytes, data.limit());
      int length = Math.min(chunkBytes, data.limit() - offset);
      ByteString bytes;
      if (data.hasArray()) {
        byte[] array = data.array();
        int start = data.arrayOffset() + offset;
        if (digest != null) {
          digest.update(array, start, length);
        } else {
          crc.update(array, start, length);
        }
        bytes = UnsafeByteOperations.unsafeWrap(array, start, length);
      } else {
        ByteBuffer slice = data.duplicate().position(offset).limit(offset + length).slice();
        if (digest != null) {
          digest.update(slice.duplicate());
        } else {
          crc.update(slice.duplicate());
        }
        bytes = UnsafeByteOperations.unsafeWrap(slice);
      }
      TensorChunk.Builder b =
          template.clone().setChunkIndex(next).setByteOffset(offset).setData(bytes);
      if (next == count - 1) {
        if (digest != null) {
          b.setSha256(ByteString.copyFrom(digest.digest()));
        } else {
          b.setCrc32C((int) crc.getValue());
        }
      }
      next++;
      return b.build();
    }
  }

  @Override
  public String toString() {
    return "TensorChunker[chunkBytes=" + chunkBytes + ", check=" + check + "]";
  }
}
