package se.tillit.synth.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.ColumnType;

class SchemaEdgesYamlTest {

  @Test
  void parse_edges_singletonsAndDerivedBins() {
    Schema s = SchemaYaml.parse("""
        columns:
          - name: gain
            type: integer
            edges: [0, 1, 5000, 99999, 99999]
          - name: hours
            type: numeric
            edges: [0, 40, 40, 99.5]
            nullable: true
          - name: day
            type: date
            edges: [2024-01-01, 2024-01-01, 2024-12-31]
        """, "t");
    ColumnSchema gain = s.column("gain");
    assertThat(gain.edges()).containsExactly(0.0, 1.0, 5000.0, 99999.0, 99999.0);
    assertThat(gain.bins()).isEqualTo(4);
    assertThat(gain.min()).isEqualTo(0.0);
    assertThat(gain.max()).isEqualTo(99999.0);
    assertThat(s.column("hours").isSingleton(1)).isTrue();
    assertThat(s.column("hours").domainSize()).isEqualTo(4);
    assertThat(s.column("day").isSingleton(0)).isTrue();
  }

  @Test
  void writeThenRead_edges_roundTrips() {
    Schema s = new Schema(List.of(
        ColumnSchema.withEdges("i", ColumnType.INTEGER, List.of(-3.0, 0.0, 1.0, 7.0, 7.0), true),
        ColumnSchema.withEdges("x", ColumnType.NUMERIC, List.of(0.5, 0.5, 2.25, 1e6), false),
        ColumnSchema.withEdges("d", ColumnType.DATE, List.of(19000.0, 19001.0, 19500.0), false),
        new ColumnSchema("e", ColumnType.NUMERIC, List.of(), 0.0, 1.0, 4, false)));
    String yaml = SchemaYaml.toYaml(s);
    assertThat(yaml).contains("edges").contains("2022-01-08");
    assertThat(SchemaYaml.parse(yaml, "t")).isEqualTo(s);
  }

  @Test
  void parse_edgesWithMin_error() {
    assertThatThrownBy(() -> SchemaYaml.parse("""
        columns:
          - name: x
            type: numeric
            min: 0
            edges: [0, 1]
        """, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'x'").hasMessageContaining("remove 'min'");
  }

  @Test
  void parse_edgesNotList_error() {
    assertThatThrownBy(() -> SchemaYaml.parse("""
        columns:
          - name: x
            type: numeric
            edges: 3
        """, "t"))
        .hasMessageContaining("edges must be a list of at least 2 values");
  }

  @Test
  void parse_edgesUnsorted_errorNamesSchemaAndColumn() {
    assertThatThrownBy(() -> SchemaYaml.parse("""
        columns:
          - name: x
            type: numeric
            edges: [0, 5, 2]
        """, "s.yaml"))
        .hasMessageContaining("schema s.yaml")
        .hasMessageContaining("edges of column 'x' must be sorted");
  }

  @Test
  void parse_integerEdgeNotWhole_error() {
    assertThatThrownBy(() -> SchemaYaml.parse("""
        columns:
          - name: i
            type: integer
            edges: [0, 2.5]
        """, "t"))
        .hasMessageContaining("edge 2 must be a whole number");
  }

  @Test
  void parse_edgesOnCategorical_error() {
    assertThatThrownBy(() -> SchemaYaml.parse("""
        columns:
          - name: c
            type: categorical
            categories: [a]
            edges: [0, 1]
        """, "t"))
        .hasMessageContaining("a categorical column has no 'edges'");
  }
}
