package se.tillit.synth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;

class SchemaInferenceBinsTest {

  private static Table column(String name, List<String> values) {
    List<String[]> rows = new ArrayList<>();
    values.forEach(v -> rows.add(new String[] {v}));
    return Table.of(List.of(name), rows);
  }

  @Test
  void infer_smallIntegerRange_oneBinPerValue() {
    Table t = column("age", List.of("17", "20", "25", "90"));
    ColumnSchema c = SchemaInference.builder().maxExactValues(100).build().infer(t).column("age");
    assertThat(c.type()).isEqualTo(ColumnType.INTEGER);
    assertThat(c.bins()).isEqualTo(74);
    assertThat(c.edges().get(0)).isEqualTo(17.0);
    assertThat(c.isSingleton(73)).isTrue(); // {90}
    for (int b = 0; b < c.bins(); b++) {
      assertThat(c.firstWholeNumber(b)).isEqualTo(c.lastWholeNumber(b)).isEqualTo(17 + b);
    }
  }

  @Test
  void infer_integerRangeAboveLimit_atMostBinsBins() {
    List<String> v = new ArrayList<>();
    for (int i = 17; i <= 90; i++) {
      v.add(String.valueOf(i));
    }
    ColumnSchema c = SchemaInference.defaults().infer(column("age", v)).column("age");
    assertThat(c.bins()).isLessThanOrEqualTo(SchemaInference.DEFAULT_BINS).isGreaterThan(16);
    assertThat(c.min()).isEqualTo(17.0);
    assertThat(c.max()).isEqualTo(90.0);
  }

  @Test
  void infer_zeroInflatedWideInteger_zeroGetsItsOwnBin() {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < 950; i++) {
      v.add("0");
    }
    for (int i = 0; i < 50; i++) {
      v.add(String.valueOf(1000 + i * 1000));
    }
    ColumnSchema c = SchemaInference.defaults().infer(column("gain", v)).column("gain");
    assertThat(c.edges().subList(0, 2)).containsExactly(0.0, 1.0); // [0, 1) = {0}
    assertThat(c.bins()).isLessThanOrEqualTo(SchemaInference.DEFAULT_BINS);
    assertThat(c.max()).isEqualTo(50_000.0);
  }

  @Test
  void infer_heavyValueInsideRange_ownBinAndBinsCapped() {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      v.add(i % 2 == 0 ? "40" : String.valueOf(i % 1000));
    }
    SchemaInference inf = SchemaInference.builder().bins(10).maxExactValues(50).build();
    ColumnSchema c = inf.infer(column("h", v)).column("h");
    assertThat(c.bins()).isLessThanOrEqualTo(10);
    int at = c.edges().indexOf(40.0);
    assertThat(at).isGreaterThanOrEqualTo(0);
    assertThat(c.edges().get(at + 1)).isEqualTo(41.0); // [40, 41) = {40}
  }

  @Test
  void infer_numericHeavyValue_singletonBin() {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      v.add(i % 4 == 0 ? "2.5" : String.valueOf(i * 0.37));
    }
    ColumnSchema c = SchemaInference.defaults().infer(column("x", v)).column("x");
    assertThat(c.type()).isEqualTo(ColumnType.NUMERIC);
    int at = c.edges().indexOf(2.5);
    assertThat(at).isGreaterThanOrEqualTo(0);
    assertThat(c.isSingleton(at)).isTrue();
    assertThat(c.bins()).isLessThanOrEqualTo(SchemaInference.DEFAULT_BINS);
  }

  @Test
  void infer_numericFewValues_singletonPerValue() {
    Table t = column("x", List.of("0.5", "1.5", "1.5", "3.25"));
    ColumnSchema c = SchemaInference.defaults().infer(t).column("x");
    assertThat(c.edges()).containsExactly(0.5, 0.5, 1.5, 1.5, 3.25, 3.25);
    assertThat(c.bins()).isEqualTo(5);
  }

  @Test
  void infer_skewedNumeric_quantileEdgesRounded() {
    List<String> v = new ArrayList<>();
    for (int i = 1; i <= 3000; i++) {
      v.add(String.valueOf(Math.exp(i / 300.0) * 1.2345));
    }
    ColumnSchema c = SchemaInference.defaults().infer(column("w", v)).column("w");
    assertThat(c.bins()).isEqualTo(SchemaInference.DEFAULT_BINS);
    for (int i = 1; i < c.edges().size() - 1; i++) {
      double e = c.edges().get(i);
      assertThat(new java.math.BigDecimal(e).round(new java.math.MathContext(3)).doubleValue())
          .isEqualTo(e);
    }
  }

  @Test
  void infer_inferredSchema_roundTripsThroughYaml() {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      v.add(i % 3 == 0 ? "0" : String.valueOf(i * 17));
    }
    Schema s = SchemaInference.defaults().infer(column("gain", v));
    assertThat(SchemaYaml.parse(SchemaYaml.toYaml(s), "t")).isEqualTo(s);
  }

  @Test
  void builder_badValues_errorsNameParameter() {
    assertThatThrownBy(() -> SchemaInference.builder().maxExactValues(0))
        .hasMessageContaining("maxExactValues must be >= 1");
    assertThatThrownBy(() -> SchemaInference.builder().heavyShare(0))
        .hasMessageContaining("heavyShare must be > 0");
  }
}
