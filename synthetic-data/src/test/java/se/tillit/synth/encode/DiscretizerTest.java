package se.tillit.synth.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.synth.AdultData;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

class DiscretizerTest {
  static final Schema SCHEMA = new Schema(List.of(
      new ColumnSchema("c", ColumnType.CATEGORICAL, List.of("a", "b"), null, null, null, true),
      new ColumnSchema("i", ColumnType.INTEGER, List.of(), 0.0, 9.0, 10, false),
      new ColumnSchema("x", ColumnType.NUMERIC, List.of(), 0.0, 1.0, 4, false),
      new ColumnSchema("d", ColumnType.DATE, List.of(), 0.0, 3.0, 2, true)));

  @Test
  void encode_valuesAndMissing_codes() {
    Table t = Table.of(SCHEMA.names(), List.of(
        new String[] {"b", "3", "0.3", "1970-01-04"},
        new String[] {null, "42", "-5", null}));
    EncodedData e = new Discretizer(SCHEMA).encode(t);
    assertThat(e.domainSizes()).containsExactly(3, 10, 4, 3);
    assertThat(e.codes()[0]).containsExactly(1, 2);
    assertThat(e.codes()[1]).containsExactly(3, 9); // 42 clamped
    assertThat(e.codes()[2]).containsExactly(1, 0); // -5 clamped
    assertThat(e.codes()[3]).containsExactly(1, 2); // day 3 in bin [2,4); missing code 2
  }

  @Test
  void decode_codes_valuesWithinBins() {
    Discretizer d = new Discretizer(SCHEMA);
    var r = Randomness.insecureSeededForTesting(1);
    for (int k = 0; k < 100; k++) {
      assertThat(d.value(1, 3, r)).isEqualTo("3");
      double x = Double.parseDouble(d.value(2, 1, r));
      assertThat(x).isBetween(0.25, 0.5);
      assertThat(d.value(3, 1, r)).isIn("1970-01-03", "1970-01-04");
    }
    assertThat(d.value(0, 2, r)).isNull();
    assertThat(d.value(3, 2, r)).isNull();
  }

  @Test
  void encodeDecodeEncode_adult_sameCodes() throws Exception {
    Table t = AdultData.sample(2000, 3);
    Schema s = SchemaInference.defaults().infer(t);
    Discretizer d = new Discretizer(s);
    EncodedData e = d.encode(t);
    EncodedData again = d.encode(d.decode(e, Randomness.insecureSeededForTesting(2)));
    for (int j = 0; j < e.columnCount(); j++) {
      assertThat(again.codes()[j]).as(s.names().get(j)).containsExactly(e.codes()[j]);
    }
  }

  @Test
  void encode_unknownCategory_errorNamesRowAndColumnNotValue() {
    Table t = Table.of(SCHEMA.names(), List.<String[]>of(new String[] {"zz-secret", "1", "0", null}));
    assertThatThrownBy(() -> new Discretizer(SCHEMA).encode(t))
        .hasMessageContaining("row 1, column 'c'").hasMessageNotContaining("zz-secret");
  }

  @Test
  void encode_missingInNonNullable_error() {
    Table t = Table.of(SCHEMA.names(), List.<String[]>of(new String[] {"a", null, "0", null}));
    assertThatThrownBy(() -> new Discretizer(SCHEMA).encode(t))
        .hasMessageContaining("row 1, column 'i' is missing");
  }
}
