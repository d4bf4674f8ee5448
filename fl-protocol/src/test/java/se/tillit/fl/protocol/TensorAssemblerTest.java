package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_DIGEST_MISMATCH;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_DTYPE_MISMATCH;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_DUPLICATE_CHUNK;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MALFORMED;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_MISSING_CHUNK;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_NON_FINITE;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_OVERSIZED;
import static se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_SHAPE_MISMATCH;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.v1.ArrayRecord;
import se.tillit.fl.protocol.v1.DType;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.TensorChunk;

class TensorAssemblerTest {
  /** A recognisable value: no error message may contain it. */
  private static final float SECRET = 31415.926f;

  private static final Tensor W = Tensor.ofFloats("w", new long[] {4, 25}, filled(100, SECRET));
  private static final Tensor B = Tensor.ofFloats("b", new long[] {10}, filled(10, 1));
  private static final ModelParameters MODEL = ModelParameters.of(W, B);
  private static final TensorChunker CHUNKER = TensorChunker.withChunkBytes(64); // 400 B: 7 chunks

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static List<TensorChunk> chunks(ModelParameters m) {
    return new ArrayList<>(TestModels.chunks(CHUNKER, "t-1", m));
  }

  private static TensorAssembler start(ModelParameters announced) throws ProtocolException {
    return TensorAssembler.start("t-1", announced.toArrayRecord(), AssemblyLimits.DEFAULT);
  }

  /** Feeds all chunks and finishes; returns the first refusal. */
  private static ProtocolException refusal(TensorAssembler a, List<TensorChunk> chunks) {
    try {
      for (TensorChunk c : chunks) {
        a.accept(c);
      }
      a.finish();
    } catch (ProtocolException e) {
      return e;
    }
    throw new AssertionError("expected a ProtocolException");
  }

