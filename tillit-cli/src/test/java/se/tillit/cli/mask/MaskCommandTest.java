package se.tillit.cli.mask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.tillit.cli.Tillit;
import se.tillit.pseudonymize.service.MaskingServer;

class MaskCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LETTER =
      "Hej Anna Svensson!\nDitt personnummer 19850101-1234 är registrerat.\n"
          + "Svensson kan mejla anna.svensson@example.se.\n";

  record Result(int exitCode, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  /** Runs {@code tillit mask ...} in-process the way Tillit.main does. */
  static Result run(byte[] stdin, String... args) {
    CommandLine cl = Tillit.newCommandLine();
    MaskCommand mask = cl.getSubcommands().get("mask").getCommand();
    if (stdin != null) {
      mask.stdin = new ByteArrayInputStream(stdin);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "mask";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cl.execute(full);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(null, args);
  }

  @Test
  void mask_textFile_printsMaskedTextAndSummaryOnStderr(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("brev.txt");
    Files.writeString(f, LETTER);
    Result r = run(f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo("Hej [PERSON_1]!\nDitt personnummer [PERSONNUMMER_1] är registrerat.\n"
            + "[PERSON_1] kan mejla [EMAIL_1].\n");
    assertThat(r.err()).contains("masked 4 entities").doesNotContain("Svensson");
  }

  @Test
  void mask_json_lastLineHasTextAndEntities(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("brev.txt");
    Files.writeString(f, LETTER);
    Result r = run("--json", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("text").asText()).startsWith("Hej [PERSON_1]!");
    JsonNode e = n.get("entities").get(1);
    assertThat(e.get("type").asText()).isEqualTo("PERSONNUMMER");
    assertThat(LETTER.substring(e.get("start").asInt(), e.get("end").asInt()))
        .isEqualTo("19850101-1234");
    assertThat(e.get("placeholder").asText()).isEqualTo("[PERSONNUMMER_1]");
    assertThat(e.get("source").asText()).isEqualTo("rule");
    assertThat(e.get("confidence").asDouble()).isEqualTo(1.0);
    assertThat(n.get("input").get("format").asText()).isEqualTo("text");
  }

  @Test
  void mask_typesFilter_onlyThoseMasked(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("brev.txt");
    Files.writeString(f, LETTER);
    Result r = run("--types", "email,PERSONNUMMER", f.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Anna Svensson").contains("[EMAIL_1]").contains("[PERSONNUMMER_1]");
  }

  @Test
  void mask_unknownType_exit2ListingAllowedTypes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("brev.txt");
    Files.writeString(f, LETTER);
    Result r = run("--types", "PERSON,NAMN", "--json", f.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("NAMN").contains("PERSONNUMMER").contains("IBAN");
    assertThat(JSON.readTree(r.lastLine()).get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void mask_stdin_read() {
    Result r = run(LETTER.getBytes(StandardCharsets.UTF_8), "-");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Hej [PERSON_1]!");
  }

  @Test
  void mask_badInputs_exit2WithClearMessage(@TempDir Path dir) throws Exception {
    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, LETTER.getBytes(StandardCharsets.ISO_8859_1));
    Result invalid = run(latin1.toString());
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains("not valid UTF-8").doesNotContain("Svensson");
    assertThat(run("--encoding", "ISO-8859-1", latin1.toString()).out()).contains("[PERSON_1]");

    Path bin = dir.resolve("x.bin");
    Files.write(bin, new byte[] {0x7F, 'E', 'L', 'F', 0, 0, 1});
    Result binary = run(bin.toString());
    assertThat(binary.exitCode()).isEqualTo(2);
    assertThat(binary.err()).contains("binary");

    Path empty = dir.resolve("empty.txt");
    Files.write(empty, new byte[0]);
    assertThat(run(empty.toString()).err()).contains("input is empty");

    Result big = run("--max-bytes", "10", latin1.toString());
    assertThat(big.exitCode()).isEqualTo(2);
    assertThat(big.err()).contains("larger than the limit of 10 bytes");

    assertThat(run(dir.resolve("missing.txt").toString()).exitCode()).isEqualTo(2);
    assertThat(run("--encoding", "ebcdic", latin1.toString()).err()).contains("encoding must be one of");
    assertThat(run().exitCode()).isEqualTo(2);
  }

  @Test
  void mask_pdf_masked(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("brev.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 720);
        cs.showText("Till Anna Svensson, 19850101-1234");
        cs.endText();
      }
      doc.save(f.toFile());
    }
    Result r = run("--json", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("text").asText()).contains("Till [PERSON_1], [PERSONNUMMER_1]");
    assertThat(n.get("input").get("format").asText()).isEqualTo("pdf");
    assertThat(n.get("input").get("pages").asInt()).isEqualTo(1);
  }

  @Test
  void serve_startsOnFreePort_answersHealthAndMask() throws Exception {
    CompletableFuture<Result> running =
        CompletableFuture.supplyAsync(() -> run("serve", "--port", "0", "--threads", "2"));
    MaskingServer server = null;
    for (int i = 0; i < 200 && server == null; i++) {
      server = MaskServeCommand.RUNNING.get();
      Thread.sleep(25);
    }
    assertThat(server).as("server did not start").isNotNull();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("ok");
      HttpResponse<String> r = client.send(
          HttpRequest.newBuilder(URI.create(base + "/v1/mask"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  JSON.writeValueAsString(java.util.Map.of("text", LETTER))))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(r.body()).get("text").asText()).startsWith("Hej [PERSON_1]!");
    } finally {
      server.stop();
    }
    Result done = running.get(10, TimeUnit.SECONDS);
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).contains("Masking service on http://127.0.0.1:");
  }

  @Test
  void serve_invalidOption_exit2NamingOption() {
    Result r = run("serve", "--threads", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--threads must be");
  }

  @Test
  void help_listsServeAndTypes() {
    Result r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("serve").contains("--types").contains("PERSONNUMMER");
  }

}
