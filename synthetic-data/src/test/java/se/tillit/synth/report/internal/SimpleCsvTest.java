package se.tillit.synth.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.Table;

class SimpleCsvTest {
  private static Table read(String text) throws Exception {
    return SimpleCsv.read(new StringReader(text), "test CSV");
  }

  @Test
  void read_quotedFieldsAndMissingTokens_parsed() throws Exception {
    Table t = read("a,b,c\r\n1, x ,\"he said \"\"hi\"\", twice\"\n?,NA,\n\"?\",\"line\nbreak\",z\n");
    assertThat(t.columns()).containsExactly("a", "b", "c");
    assertThat(t.rowCount()).isEqualTo(3);
    assertThat(t.row(0)).containsExactly("1", "x", "he said \"hi\", twice");
    assertThat(t.row(1)).containsExactly(null, null, null);
    assertThat(t.row(2)).containsExactly("?", "line\nbreak", "z");
  }

  @Test
  void read_adultStyleLeadingSpaces_stripped() throws Exception {
    Table t = read("age,workclass\n39, State-gov\n50, ?\n\n");
    assertThat(t.row(0)).containsExactly("39", "State-gov");
    assertThat(t.row(1)).containsExactly("50", null);
  }

  @Test
  void read_raggedRow_throwsNamingLine() {
    assertThatThrownBy(() -> read("a,b\n1,2\n3\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ragged")
        .hasMessageContaining("line 3 has 1");
  }

  @Test
  void read_emptyInput_throws() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty file");
    assertThatThrownBy(() -> read("a,b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one data row");
  }

  @Test
  void read_unclosedQuote_throws() {
    assertThatThrownBy(() -> read("a\n\"oops\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never closed");
  }
}
