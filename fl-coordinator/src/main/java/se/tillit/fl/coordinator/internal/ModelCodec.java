package se.tillit.fl.coordinator.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import se.tillit.fl.protocol.DType;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.TensorSpec;

/**
 * A compact binary form of {@link ModelParameters} for checkpoints: magic {@code TLMP}, format
 * version 1, tensor count, then per tensor its name (modified UTF-8), dtype, rank, shape and its
 * little-endian data bytes (the wire layout). Internal.
 */
public final class ModelCodec {
  private static final int MAGIC = 0x544c4d50; // "TLMP"
  private static final int VERSION = 1;

  private ModelCodec() {}

  public static byte[] encode(ModelParameters model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(
        Integer.MAX_VALUE - 64, model.totalBytes() + 64L * model.size() + 16));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(model.size());
      for (Tensor t : model.tensors()) {
        out.writeUTF(t.name());
        out.writeByte(t.dtype().ordinal());
        long[] shape = t.shape();
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        ByteBuffer data = t.data();
        out.writeInt(data.remaining());
        byte[] buf = new byte[Math.min(data.remaining(), 1 << 16)];
        while (data.hasRemaining()) {
          int n = Math.min(buf.length, data.remaining());
          data.get(buf, 0, n);
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException if the bytes are not a model in this format */
  public static ModelParameters decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IllegalArgumentException("checkpoint model must start with TLMP version 1");
      }
      int count = in.readInt();
      List<Tensor> tensors = new ArrayList<>(Math.max(0, Math.min(count, 100_000)));
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        DType dtype = DType.values()[in.readByte()];
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        tensors.add(Tensor.wrapLittleEndian(new TensorSpec(name, dtype, shape),
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN)));
      }
      return new ModelParameters(tensors);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("checkpoint model is corrupt: " + e.getMessage(), e);
    }
  }
}
