package se.tillit.pseudonymize.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.pseudonymize.mask.InputRejectedException.Reason;

class DocumentReaderTest {
  private static final DocumentReader READER = DocumentReader.withDefaults();
  private static final String SWEDISH = "Anna Svensson bor på Storgatan 5 i Malmö. Ärendet gäller åtgärd.";

  private static Reason reasonOf(Runnable r) {
    InputRejectedException e = catchThrowableOfType(InputRejectedException.class, r::run);
    assertThat(e).as("expected InputRejectedException").isNotNull();
    assertThat(e.getMessage()).doesNotContain("Anna").doesNotContain("Svensson");
    return e.reason();
  }

  private static Reason reasonOf(byte[] bytes, TextEncoding enc) {
    return reasonOf(() -> READER.read(bytes, null, enc));
  }

  @Test
  void read_utf8_decoded() {
    Document d = READER.read(SWEDISH.getBytes(StandardCharsets.UTF_8), null, TextEncoding.UTF_8);
    assertThat(d.text()).isEqualTo(SWEDISH);
    assertThat(d.format()).isEqualTo(DocumentFormat.TEXT);
    assertThat(d.toString()).doesNotContain("Anna");
  }

  @Test
  void read_utf8WithBom_bomRemoved() {
    byte[] body = SWEDISH.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[body.length + 3];
    b[0] = (byte) 0xEF;
    b[1] = (byte) 0xBB;
    b[2] = (byte) 0xBF;
    System.arraycopy(body, 0, b, 3, body.length);
    assertThat(READER.read(b, null, TextEncoding.UTF_8).text()).isEqualTo(SWEDISH);
  }

