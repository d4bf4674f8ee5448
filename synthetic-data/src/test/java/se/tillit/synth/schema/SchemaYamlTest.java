package se.tillit.synth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import se.tillit.synth.AdultData;
import se.tillit.synth.data.ColumnType;

class SchemaYamlTest {

  @Test
  void writeThenRead_adultSchema_roundTrips() throws Exception {
    Schema s = SchemaInference.defaults().infer(AdultData.table());
    assertThat(SchemaYaml.parse(SchemaYaml.toYaml(s), "test")).isEqualTo(s);
  }

  @Test
  void parse_dateAndDefaults() {
    Schema s = SchemaYaml.parse("""
        columns:
          - name: born
            type: date
            min: 2000-01-01
            max: 2000-01-10
          - name: n
            type: NUMERIC
            min: 0
            max: 1.5
        """, "t");
    assertThat(s.column("born").type()).isEqualTo(ColumnType.DATE);
    assertThat(s.column("born").bins()).isEqualTo(10);
    assertThat(s.column("n").bins()).isEqualTo(32);
    assertThat(s.column("n").nullable()).isFalse();
  }

  @Test
  void parse_badType_namesAllowed() {
    assertThatThrownBy(() -> SchemaYaml.parse("columns:\n  - name: a\n    type: text\n", "t"))
        .hasMessageContaining("type must be one of numeric, integer, categorical, date")
        .hasMessageContaining("'text'");
  }

  @Test
  void parse_unknownKey_namesKey() {
    assertThatThrownBy(() -> SchemaYaml.parse(
        "columns:\n  - name: a\n    type: integer\n    min: 0\n    max: 1\n    bin: 2\n", "t"))
        .hasMessageContaining("Provided value: 'bin'");
  }

  @Test
  void parse_categoricalWithoutCategories_error() {
    assertThatThrownBy(() -> SchemaYaml.parse("columns:\n  - name: a\n    type: categorical\n", "t"))
        .hasMessageContaining("must list its 'categories'");
  }

  @Test
  void parse_minAboveMax_error() {
    assertThatThrownBy(() -> SchemaYaml.parse(
        "columns:\n  - name: a\n    type: integer\n    min: 5\n    max: 1\n", "t"))
        .hasMessageContaining("min must be <= max");
  }

  @Test
  void parse_notYaml_error() {
    assertThatThrownBy(() -> SchemaYaml.parse("columns: [\n", "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid YAML");
  }

  @Test
  void parse_wrongVersion_error() {
    assertThatThrownBy(() -> SchemaYaml.parse(
        "format_version: 2\ncolumns:\n  - name: a\n    type: integer\n    min: 0\n    max: 1\n", "t"))
        .hasMessageContaining("format_version must be 1");
  }
}
