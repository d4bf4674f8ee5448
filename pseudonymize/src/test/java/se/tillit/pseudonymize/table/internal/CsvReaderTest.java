package se.tillit.pseudonymize.table.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  static List<String[]> read(byte[] bytes) throws IOException {
    CsvReader r = new CsvReader(new ByteArrayInputStream(bytes));
    List<String[]> rows = new ArrayList<>();
    String[] row;
    while ((row = r.next()) != null) {
      if (rows.isEmpty()) {
        r.setHeader(row);
      }
      rows.add(row);
    }
    return rows;
  }

  static List<String[]> read(String s) throws IOException {
    return read(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void next_rfc4180Quoting_parsesEmbeddedCommasQuotesAndNewlines() throws IOException {
    List<String[]> rows = read("a,b,c\r\n\"x, y\",\"say \"\"hej\"\"\",\"rad 1\r\nrad 2\"\r\n,,\n");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).containsExactly("x, y", "say \"hej\"", "rad 1\r\nrad 2");
    assertThat(rows.get(2)).containsExactly("", "", "");
  }

  @Test
  void next_bomAndNoFinalNewline_tolerated() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "namn,ort\nÅsa,Malmö".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    List<String[]> rows = read(all);
    assertThat(rows.get(0)).containsExactly("namn", "ort");
    assertThat(rows.get(1)).containsExactly("Åsa", "Malmö");
  }

  @Test
  void next_unterminatedQuote_namesRowAndColumn() {
    assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n"))
        .isInstanceOf(CsvReader.CsvFormatException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("column 'b'")
        .hasMessageContaining("never closed");
  }

  @Test
  void next_quoteInUnquotedField_isError() {
    assertThatThrownBy(() -> read("a,b\n1,ab\"c\n")).hasMessageContaining("row 2").hasMessageContaining("column 'b'");
  }

  @Test
  void next_latin1Input_reportsRowWithoutValue() {
    byte[] latin1 = "namn,ort\nAnna,Lund\nÅsa,Malmö\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> read(latin1))
        .isInstanceOf(CsvReader.CsvFormatException.class)
        .hasMessageContaining("row 3")
        .hasMessageContaining("not valid UTF-8")
        .message()
        .doesNotContain("Malm");
  }

  @Test
  void next_binaryInput_isError() {
    byte[] bin = {'a', ',', 'b', '\n', 0, 1, 2, 3, ',', 5, '\n'};
    assertThatThrownBy(() -> read(bin)).hasMessageContaining("binary").hasMessageContaining("row 2");
  }

  @Test
  void writer_roundTripsAwkwardFields() throws IOException {
    String[] fields = {"plain", "com,ma", "qu\"ote", "new\nline", "", "Örjan"};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CsvWriter w = new CsvWriter(out)) {
      w.write(fields);
      w.write(fields);
    }
    List<String[]> rows = read(out.toByteArray());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).containsExactly(fields);
  }

  @Test
  void base32_rfc4648Vectors() {
    // RFC 4648 section 10 test vectors, without padding.
    assertThat(Transforms.base32("f".getBytes())).isEqualTo("MY");
    assertThat(Transforms.base32("fo".getBytes())).isEqualTo("MZXQ");
    assertThat(Transforms.base32("foo".getBytes())).isEqualTo("MZXW6");
    assertThat(Transforms.base32("foob".getBytes())).isEqualTo("MZXW6YQ");
    assertThat(Transforms.base32("fooba".getBytes())).isEqualTo("MZXW6YTB");
    assertThat(Transforms.base32("foobar".getBytes())).isEqualTo("MZXW6YTBOI");
  }
}
