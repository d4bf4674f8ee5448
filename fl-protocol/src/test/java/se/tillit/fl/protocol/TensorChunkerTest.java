package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.fl.protocol.internal.Sha256;
import se.tillit.fl.protocol.v1.TensorChunk;

class TensorChunkerTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 8, 100, 1000, 1 << 20})
  void roundTrip_smallMixedModel_exactlyEqual(int chunkBytes) throws Exception {
    ModelParameters m = TestModels.mixedModel();
    ModelParameters back =
        TestModels.roundTrip(TensorChunker.withChunkBytes(chunkBytes), m, AssemblyLimits.DEFAULT);
    assertThat(back).isEqualTo(m);
    assertThat(back.names()).containsExactlyElementsOf(m.names());
    assertThat(back.get("dense.W").toDoubleArray()).containsExactly(m.get("dense.W").toDoubleArray());
    assertThat(back.get("masked").toLongArray()).containsExactly(m.get("masked").toLongArray());
  }

  @Test
  void roundTrip_fiftyMegabyteModel_chunkSizeNotDividingTensorSizes() throws Exception {
    ModelParameters m = TestModels.floatModel(50_000_000, 1);
    TensorChunker chunker = TensorChunker.withChunkBytes((1 << 20) + 7);
    for (Tensor t : m.tensors()) {
      assertThat(t.byteLength() % chunker.chunkBytes()).as(t.name()).isNotZero();
    }
    ModelParameters back = TestModels.roundTrip(chunker, m, AssemblyLimits.DEFAULT);
    assertThat(back.totalBytes()).isEqualTo(m.totalBytes()).isGreaterThan(49_000_000);
    assertThat(back).isEqualTo(m);
  }

  @Test
  void chunks_followTheWireRules() throws Exception {
    Tensor t = Tensor.ofFloats("w", new long[] {10, 25}, new float[250]); // 1000 bytes
    TensorChunker chunker = TensorChunker.withChunkBytes(300).withCheck(TensorChunker.Check.SHA256);
    List<TensorChunk> chunks = TestModels.chunks(chunker, "t-9", ModelParameters.of(t));

    assertThat(chunks).hasSize(4).hasSize(chunker.chunkCount(t));
    for (int i = 0; i < 4; i++) {
      TensorChunk c = chunks.get(i);
      assertThat(c.getTransferId()).isEqualTo("t-9");
      assertThat(c.getTensorIndex()).isZero();
      assertThat(c.getTensorName()).isEqualTo("w");
      assertThat(c.getDtype()).isEqualTo(se.tillit.fl.protocol.v1.DType.DTYPE_FLOAT32);
      assertThat(c.getShapeList()).containsExactly(10L, 25L);
      assertThat(c.getChunkIndex()).isEqualTo(i);
      assertThat(c.getChunkCount()).isEqualTo(4);
      assertThat(c.getByteOffset()).isEqualTo(300L * i);
      assertThat(c.getData().size()).isEqualTo(i < 3 ? 300 : 100);
      assertThat(c.getSha256().size()).isEqualTo(i < 3 ? 0 : 32);
    }
    MessageDigest d = Sha256.newDigest();
    byte[] all = new byte[1000];
    t.data().get(all);
    assertThat(chunks.get(3).getSha256().toByteArray()).isEqualTo(d.digest(all));
  }

  @Test
  void chunks_defaultCheck_isCrc32cOnTheLastChunkOnly() {
    Tensor t = Tensor.ofFloats("w", new long[] {250}, new float[250]);
    List<TensorChunk> chunks =
        TestModels.chunks(TensorChunker.withChunkBytes(300), "t", ModelParameters.of(t));
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).hasCrc32C()).isEqualTo(i == chunks.size() - 1);
      assertThat(chunks.get(i).getSha256().isEmpty()).isTrue();
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(new byte[1000]);
    assertThat(chunks.get(3).getCrc32C()).isEqualTo((int) crc.getValue());
    assertThat(TensorChunker.forVersion(new ProtocolVersion(1, 0)).check())
        .isEqualTo(TensorChunker.Check.SHA256);
    assertThat(TensorChunker.forVersion(ProtocolVersion.CURRENT).check())
        .isEqualTo(TensorChunker.Check.CRC32C);
  }

  @Test
  void chunks_emptyTensor_isOneEmptyChunkWithDigest() {
    Tensor t = Tensor.ofDoubles("e", new long[] {3, 0}, new double[0]);
    List<TensorChunk> chunks = TestModels.chunks(
        TensorChunker.defaults().withCheck(TensorChunker.Check.SHA256), "t", ModelParameters.of(t));
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).getData().isEmpty()).isTrue();
    assertThat(chunks.get(0).getChunkCount()).isEqualTo(1);
    assertThat(chunks.get(0).getSha256().toByteArray()).isEqualTo(Sha256.newDigest().digest());
  }

  @Test
  void chunks_areMadeLazily() {
    ModelParameters m = TestModels.floatModel(4_000_000, 2);
    var it = TensorChunker.withChunkBytes(1000).chunks("t", m);
    // pulling the first few chunks of a 4000-chunk model does not make the others
    for (int i = 0; i < 3; i++) {
      assertThat(it.next().getChunkIndex()).isEqualTo(i);
    }
    assertThat(TensorChunker.withChunkBytes(1000).chunkCount(m)).isGreaterThanOrEqualTo(4000);
  }

  @Test
  void chunks_directBufferTensor_sameChunksAsHeap() {
    Tensor heap = Tensor.ofFloats("w", new float[] {1, 2, 3, 4, 5});
    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(20);
    direct.put(heap.data()).flip();
    Tensor wrapped = Tensor.wrapLittleEndian(heap.spec(), direct);
    TensorChunker c = TensorChunker.withChunkBytes(6);
    assertThat(TestModels.chunks(c, "t", ModelParameters.of(wrapped)))
        .isEqualTo(TestModels.chunks(c, "t", ModelParameters.of(heap)));
  }

  @Test
  void withChunkBytes_outOfRange_namesTheRange() {
    assertThatThrownBy(() -> TensorChunker.withChunkBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkBytes must be >= 1 and <= 67108864. Provided value: 0");
    assertThatThrownBy(() -> TensorChunker.withChunkBytes(TensorChunker.MAX_CHUNK_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunks_invalidTransferId_rejected() {
    assertThatThrownBy(() -> TensorChunker.defaults().chunks("has space", ModelParameters.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transferId");
  }
}
