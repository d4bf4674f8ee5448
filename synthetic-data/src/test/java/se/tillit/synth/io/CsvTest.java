package se.tillit.synth.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.synth.data.Table;

class CsvTest {
  @TempDir Path dir;

  static Table read(String s) throws Exception {
    return Csv.read(new StringReader(s), CsvOptions.DEFAULT);
  }

  @Test
  void read_quotedFieldsWithCommasQuotesAndNewlines_parsed() throws Exception {
    Table t = read("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",plain\n");
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.row(0)).containsExactly("x,1", "say \"hi\"");
    assertThat(t.row(1)).containsExactly("two\nlines", "plain");
  }

  @Test
  void read_missingTokensAndLeadingSpace_trimmedAndNull() throws Exception {
    Table t = read("a,b,c\n State-gov, ?,NA\n,\" ?\",x\n");
    assertThat(t.row(0)).containsExactly("State-gov", null, null);
    assertThat(t.row(1)).containsExactly(null, " ?", "x");
  }

  @Test
  void read_trimOff_keepsSpaces() throws Exception {
    Table t = Csv.read(new StringReader("a\n State-gov\n"),
        CsvOptions.builder().trim(false).build());
    assertThat(t.get(0, 0)).isEqualTo(" State-gov");
  }

  @Test
  void read_bomAndBlankLines_tolerated() throws Exception {
    Table t = read("\uFEFFa,b\n\n1,2\n\n");
    assertThat(t.columns()).containsExactly("a", "b");
    assertThat(t.rowCount()).isEqualTo(1);
  }

  @Test
  void read_raggedRow_errorNamesRowAndLineNotValues() {
    assertThatThrownBy(() -> read("a,b\n1,2\nsecret,3,4\n"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage("row 2 (line 3) has 3 fields; the header has 2")
        .hasMessageNotContaining("secret");
  }

  @Test
  void read_emptyFile_clearError() {
    assertThatThrownBy(() -> read("")).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void read_binaryFile_clearError() throws Exception {
    Path p = dir.resolve("x.bin");
    Files.write(p, new byte[] {'a', ',', 'b', '\n', 1, 0, 2, 3});
    assertThatThrownBy(() -> Csv.read(p, CsvOptions.DEFAULT))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("binary");
  }

  @Test
  void read_invalidUtf8_errorNamesLine() throws Exception {
    Path p = dir.resolve("x.csv");
    Files.write(p, new byte[] {'a', '\n', 'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThatThrownBy(() -> Csv.read(p, CsvOptions.DEFAULT))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void read_unclosedQuote_clearError() {
    assertThatThrownBy(() -> read("a\n\"open\n")).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("not closed");
  }

  @Test
  void read_duplicateHeader_clearError() {
    assertThatThrownBy(() -> read("a,a\n1,2\n")).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("duplicate 'a'");
  }

  @Test
  void writeThenRead_roundTripsEveryValue() throws Exception {
    Table t = Table.of(List.of("a", "b"), List.of(
        new String[] {" lead", "x,\"y\""}, new String[] {null, "?"}, new String[] {"", "åäö"}));
    StringWriter w = new StringWriter();
    Csv.write(t, w);
    Table back = read(w.toString());
    for (int r = 0; r < t.rowCount(); r++) {
      assertThat(back.row(r)).containsExactly(t.row(r));
    }
  }
}
