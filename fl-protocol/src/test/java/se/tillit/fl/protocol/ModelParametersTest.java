package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class ModelParametersTest {

  @Test
  void constructor_duplicateNames_rejected() {
    Tensor a = Tensor.ofFloats("w", new float[] {1});
    assertThatThrownBy(() -> ModelParameters.of(a, Tensor.ofDoubles("w", new double[] {2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tensor names must be unique. Provided value: 'w' twice");
  }

  @Test
  void flatDoubles_roundTrip_keepsLayoutAndTypes() {
    ModelParameters m = TestModels.mixedModel();
    double[] flat = m.toFlatDoubles();
    assertThat(flat).hasSize((int) m.totalElements());
    ModelParameters back = m.withFlatDoubles(flat);
    assertThat(back.sameLayoutAs(m)).isTrue();
    // exact for all types but INT64 values beyond 2^53
    assertThat(back.get("conv.W")).isEqualTo(m.get("conv.W"));
    assertThat(back.get("dense.W")).isEqualTo(m.get("dense.W"));
    assertThat(back.get("quantised")).isEqualTo(m.get("quantised"));
    assertThat(back.get("scale").toDoubleArray()).containsExactly(Math.PI);
  }

  @Test
  void withFlatDoubles_wrongLengthOrNonIntegralForIntTensor_rejected() {
    ModelParameters m = ModelParameters.of(Tensor.ofInts("q", new long[] {2}, new int[] {1, 2}));
    assertThatThrownBy(() -> m.withFlatDoubles(new double[3]))
        .hasMessage("flat vector length must equal the model's element count 2. Provided value: 3");
    assertThatThrownBy(() -> m.withFlatDoubles(new double[] {1, 2.5}))
        .hasMessageContaining("must be integers");
    assertThatThrownBy(() -> m.withFlatDoubles(new double[] {1, 0x1p31}))
        .hasMessageContaining("must be integers");
    assertThat(m.withFlatDoubles(new double[] {-0x1p31, 0x1p31 - 1}).get("q").toIntArray())
        .containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  @Test
  void accessors_layoutAndSizes() {
    ModelParameters m = TestModels.mixedModel();
    assertThat(m.names()).containsExactly("conv.W", "dense.W", "scale", "empty", "quantised",
        "masked");
    assertThat(m.asMap().keySet()).containsExactlyElementsOf(m.names());
    assertThat(m.totalBytes()).isEqualTo(24 * 4 + 35 * 8 + 8 + 0 + 11 * 4 + 9 * 8);
    assertThat(m.toArrayRecord().getTensorsCount()).isEqualTo(6);
    assertThat(m.find("nope")).isEmpty();
    assertThatThrownBy(() -> m.get("nope")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_neverShowsValues() {
    Tensor t = Tensor.ofFloats("w", new float[] {31415.926f});
    assertThat(t.toString()).isEqualTo("Tensor[name=w, dtype=FLOAT32, shape=[1]]");
    assertThat(ModelParameters.of(t).toString()).doesNotContain("31415");
  }

  @Test
  void tensor_equalityIsBitwise_andViewsAreReadOnly() {
    Tensor a = Tensor.ofFloats("w", new float[] {Float.NaN, -0f});
    Tensor b = Tensor.ofFloats("w", new float[] {Float.NaN, -0f});
    Tensor c = Tensor.ofFloats("w", new float[] {Float.NaN, 0f});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.firstNonFiniteIndex()).isZero();
    assertThatThrownBy(() -> a.floats().put(0, 1f)).isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(a::doubles).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void tensor_factoriesCheckLengths() {
    assertThatThrownBy(() -> Tensor.ofFloats("w", new long[] {2, 2}, new float[3]))
        .hasMessage("number of values of tensor 'w' must equal the shape's element count 4."
            + " Provided value: 3");
    TensorSpec spec = new TensorSpec("w", DType.FLOAT64, new long[] {2});
    assertThatThrownBy(() -> Tensor.wrapLittleEndian(spec, ByteBuffer.allocate(15)))
        .hasMessageContaining("must be exactly 16 bytes");
    assertThatThrownBy(() -> new TensorSpec("w", DType.FLOAT64, new long[] {1L << 40}))
        .hasMessageContaining("must be <= 2147483639 bytes");
    assertThatThrownBy(() -> new TensorSpec("", DType.FLOAT64, new long[] {1}))
        .hasMessageContaining("tensor name must be 1 to 256 characters");
  }
}
