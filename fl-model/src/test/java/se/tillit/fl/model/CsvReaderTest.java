package se.tillit.fl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void parse_quotedFields_rfc4180() {
    Table t = CsvReader.parse("a,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\"two\nlines\"\r\n1,,3\n");
    assertThat(t.columns()).containsExactly("a", "b", "c");
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.row(0)).containsExactly("x, y", "he said \"hi\"", "two\nlines");
    assertThat(t.row(1)).containsExactly("1", "", "3");
  }

  @Test
  void parse_noTrailingNewline_lastRowKept() {
    assertThat(CsvReader.parse("a,b\n1,2").rowCount()).isEqualTo(1);
  }

  @Test
  void parse_raggedRow_namesLine() {
    assertThatThrownBy(() -> CsvReader.parse("a,b\n1,2\n\"multi\nline\",2\n1,2,3\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 5 must have 2 fields")
        .hasMessageContaining("Provided value: 3 fields");
  }

  @Test
  void parse_unclosedQuote_clearError() {
    assertThatThrownBy(() -> CsvReader.parse("a\n\"open\n"))
        .hasMessageContaining("line 2: a quoted field is not closed");
    assertThatThrownBy(() -> CsvReader.parse("a\nx\"y\n"))
        .hasMessageContaining("line 2, field 1: a quote must open the field");
    assertThatThrownBy(() -> CsvReader.parse(""))
        .hasMessageContaining("must have a header row");
  }
}
