package se.tillit.fl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableEncoderTest {
  private final TableEncoder encoder = TableEncoder.forSchema(ToyData.schema());

  @Test
  void encode_sameRowOnTwoClientsWithDifferentData_identical() {
    String[] shared = {"0.25", "1.7", "green", "yes"};
    Table a = Table.of(List.of("x1", "x2", "color", "label"),
        List.of(shared, new String[] {"0.9", "0.1", "red", "no"}));
    // Another client: other rows, other column order, one category the schema does not know.
    Table b = Table.of(List.of("label", "color", "x2", "x1"), List.of(
        new String[] {"no", "purple", "-5", "0"},
        new String[] {"no", "blue", "0.3", "0.3"},
        new String[] {shared[3], shared[2], shared[1], shared[0]}));
    float[] rowA = Arrays.copyOfRange(encoder.encode(a).features(), 0, 8);
    float[] rowB = Arrays.copyOfRange(encoder.encode(b).features(), 16, 24);
    assertThat(rowA).containsExactly(rowB);
    // x1 scaled, x2 clamped to 1, one-hot green.
    assertThat(rowA).containsExactly(0.25f, 0f, 1f, 0f, 0f, 1f, 0f, 0f);
    // The unknown category goes to "other"; -5 clamps to 0.
    assertThat(Arrays.copyOfRange(encoder.encode(b).features(), 0, 8))
        .containsExactly(0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f);
  }

  @Test
  void encode_missingNumeric_zeroAndIndicator() {
    Table t = CsvReader.parse("x1,x2,color,label\n ?, 0.5 , red , no \n");
    EncodedData d = encoder.encode(t);
    assertThat(d.features()).containsExactly(0f, 1f, 0.5f, 0f, 0f, 0f, 1f, 0f);
    assertThat(d.labels()).containsExactly(0);
  }

  @Test
  void encode_unknownLabel_clearErrorWithoutValue() {
    Table t = CsvReader.parse("x1,x2,color,label\n0,0,red,no\n0,0,red,maybe-secret\n");
    assertThatThrownBy(() -> encoder.encode(t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2: the label in column 'label' must be one of the schema's 2")
        .hasMessageNotContaining("maybe-secret");
  }

  @Test
  void encode_notANumberOrMissingColumn_clearError() {
    assertThatThrownBy(() -> encoder.encode(
        CsvReader.parse("x1,x2,color,label\nabc,0,red,no\n")))
        .hasMessageContaining("row 1: column 'x1' must be numeric");
    assertThatThrownBy(() -> encoder.encode(CsvReader.parse("x1,color,label\n0,red,no\n")))
        .hasMessageContaining("the data must have the schema's column 'x2'");
  }
}
