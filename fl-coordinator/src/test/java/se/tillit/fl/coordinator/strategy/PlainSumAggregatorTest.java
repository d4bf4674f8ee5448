package se.tillit.fl.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;

class PlainSumAggregatorTest {
  private static final ModelParameters LAYOUT = ModelParameters.of(
      Tensor.ofFloats("0_W", new long[] {2, 1}, new float[] {0, 0}),
      Tensor.ofDoubles("0_b", new double[] {0}));

  private static ModelParameters delta(float w0, float w1, double b) {
    return ModelParameters.of(
        Tensor.ofFloats("0_W", new long[] {2, 1}, new float[] {w0, w1}),
        Tensor.ofDoubles("0_b", new double[] {b}));
  }

  @Test
  void scheme_isPlain() {
    assertThat(new PlainSumAggregator().scheme()).isEqualTo("plain");
  }

  @Test
  void add_twoClients_sumsWeightedInDouble() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(3, LAYOUT.specs());
    acc.add("a", delta(1f, 2f, 0.5), 2);
    acc.add("b", delta(0.5f, -1f, 0.25), 4);

    WeightedSum sum = acc.finish();

    assertThat(sum.sum()).containsExactly(4.0, 0.0, 2.0);
    assertThat(sum.totalWeight()).isEqualTo(6.0);
    assertThat(sum.contributors()).containsExactly("a", "b");
    assertThat(sum.mean()).containsExactly(4.0 / 6, 0.0, 2.0 / 6);
  }

  @Test
  void add_float32Values_accumulatesWithoutFloatRounding() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, LAYOUT.specs());
    acc.add("a", delta(1e8f, 0f, 0), 1);
    acc.add("b", delta(1f, 0f, 0), 1); // 1e8f + 1f == 1e8f in float32

    assertThat(acc.finish().sum()[0]).isEqualTo(100_000_001.0);
  }

  @Test
  void add_nan_rejectedAndSumUnchanged() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, LAYOUT.specs());
    acc.add("a", delta(1f, 1f, 1), 1);

    assertThatThrownBy(() -> acc.add("b", delta(2f, 2f, Double.NaN), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite")
        .hasMessageContaining("0_b");
    assertThatThrownBy(() -> acc.add("c", delta(Float.POSITIVE_INFINITY, 2f, 0), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");

    WeightedSum sum = acc.finish();
    assertThat(sum.sum()).containsExactly(1.0, 1.0, 1.0);
    assertThat(sum.contributors()).containsExactly("a");
  }

  @Test
  void add_wrongLayout_rejected() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, LAYOUT.specs());
    ModelParameters wrongShape = ModelParameters.of(
        Tensor.ofFloats("0_W", new long[] {1, 2}, new float[] {0, 0}),
        Tensor.ofDoubles("0_b", new double[] {0}));
    ModelParameters wrongType = ModelParameters.of(
        Tensor.ofDoubles("0_W", new long[] {2, 1}, new double[] {0, 0}),
        Tensor.ofDoubles("0_b", new double[] {0}));
    ModelParameters wrongOrder = ModelParameters.of(
        Tensor.ofDoubles("0_b", new double[] {0}),
        Tensor.ofFloats("0_W", new long[] {2, 1}, new float[] {0, 0}));
    ModelParameters missing = ModelParameters.of(Tensor.ofDoubles("0_b", new double[] {0}));

    for (ModelParameters bad : List.of(wrongShape, wrongType, wrongOrder, missing)) {
      assertThatThrownBy(() -> acc.add("x", bad, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("layout");
    }
    assertThat(acc.finish().contributors()).isEmpty();
  }

  @Test
  void add_duplicateClient_rejected() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(7, LAYOUT.specs());
    acc.add("a", delta(1f, 1f, 1), 1);

    assertThatThrownBy(() -> acc.add("a", delta(1f, 1f, 1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already contributed to round 7");
    assertThat(acc.finish().totalWeight()).isEqualTo(1.0);
  }

  @Test
  void add_badWeight_rejected() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, LAYOUT.specs());
    for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> acc.add("a", delta(1f, 1f, 1), w))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight");
    }
    acc.add("a", delta(1f, 1f, 1), 1); // "a" was never counted
  }

  @Test
  void add_afterFinish_illegalState() {
    Aggregator.Accumulation acc = new PlainSumAggregator().begin(1, LAYOUT.specs());
    acc.finish();

    assertThatThrownBy(() -> acc.add("a", delta(1f, 1f, 1), 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(acc::finish).isInstanceOf(IllegalStateException.class);
  }
}