  @Test
  void read_invalidUtf8_rejectedNamingByteOffset() {
    byte[] b = "Anna Svensson \u00e4r h\u00e4r".getBytes(StandardCharsets.ISO_8859_1);
    InputRejectedException e =
        catchThrowableOfType(InputRejectedException.class, () -> READER.read(b, null, TextEncoding.UTF_8));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_ENCODING);
    assertThat(e.getMessage()).contains("not valid UTF-8").contains("byte offset 14")
        .contains("ISO-8859-1").doesNotContain("Anna");
  }

  @Test
  void read_latin1Explicit_decoded() {
    byte[] b = SWEDISH.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(READER.read(b, null, TextEncoding.ISO_8859_1).text()).isEqualTo(SWEDISH);
  }

  @Test
  void read_windows1252AsLatin1_rejectedWithHint_acceptedAsWindows1252() {
    String text = "\u201dAnna Svensson\u201d \u2013 ärende";
    byte[] b = text.getBytes(Charset.forName("windows-1252"));
    InputRejectedException e =
        catchThrowableOfType(InputRejectedException.class, () -> READER.read(b, null, TextEncoding.ISO_8859_1));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_ENCODING);
    assertThat(e.getMessage()).contains("windows-1252");
    assertThat(READER.read(b, null, TextEncoding.WINDOWS_1252).text()).isEqualTo(text);
  }

  @Test
  void read_utf16WithBom_bothByteOrders() {
    byte[] be = ("\uFEFF" + SWEDISH).getBytes(StandardCharsets.UTF_16BE);
    byte[] le = ("\uFEFF" + SWEDISH).getBytes(StandardCharsets.UTF_16LE);
    assertThat(READER.read(be, null, TextEncoding.UTF_16).text()).isEqualTo(SWEDISH);
    assertThat(READER.read(le, null, TextEncoding.UTF_16).text()).isEqualTo(SWEDISH);
  }

  @Test
  void read_utf16Mistakes_clearErrors() {
    byte[] withBom = ("\uFEFF" + SWEDISH).getBytes(StandardCharsets.UTF_16LE);
    byte[] noBom = SWEDISH.getBytes(StandardCharsets.UTF_16LE);
    assertThat(reasonOf(withBom, TextEncoding.UTF_8)).isEqualTo(Reason.INVALID_ENCODING);
    assertThat(reasonOf(noBom, TextEncoding.UTF_16)).isEqualTo(Reason.INVALID_ENCODING);
    InputRejectedException e =
        catchThrowableOfType(InputRejectedException.class, () -> READER.read(noBom, null, TextEncoding.UTF_8));
    assertThat(e.reason()).isEqualTo(Reason.BINARY);
    assertThat(e.getMessage()).contains("NUL").contains("UTF-16");
  }

  @Test
  void read_binaryInputs_rejectedAsBinary() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 6, 0};
    byte[] controls = new byte[200];
    Arrays.fill(controls, (byte) 'a');
    for (int i = 0; i < 200; i += 10) {
      controls[i] = 0x01;
    }
    assertThat(reasonOf(png, TextEncoding.UTF_8)).isEqualTo(Reason.BINARY);
    assertThat(reasonOf(zip, TextEncoding.UTF_8)).isEqualTo(Reason.BINARY);
    assertThat(reasonOf(controls, TextEncoding.UTF_8)).isEqualTo(Reason.BINARY);
    assertThat(reasonOf("abc\0def".getBytes(StandardCharsets.UTF_8), TextEncoding.UTF_8))
        .isEqualTo(Reason.BINARY);
    java.util.Random rnd = new java.util.Random(7); // test data only
    for (int i = 0; i < 50; i++) {
      byte[] b = new byte[1000];
      rnd.nextBytes(b);
      assertThat(reasonOf(b, TextEncoding.UTF_8)).isIn(Reason.BINARY, Reason.INVALID_ENCODING);
    }
  }

  @Test
  void read_emptyOrWhitespace_rejectedAsEmpty() {
    assertThat(reasonOf(new byte[0], TextEncoding.UTF_8)).isEqualTo(Reason.EMPTY);
    assertThat(reasonOf(" \n\t\r\n".getBytes(StandardCharsets.UTF_8), TextEncoding.UTF_8))
        .isEqualTo(Reason.EMPTY);
  }

  @Test
  void read_overByteLimit_rejectedAsTooLarge() {
    DocumentReader small = DocumentReader.builder().maxBytes(100).build();
    byte[] b = new byte[101];
    Arrays.fill(b, (byte) 'a');
    assertThat(reasonOf(() -> small.read(b, null, TextEncoding.UTF_8))).isEqualTo(Reason.TOO_LARGE);
    assertThat(small.read(Arrays.copyOf(b, 100), null, TextEncoding.UTF_8).text()).hasSize(100);
    DocumentReader fewChars = DocumentReader.builder().maxChars(10).build();
    assertThat(reasonOf(() -> fewChars.read(b, null, TextEncoding.UTF_8)))
        .isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void readAllBytes_endlessStream_stopsAtLimit() {
    DocumentReader small = DocumentReader.builder().maxBytes(1 << 20).build();
    long[] served = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served[0]++;
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 'a');
            served[0] += len;
            return len;
          }
        };
    assertThatThrownBy(() -> small.readAllBytes(endless))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("larger than the limit of 1048576 bytes");
    assertThat(served[0]).isLessThanOrEqualTo((1 << 20) + 1 + 16384);
  }

  @Test
  void read_hugeFile_rejectedBeforeReading(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("big.txt");
    try (var ch = Files.newByteChannel(f, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
      ch.position(DocumentReader.DEFAULT_MAX_BYTES + 10L);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'a'}));
    }
    assertThat(reasonOf(() -> {
      try {
        READER.read(f, TextEncoding.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void read_pdf_textOfAllPagesInPageOrder() throws IOException {
    byte[] pdf =
        TestPdfs.pdf(
            List.of(
                List.of("Sida ett: Anna Svensson", "personnummer 19850101-1234"),
                List.of("Sida tva: kontakt anna@example.se")));
    Document d = READER.read(pdf, null, TextEncoding.UTF_8);
    assertThat(d.format()).isEqualTo(DocumentFormat.PDF);
    assertThat(d.pages()).isEqualTo(2);
    assertThat(d.text()).contains("Anna Svensson").contains("19850101-1234");
    assertThat(d.text().indexOf("Sida ett")).isLessThan(d.text().indexOf("Sida tva"));
    MaskResult r =
        TextMasker.builder()
            .addRecognizer(new TestEmailRecognizer())
            .addRecognizer(new TestPersonnummerRecognizer())
            .addRecognizer(new TestNameRecognizer())
            .build()
            .mask(d.text());
    assertThat(r.text()).contains("[PERSON_1]").contains("[PERSONNUMMER_1]").contains("[EMAIL_1]")
        .doesNotContain("Svensson");
  }

  @Test
  void read_pdfSwedishLetters_extracted() throws IOException {
    byte[] pdf = TestPdfs.pdf(List.of(List.of("Åsa Öberg i Malmö, ärende 12")));
    assertThat(READER.read(pdf, DocumentFormat.PDF, null).text()).contains("Åsa Öberg i Malmö");
  }

  @Test
  void read_pdfWithUserPassword_rejectedAsEncrypted() throws IOException {
    byte[] pdf = TestPdfs.pdf(List.of(List.of("Anna Svensson")), "user-secret", "owner", true);
    assertThat(reasonOf(() -> READER.read(pdf, null, null))).isEqualTo(Reason.PDF_ENCRYPTED);
  }

  @Test
  void read_pdfForbiddingExtraction_rejectedAsEncrypted() throws IOException {
    byte[] pdf = TestPdfs.pdf(List.of(List.of("Anna Svensson")), null, "owner", false);
    assertThat(reasonOf(() -> READER.read(pdf, null, null))).isEqualTo(Reason.PDF_ENCRYPTED);
  }

  @Test
  void read_pdfOwnerPasswordOnlyAllowingExtraction_read() throws IOException {
    byte[] pdf = TestPdfs.pdf(List.of(List.of("Anna Svensson")), null, "owner", true);
    assertThat(READER.read(pdf, null, null).text()).contains("Anna Svensson");
  }

  @Test
  void read_corruptOrTruncatedPdf_clearErrorOnly() throws IOException {
    byte[] garbage = "%PDF-1.7\nthis is not really a pdf\n%%EOF".getBytes(StandardCharsets.US_ASCII);
    assertThat(reasonOf(() -> READER.read(garbage, null, null))).isEqualTo(Reason.PDF_UNREADABLE);
    byte[] pdf = TestPdfs.pdf(List.of(List.of("Anna Svensson bor i Malmö")));
    for (int cut : new int[] {20, pdf.length / 3, pdf.length / 2, pdf.length - 40}) {
      byte[] truncated = Arrays.copyOf(pdf, cut);
      try {
        READER.read(truncated, null, null); // PDFBox may recover a truncated file: fine
      } catch (InputRejectedException e) {
        assertThat(e.reason()).isIn(Reason.PDF_UNREADABLE, Reason.PDF_NO_TEXT);
      }
    }
  }

  @Test
  void read_pdfWithoutText_rejectedAsNoText() throws IOException {
    byte[] pdf = TestPdfs.pdf(List.of(List.of()));
    assertThat(reasonOf(() -> READER.read(pdf, null, null))).isEqualTo(Reason.PDF_NO_TEXT);
  }

  @Test
  void read_declaredFormatMismatch_rejected() throws IOException {
    byte[] pdf = TestPdfs.pdf(List.of(List.of("x")));
    assertThat(reasonOf(() -> READER.read(pdf, DocumentFormat.TEXT, TextEncoding.UTF_8)))
        .isEqualTo(Reason.BINARY);
    assertThat(reasonOf(() -> READER.read("hej".getBytes(StandardCharsets.UTF_8),
        DocumentFormat.PDF, null))).isEqualTo(Reason.PDF_UNREADABLE);
  }

  @Test
  void encodingParse_namesAndAliases() {
    assertThat(TextEncoding.parse("utf8")).isEqualTo(TextEncoding.UTF_8);
    assertThat(TextEncoding.parse("Latin1")).isEqualTo(TextEncoding.ISO_8859_1);
    assertThat(TextEncoding.parse("CP1252")).isEqualTo(TextEncoding.WINDOWS_1252);
    assertThat(TextEncoding.parse("UTF-16")).isEqualTo(TextEncoding.UTF_16);
    assertThatThrownBy(() -> TextEncoding.parse("ebcdic"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoding must be one of")
        .hasMessageContaining("ebcdic");
  }

  @Test
  void builder_invalidLimits_rejected() {
    assertThatThrownBy(() -> DocumentReader.builder().maxBytes(0))
        .hasMessageContaining("maxBytes must be");
    assertThatThrownBy(() -> DocumentReader.builder().maxChars(0))
        .hasMessageContaining("maxChars must be");
    assertThatThrownBy(() -> DocumentReader.builder().maxPages(0))
        .hasMessageContaining("maxPages must be");
  }
}
