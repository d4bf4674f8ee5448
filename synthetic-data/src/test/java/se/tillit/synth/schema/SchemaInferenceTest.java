package se.tillit.synth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.synth.AdultData;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;

class SchemaInferenceTest {

  @Test
  void infer_adult_sixNumericNineCategorical() throws Exception {
    Schema s = SchemaInference.defaults().infer(AdultData.table());
    long cat = s.columns().stream().filter(c -> c.type() == ColumnType.CATEGORICAL).count();
    long num = s.columns().stream().filter(c -> c.type() == ColumnType.INTEGER
        || c.type() == ColumnType.NUMERIC).count();
    assertThat(cat).isEqualTo(9);
    assertThat(num).isEqualTo(6);
    assertThat(s.column("workclass").nullable()).isTrue();
    assertThat(s.column("workclass").categories()).contains("Private").doesNotContain("?");
    assertThat(s.column("age").min()).isEqualTo(17.0);
    assertThat(s.column("income").categories()).containsExactly("<=50K", ">50K");
  }

  @Test
  void infer_typesDatesAndMissing() {
    Table t = Table.of(List.of("i", "x", "d", "c"), List.of(
        new String[] {"1", "1.5", "2024-01-31", "a"},
        new String[] {"-3", "2e3", "2023-12-01", null},
        new String[] {null, "7", "2024-02-29", "b"}));
    Schema s = SchemaInference.defaults().infer(t);
    assertThat(s.column("i").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(s.column("i").nullable()).isTrue();
    assertThat(s.column("i").bins()).isEqualTo(5);
    assertThat(s.column("x").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(s.column("x").max()).isEqualTo(2000.0);
    assertThat(s.column("d").type()).isEqualTo(ColumnType.DATE);
    assertThat(s.column("c").categories()).containsExactly("a", "b");
  }

  @Test
  void infer_allMissingColumn_clearError() {
    Table t = Table.of(List.of("a", "empty"), List.<String[]>of(new String[] {"1", null}));
    assertThatThrownBy(() -> SchemaInference.defaults().infer(t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'empty' has only missing values");
  }

  @Test
  void infer_allMissingColumnDeclared_usesDeclaration() {
    Table t = Table.of(List.of("a", "empty"), List.<String[]>of(new String[] {"1", null}));
    Schema over = new Schema(List.of(new ColumnSchema(
        "empty", ColumnType.CATEGORICAL, List.of("x"), null, null, null, true)));
    assertThat(SchemaInference.defaults().infer(t, over).column("empty").type())
        .isEqualTo(ColumnType.CATEGORICAL);
  }

  @Test
  void infer_tooManyDistinctStrings_refused() {
    Table t = Table.of(List.of("id"), List.of(new String[] {"a"}, new String[] {"b"},
        new String[] {"c"}));
    assertThatThrownBy(() -> SchemaInference.builder().maxCategories(2).build().infer(t))
        .hasMessageContaining("more than 2 distinct values");
  }

  @Test
  void infer_overrideUnknownColumn_errorListsTableColumns() {
    Table t = Table.of(List.of("a", "b"), List.<String[]>of(new String[] {"1", "x"}));
    Schema over = new Schema(List.of(new ColumnSchema(
        "nope", ColumnType.INTEGER, List.of(), 0.0, 1.0, 2, false)));
    assertThatThrownBy(() -> SchemaInference.defaults().infer(t, over))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[nope]").hasMessageContaining("[a, b]");
  }
}
