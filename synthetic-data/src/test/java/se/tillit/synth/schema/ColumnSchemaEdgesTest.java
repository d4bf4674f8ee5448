package se.tillit.synth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.ColumnType;

class ColumnSchemaEdgesTest {

  @Test
  void withEdges_valid_derivesMinMaxAndBins() {
    ColumnSchema c = ColumnSchema.withEdges("x", ColumnType.NUMERIC, List.of(0.0, 0.0, 10.0, 50.0),
        true);
    assertThat(c.min()).isEqualTo(0.0);
    assertThat(c.max()).isEqualTo(50.0);
    assertThat(c.bins()).isEqualTo(3);
    assertThat(c.domainSize()).isEqualTo(4);
    assertThat(c.isSingleton(0)).isTrue();
    assertThat(c.isSingleton(1)).isFalse();
  }

  @Test
  void withEdges_integer_wholeNumbersPerBin() {
    ColumnSchema c = ColumnSchema.withEdges("i", ColumnType.INTEGER,
        List.of(0.0, 0.0, 5.0, 9.0, 9.0), false);
    assertThat(c.firstWholeNumber(0)).isEqualTo(0);
    assertThat(c.lastWholeNumber(0)).isEqualTo(0);
    assertThat(c.firstWholeNumber(1)).isEqualTo(1); // (0, 5)
    assertThat(c.lastWholeNumber(1)).isEqualTo(4);
    assertThat(c.firstWholeNumber(2)).isEqualTo(5); // [5, 9)
    assertThat(c.lastWholeNumber(2)).isEqualTo(8);
    assertThat(c.firstWholeNumber(3)).isEqualTo(9); // {9}
    assertThat(c.lastWholeNumber(3)).isEqualTo(9);
  }

  @Test
  void withEdges_singleSingleton_oneBin() {
    ColumnSchema c = ColumnSchema.withEdges("i", ColumnType.INTEGER, List.of(3.0, 3.0), false);
    assertThat(c.bins()).isEqualTo(1);
    assertThat(c.isSingleton(0)).isTrue();
  }

  @Test
  void withEdges_tooFew_error() {
    assertThatThrownBy(() -> ColumnSchema.withEdges("x", ColumnType.NUMERIC, List.of(1.0), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("edges of column 'x' must hold at least 2 values");
  }

  @Test
  void withEdges_unsorted_error() {
    assertThatThrownBy(() -> ColumnSchema.withEdges("x", ColumnType.NUMERIC,
        List.of(0.0, 5.0, 3.0), false))
        .hasMessageContaining("must be sorted in increasing order");
  }

  @Test
  void withEdges_notFinite_error() {
    assertThatThrownBy(() -> ColumnSchema.withEdges("x", ColumnType.NUMERIC,
        List.of(0.0, Double.POSITIVE_INFINITY), false))
        .hasMessageContaining("must be finite numbers");
  }

  @Test
  void withEdges_tripleRepeat_error() {
    assertThatThrownBy(() -> ColumnSchema.withEdges("x", ColumnType.NUMERIC,
        List.of(0.0, 1.0, 1.0, 1.0), false))
        .hasMessageContaining("at most twice");
  }

  @Test
  void withEdges_integerFraction_error() {
    assertThatThrownBy(() -> ColumnSchema.withEdges("i", ColumnType.INTEGER,
        List.of(0.0, 1.5), false))
        .hasMessageContaining("must be whole numbers for a integer column");
  }

  @Test
  void withEdges_integerBinWithoutWholeNumber_error() {
    // {0}, then (0, 1) holds no whole number
    assertThatThrownBy(() -> ColumnSchema.withEdges("i", ColumnType.INTEGER,
        List.of(0.0, 0.0, 1.0, 5.0), false))
        .hasMessageContaining("every bin must hold at least one whole number");
  }

  @Test
  void constructor_edgesOnCategorical_error() {
    assertThatThrownBy(() -> new ColumnSchema("c", ColumnType.CATEGORICAL, List.of("a"), null,
        null, null, false, List.of(0.0, 1.0)))
        .hasMessageContaining("must not have bin edges");
  }

  @Test
  void constructor_edgesDisagreeWithMinMaxBins_error() {
    assertThatThrownBy(() -> new ColumnSchema("x", ColumnType.NUMERIC, List.of(), 0.0, 9.0, 2,
        false, List.of(0.0, 1.0, 2.0)))
        .hasMessageContaining("max = last edge");
  }

  @Test
  void constructor_withoutEdges_equalWidthAsBefore() {
    ColumnSchema c = new ColumnSchema("x", ColumnType.NUMERIC, List.of(), 0.0, 1.0, 4, false);
    assertThat(c.hasEdges()).isFalse();
    assertThat(c.edges()).isEmpty();
    assertThat(c.bins()).isEqualTo(4);
  }
}
