package se.tillit.fl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {
  @Test
  void toMapFromMap_roundTrip_equal() {
    FeatureSchema s = ToyData.schema();
    assertThat(FeatureSchema.fromMap(s.toMap())).isEqualTo(s);
    assertThat(FeatureSchema.fromJson(s.toJson())).isEqualTo(s);
    assertThat(s.inputWidth()).isEqualTo(2 + 2 + 4);
    assertThat(s.numClasses()).isEqualTo(2);
  }

  @Test
  void fromMap_runFileForm_parsed() {
    FeatureSchema s = FeatureSchema.fromMap(Map.of("label", "income",
        "classes", List.of("<=50K", ">50K"),
        "columns", List.of(Map.of("name", "age", "type", "numeric", "min", 17, "max", "90"),
            Map.of("name", "sex", "type", "categorical", "categories", List.of("F", "M")))));
    assertThat(s.columns().get(0).max()).isEqualTo(90.0);
    assertThat(s.inputWidth()).isEqualTo(5);
  }

  @Test
  void fromMap_badInput_clearErrors() {
    assertThatThrownBy(() -> FeatureSchema.fromMap(Map.of("label", "y", "classes", List.of("a"),
        "columns", List.of())))
        .hasMessageContaining("features.classes must list at least 2 classes");
    assertThatThrownBy(() -> FeatureSchema.fromMap(Map.of("label", "y",
        "classes", List.of("a", "b"),
        "columns", List.of(Map.of("name", "x", "type", "numeric", "min", 3, "max", 1)))))
        .hasMessageContaining("numeric column 'x' must have finite min <= max");
    assertThatThrownBy(() -> FeatureSchema.fromMap(Map.of("label", "y",
        "classes", List.of("a", "b"),
        "columns", List.of(Map.of("name", "x", "type", "text")))))
        .hasMessageContaining("features.columns[0].type must be numeric or categorical");
    assertThatThrownBy(() -> FeatureSchema.fromMap(Map.of("label", "y",
        "classes", List.of("a", "b"), "colums", List.of())))
        .hasMessageContaining("features.colums is not a known field");
    assertThatThrownBy(() -> FeatureSchema.fromJson("{not json"))
        .hasMessageContaining("features must be a JSON object");
  }

  @Test
  void infer_toyTable_numericAndCategorical() {
    FeatureSchema s = FeatureSchema.infer(ToyData.table(200, 1), "label");
    assertThat(s.classes()).containsExactly("no", "yes");
    assertThat(s.columns().get(0).type()).isEqualTo(FeatureSchema.ColumnType.NUMERIC);
    assertThat(s.columns().get(0).min()).isBetween(0.0, 0.05);
    assertThat(s.columns().get(2).categories()).containsExactly("blue", "green", "red");
  }

  @Test
  void infer_maxCategories_keepsMostFrequent() {
    Table t = CsvReader.parse("c,y\na,0\na,1\nb,0\nb,1\nb,0\nc,1\n");
    FeatureSchema s = FeatureSchema.infer(t, "y", 2);
    assertThat(s.columns().get(0).categories()).containsExactly("a", "b");
    assertThat(s.classes()).containsExactly("0", "1");
  }
}