  private static AbstractThrowableAssert<?, ?> assertRefused(
      ModelParameters announced, List<TensorChunk> chunks, ErrorCode code) throws Exception {
    ProtocolException e = refusal(start(announced), chunks);
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.getMessage()).doesNotContain("31415").doesNotContain("3.1415");
    return assertThat(e);
  }

  private static List<TensorChunk> edit(int index, UnaryOperator<TensorChunk.Builder> f) {
    List<TensorChunk> c = chunks(MODEL);
    c.set(index, f.apply(c.get(index).toBuilder()).build());
    return c;
  }

  @Test
  void accept_allChunksInOrder_completesWithTheModel() throws Exception {
    TensorAssembler a = start(MODEL);
    List<TensorChunk> c = chunks(MODEL);
    assertThat(c).hasSize(7 + 1);
    for (int i = 0; i < c.size(); i++) {
      assertThat(a.isComplete()).isFalse();
      a.accept(c.get(i));
    }
    assertThat(a.isComplete()).isTrue();
    assertThat(a.bytesReceived()).isEqualTo(a.totalBytes()).isEqualTo(440);
    assertThat(a.finish()).isEqualTo(MODEL);
  }

  @Test
  void start_emptyRecord_completeAtOnce() throws Exception {
    TensorAssembler a = start(ModelParameters.empty());
    assertThat(a.isComplete()).isTrue();
    assertThat(a.finish().tensors()).isEmpty();
  }

  // --- digest ------------------------------------------------------------------------------

  @Test
  void accept_corruptedData_digestMismatch() throws Exception {
    List<TensorChunk> c = edit(2, b -> {
      byte[] d = b.getData().toByteArray();
      d[5] ^= 1;
      return b.setData(ByteString.copyFrom(d));
    });
    assertRefused(MODEL, c, ERROR_CODE_DIGEST_MISMATCH).hasMessageContaining("'w'");
  }

  @Test
  void accept_wrongCrc_digestMismatch() throws Exception {
    assertRefused(MODEL, edit(6, b -> b.setCrc32C(b.getCrc32C() ^ 1)), ERROR_CODE_DIGEST_MISMATCH)
        .hasMessageContaining("CRC-32C");
  }

  @Test
  void accept_sha256Instead_verifiedAndWrongOneRefused() throws Exception {
    // A 1.0 peer sends SHA-256 only: accepted when right, refused when wrong.
    List<TensorChunk> right = new ArrayList<>(TestModels.chunks(
        CHUNKER.withCheck(TensorChunker.Check.SHA256), "t-1", MODEL));
    TensorAssembler a = TensorAssembler.start("t-1", MODEL.toArrayRecord(), AssemblyLimits.DEFAULT);
    for (TensorChunk c : right) {
      a.accept(c);
    }
    assertThat(a.finish()).isEqualTo(MODEL);
    List<TensorChunk> wrong = new ArrayList<>(right);
    int last = wrong.size() - 1;
    wrong.set(last, wrong.get(last).toBuilder().setSha256(ByteString.copyFrom(new byte[32])).build());
    assertRefused(MODEL, wrong, ERROR_CODE_DIGEST_MISMATCH).hasMessageContaining("SHA-256");
  }

  @Test
  void accept_checkMissingOrShort_malformed() throws Exception {
    assertRefused(MODEL, edit(6, TensorChunk.Builder::clearCrc32C), ERROR_CODE_MALFORMED)
        .hasMessageContaining("crc32c or sha256");
    assertRefused(MODEL, edit(6, b -> b.setSha256(ByteString.copyFrom(new byte[31]))),
        ERROR_CODE_MALFORMED);
  }

  @Test
  void accept_checkOnMiddleChunk_malformed() throws Exception {
    assertRefused(MODEL, edit(1, b -> b.setSha256(ByteString.copyFrom(new byte[32]))),
        ERROR_CODE_MALFORMED).hasMessageContaining("sha256 must be empty");
    assertRefused(MODEL, edit(1, b -> b.setCrc32C(7)), ERROR_CODE_MALFORMED)
        .hasMessageContaining("crc32c must be absent");
  }

  // --- order, duplicates, missing ----------------------------------------------------------

  @Test
  void accept_chunkTwice_duplicate() throws Exception {
    List<TensorChunk> c = chunks(MODEL);
    c.add(3, c.get(2));
    assertRefused(MODEL, c, ERROR_CODE_DUPLICATE_CHUNK)
        .hasMessageContaining("chunk 2 of tensor index 0 ('w') arrived twice");
  }

  @Test
  void accept_completedTensorAgain_duplicate() throws Exception {
    List<TensorChunk> c = chunks(MODEL);
    c.add(c.get(0));
    c.add(7, c.get(0));
    assertRefused(MODEL, c, ERROR_CODE_DUPLICATE_CHUNK).hasMessageContaining("complete");
  }

  @Test
  void accept_chunkAfterCompletion_duplicate() throws Exception {
    List<TensorChunk> c = chunks(MODEL);
    c.add(c.get(7));
    assertRefused(MODEL, c, ERROR_CODE_DUPLICATE_CHUNK)
        .hasMessageContaining("after the transfer was complete");
  }

  @Test
  void accept_skippedChunk_missing() throws Exception {
    List<TensorChunk> c = chunks(MODEL);
    c.remove(3);
    assertRefused(MODEL, c, ERROR_CODE_MISSING_CHUNK)
        .hasMessageContaining("expected chunk 3 of 7 of tensor 'w' (index 0)")
        .hasMessageContaining("chunk 3 is missing");
  }

  @Test
  void accept_rest_of_tensor_skipped_missing() throws Exception {
    List<TensorChunk> c = chunks(MODEL);
    c.remove(6);
    assertRefused(MODEL, c, ERROR_CODE_MISSING_CHUNK)
        .hasMessageContaining("the rest of tensor 'w' is missing");
  }

  @Test
  void finish_lastChunkNeverArrived_missing() throws Exception {
    List<TensorChunk> c = chunks(MODEL);
    c.remove(7);
    assertRefused(MODEL, c, ERROR_CODE_MISSING_CHUNK)
        .hasMessageContaining("incomplete: chunk 0 of tensor 'b' (index 1)")
        .hasMessageContaining("400 of 440 bytes");
  }

  @Test
  void accept_tensorIndexBeyondAnnouncement_malformed() throws Exception {
    assertRefused(MODEL, edit(0, b -> b.setTensorIndex(2)), ERROR_CODE_MALFORMED)
        .hasMessageContaining("tensor_index must be < 2");
  }

  @Test
  void accept_otherTransfer_malformed() throws Exception {
    assertRefused(MODEL, edit(0, b -> b.setTransferId("t-2")), ERROR_CODE_MALFORMED)
        .hasMessageContaining("transfer_id must be t-1");
  }

  // --- sizes and offsets -------------------------------------------------------------------

  @Test
  void accept_wrongOffset_malformed() throws Exception {
    assertRefused(MODEL, edit(1, b -> b.setByteOffset(63)), ERROR_CODE_MALFORMED)
        .hasMessageContaining("byte_offset of chunk 1 of tensor index 0 ('w') must be 64");
  }

  @Test
  void accept_shortMiddleChunk_malformed() throws Exception {
    assertRefused(MODEL, edit(2, b -> b.setData(b.getData().substring(1))), ERROR_CODE_MALFORMED)
        .hasMessageContaining("must be 64 bytes");
  }

  @Test
  void accept_chunkCountInconsistent_malformed() throws Exception {
    assertRefused(MODEL, edit(0, b -> b.setChunkCount(8)), ERROR_CODE_MALFORMED)
        .hasMessageContaining("chunk_count of tensor 'w' must be 7");
    assertRefused(MODEL, edit(4, b -> b.setChunkCount(8)), ERROR_CODE_MALFORMED)
        .hasMessageContaining("must stay 7");
  }

  @Test
  void accept_chunkOverLimit_oversized() throws Exception {
    TensorAssembler a = TensorAssembler.start("t-1", MODEL.toArrayRecord(),
        AssemblyLimits.builder().maxChunkBytes(32).build());
    ProtocolException e = refusal(a, chunks(MODEL));
    assertThat(e.code()).isEqualTo(ERROR_CODE_OVERSIZED);
    assertThat(e).hasMessageContaining("chunk data must be <= 32 bytes. Provided value: 64 bytes");
  }

  @Test
  void start_tensorOverLimit_oversizedBeforeAllocating() {
    ArrayRecord huge = ArrayRecord.newBuilder().addTensors(
        se.tillit.fl.protocol.v1.TensorSpec.newBuilder().setName("big")
            .setDtype(DType.DTYPE_FLOAT64).addShape(1 << 20).addShape(1 << 10)).build();
    assertThatThrownBy(() -> TensorAssembler.start("t", huge, AssemblyLimits.DEFAULT))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ERROR_CODE_OVERSIZED))
        .hasMessage("tensor index 0: size of tensor 'big' must be <= 1073741824 bytes."
            + " Provided value: 8589934592 bytes (shape [1048576, 1024], FLOAT64)");
  }

  @Test
  void start_modelOverTotalLimit_oversized() {
    AssemblyLimits limits = AssemblyLimits.builder().maxTotalBytes(439).build();
    assertThatThrownBy(() -> TensorAssembler.start("t", MODEL.toArrayRecord(), limits))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ERROR_CODE_OVERSIZED))
        .hasMessageContaining("total size of the model must be <= 439 bytes");
  }

  @Test
  void start_tooManyTensorsOrTooHighRank_oversized() {
    assertThatThrownBy(() -> TensorAssembler.start("t", MODEL.toArrayRecord(),
            AssemblyLimits.builder().maxTensors(1).build()))
        .hasMessage("number of tensors must be <= 1. Provided value: 2");
    assertThatThrownBy(() -> TensorAssembler.start("t", MODEL.toArrayRecord(),
            AssemblyLimits.builder().maxRank(1).build()))
        .hasMessageContaining("rank of tensor 'w' (index 0) must be <= 1. Provided value: 2");
  }

  @Test
  void start_overflowingOrNegativeShape_malformed() {
    ArrayRecord overflow = ArrayRecord.newBuilder().addTensors(
        se.tillit.fl.protocol.v1.TensorSpec.newBuilder().setName("x").setDtype(DType.DTYPE_FLOAT32)
            .addShape(Long.MAX_VALUE).addShape(4)).build();
    ArrayRecord negative = ArrayRecord.newBuilder().addTensors(
        se.tillit.fl.protocol.v1.TensorSpec.newBuilder().setName("x").setDtype(DType.DTYPE_FLOAT32)
            .addShape(-1)).build();
    for (ArrayRecord r : List.of(overflow, negative)) {
      assertThatThrownBy(() -> TensorAssembler.start("t", r, AssemblyLimits.DEFAULT))
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(ERROR_CODE_MALFORMED))
          .hasMessageContaining("shape of tensor 'x'");
    }
  }

  @Test
  void start_malformedAnnouncement_refused() {
    ArrayRecord twice = ArrayRecord.newBuilder()
        .addTensors(W.spec().toProto()).addTensors(W.spec().toProto()).build();
    assertThatThrownBy(() -> TensorAssembler.start("t", twice, AssemblyLimits.DEFAULT))
        .hasMessageContaining("tensor names must be unique. Provided value: 'w' at index 1");
    ArrayRecord noType = ArrayRecord.newBuilder()
        .addTensors(W.spec().toProto().toBuilder().setDtype(DType.DTYPE_UNSPECIFIED)).build();
    assertThatThrownBy(() -> TensorAssembler.start("t", noType, AssemblyLimits.DEFAULT))
        .hasMessageContaining("dtype must be one of");
    ArrayRecord noName = ArrayRecord.newBuilder()
        .addTensors(W.spec().toProto().toBuilder().setName("a\nb")).build();
    assertThatThrownBy(() -> TensorAssembler.start("t", noName, AssemblyLimits.DEFAULT))
        .hasMessageContaining("tensor index 0: tensor name must be 1 to 256 characters");
  }

  // --- shape, dtype, name ------------------------------------------------------------------

  @Test
  void accept_chunkShapeDiffersFromAnnouncement_shapeMismatch() throws Exception {
    assertRefused(MODEL, edit(0, b -> b.clearShape().addShape(25).addShape(4)),
        ERROR_CODE_SHAPE_MISMATCH)
        .hasMessageContaining("shape of tensor 'w' must be [4, 25] as announced."
            + " Provided value: [25, 4]");
  }

  @Test
  void accept_chunkDtypeDiffersFromAnnouncement_dtypeMismatch() throws Exception {
    assertRefused(MODEL, edit(3, b -> b.setDtype(DType.DTYPE_INT32)), ERROR_CODE_DTYPE_MISMATCH)
        .hasMessageContaining("dtype of tensor 'w' must be FLOAT32 as announced."
            + " Provided value: DTYPE_INT32");
  }

  @Test
  void accept_chunkNameDiffers_malformed() throws Exception {
    assertRefused(MODEL, edit(7, b -> b.setTensorName("bias")), ERROR_CODE_MALFORMED)
        .hasMessageContaining("tensor_name of chunk 0 of tensor index 1 must be 'b'");
  }

  @Test
  void start_withExpectedLayout_rejectsOtherShapeDtypeNameOrCount() {
    List<TensorSpec> expected = MODEL.specs();
    ModelParameters wrongShape = ModelParameters.of(
        Tensor.ofFloats("w", new long[] {25, 4}, new float[100]), B);
    ModelParameters wrongType = ModelParameters.of(
        Tensor.ofDoubles("w", new long[] {4, 25}, new double[100]), B);
    ModelParameters wrongName = ModelParameters.of(
        Tensor.ofFloats("v", new long[] {4, 25}, new float[100]), B);
    ModelParameters fewer = ModelParameters.of(W);

    assertThatThrownBy(() -> TensorAssembler.start("t", wrongShape.toArrayRecord(), expected,
            AssemblyLimits.DEFAULT))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ERROR_CODE_SHAPE_MISMATCH))
        .hasMessage("shape of tensor 'w' must be [4, 25]. Provided value: [25, 4]");
    assertThatThrownBy(() -> TensorAssembler.start("t", wrongType.toArrayRecord(), expected,
            AssemblyLimits.DEFAULT))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ERROR_CODE_DTYPE_MISMATCH));
    assertThatThrownBy(() -> TensorAssembler.start("t", wrongName.toArrayRecord(), expected,
            AssemblyLimits.DEFAULT))
        .hasMessage("tensor at index 0 must be named 'w'. Provided value: 'v'");
    assertThatThrownBy(() -> TensorAssembler.start("t", fewer.toArrayRecord(), expected,
            AssemblyLimits.DEFAULT))
        .hasMessage("number of tensors must be 2 as in the expected model. Provided value: 1");
  }

  // --- values ------------------------------------------------------------------------------

  @Test
  void accept_nanOrInfinity_nonFiniteByDefault_acceptedWhenAllowed() throws Exception {
    float[] f = filled(100, SECRET);
    f[57] = Float.NaN;
    ModelParameters withNan = ModelParameters.of(Tensor.ofFloats("w", new long[] {4, 25}, f), B);
    ModelParameters withInf = ModelParameters.of(
        Tensor.ofDoubles("d", new long[] {3}, new double[] {1, Double.NEGATIVE_INFINITY, 2}));

    assertRefused(withNan, chunks(withNan), ERROR_CODE_NON_FINITE)
        .hasMessage("tensor 'w' (index 0) must hold finite values only."
            + " Provided value: NaN or infinity at element 57");
    assertRefused(withInf, chunks(withInf), ERROR_CODE_NON_FINITE)
        .hasMessageContaining("at element 1");

    AssemblyLimits lenient = AssemblyLimits.builder().allowNonFinite(true).build();
    assertThat(TestModels.roundTrip(CHUNKER, withNan, lenient)).isEqualTo(withNan);
    assertThat(TestModels.roundTrip(CHUNKER, withInf, lenient)).isEqualTo(withInf);
  }

  // --- lifecycle ---------------------------------------------------------------------------

  @Test
  void afterRefusal_furtherCallsAreIllegalState() throws Exception {
    TensorAssembler a = start(MODEL);
    List<TensorChunk> c = chunks(MODEL);
    assertThatThrownBy(() -> a.accept(c.get(1))).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> a.accept(c.get(0))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(a::finish).isInstanceOf(IllegalStateException.class);
    assertThat(a.isComplete()).isFalse();
  }

  @Test
  void toStatus_mapsCodesToGrpcStatus() {
    ProtocolException e = new ProtocolException(ERROR_CODE_OVERSIZED, "too big");
    assertThat(e.toStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.toStatus().getDescription()).isEqualTo("ERROR_CODE_OVERSIZED: too big");
    assertThat(new ProtocolException(ERROR_CODE_DIGEST_MISMATCH, "x").toStatus().getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.toErrorInfo().getCode()).isEqualTo(ERROR_CODE_OVERSIZED);
    assertThat(e.toErrorInfo().getMessage()).isEqualTo("too big");
  }
}
