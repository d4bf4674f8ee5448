package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TensorNonFiniteTest {
  private static final float[] FLOAT_EDGES = {
      Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 0f, -0f};
  private static final double[] DOUBLE_EDGES = {
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, 0d, -0d};

  @Test
  void firstNonFiniteIndex_finiteEdgeValues_none() {
    float[] f = new float[10_000];
    for (int i = 0; i < f.length; i++) {
      f[i] = FLOAT_EDGES[i % FLOAT_EDGES.length];
    }
    assertThat(Tensor.ofFloats("f", f).firstNonFiniteIndex()).isEqualTo(-1);
    double[] d = new double[10_000];
    for (int i = 0; i < d.length; i++) {
      d[i] = DOUBLE_EDGES[i % DOUBLE_EDGES.length];
    }
    assertThat(Tensor.ofDoubles("d", d).firstNonFiniteIndex()).isEqualTo(-1);
  }

  @Test
  void firstNonFiniteIndex_anyPositionAndKind_foundExactly() {
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.intBitsToFloat(0xffc00001), Float.intBitsToFloat(0x7f800001)};
    for (int at : new int[] {0, 1, 4095, 4096, 4097, 9999}) {
      for (float b : bad) {
        float[] f = new float[10_000];
        f[at] = b;
        assertThat(Tensor.ofFloats("f", f).firstNonFiniteIndex()).as("float at %d", at).isEqualTo(at);
      }
      for (double b : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
          Double.longBitsToDouble(0xfff0000000000001L)}) {
        double[] d = new double[10_000];
        d[at] = b;
        assertThat(Tensor.ofDoubles("d", d).firstNonFiniteIndex()).as("double at %d", at).isEqualTo(at);
      }
    }
    float[] two = new float[9000];
    two[5000] = Float.NaN;
    two[8000] = Float.NaN;
    assertThat(Tensor.ofFloats("f", two).firstNonFiniteIndex()).isEqualTo(5000);
  }
}
