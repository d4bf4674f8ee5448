package se.tillit.pseudonymize.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;
import se.tillit.pseudonymize.mask.TestEmailRecognizer;
import se.tillit.pseudonymize.mask.TestNameRecognizer;
import se.tillit.pseudonymize.mask.TestPdfs;
import se.tillit.pseudonymize.mask.TestPersonnummerRecognizer;
import se.tillit.pseudonymize.mask.TextMasker;

class MaskingServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BYTES = 64 * 1024;
  private static final String LETTER =
      "Hej Anna Svensson!\nDitt ärende (19850101-1234) hos Försäkringskassan är klart. "
          + "Frågor: handlaggare@forsakringskassan.se. Svensson kan också ringa.";

  private static MaskingServer server;
  private static HttpClient client;
  private static String base;

  static TextMasker testMasker() {
    return TextMasker.builder()
        .addRecognizer(new TestEmailRecognizer())
        .addRecognizer(new TestPersonnummerRecognizer())
        .addRecognizer(new TestNameRecognizer())
        .build();
  }

  @BeforeAll
  static void start() throws IOException {
    server =
        MaskingServer.builder()
            .masker(testMasker())
            .port(0)
            .maxRequestBytes(MAX_BYTES)
            .threads(4)
            .queueCapacity(64)
            .build()
            .start();
    base = "http://127.0.0.1:" + server.port();
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> postJson(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> postRaw(String path, String contentType, byte[] body)
      throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(BodyPublishers.ofByteArray(body)));
  }

  private static String json(Object o) throws Exception {
    return JSON.writeValueAsString(o);
  }

  @Test
  void health_get_ok() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/health")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("ok");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void mask_jsonText_maskedWithEntitiesAndOffsets() throws Exception {
    HttpResponse<String> r = postJson("/v1/mask", json(Map.of("text", LETTER)));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("text").asText())
        .isEqualTo(
            "Hej [PERSON_1]!\nDitt ärende ([PERSONNUMMER_1]) hos [ORGANISATION_1] är klart. "
                + "Frågor: [EMAIL_1]. [PERSON_1] kan också ringa.");
    JsonNode first = n.get("entities").get(0);
    assertThat(first.get("type").asText()).isEqualTo("PERSON");
    assertThat(LETTER.substring(first.get("start").asInt(), first.get("end").asInt()))
        .isEqualTo("Anna Svensson");
    assertThat(first.get("source").asText()).isEqualTo("model");
    assertThat(first.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(n.get("counts").get("PERSON").asInt()).isEqualTo(1);
  }

  @Test
  void mask_typesFilter_onlyThoseMasked_unknownTypeIs400() throws Exception {
    HttpResponse<String> r =
        postJson("/v1/mask", json(Map.of("text", LETTER, "types", List.of("email", "PERSONNUMMER"))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("text").asText())
        .contains("Anna Svensson").contains("[EMAIL_1]").contains("[PERSONNUMMER_1]");
    HttpResponse<String> bad =
        postJson("/v1/mask", json(Map.of("text", LETTER, "types", List.of("NAMN"))));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("PERSON").contains("EMAIL");
  }

  @Test
  void mask_malformedJson_400WithoutEchoingInput() throws Exception {
    for (String body :
        List.of("{\"text\": \"Anna Svensson", "Anna Svensson", "[1,2]", "{\"text\": 5}",
            "{\"txt\": \"Anna Svensson\"}", "{\"text\": \"Anna\", \"types\": \"PERSON\"}",
            "{\"text\": \"   \"}", "")) {
      HttpResponse<String> r = postJson("/v1/mask", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      JsonNode n = JSON.readTree(r.body());
      assertThat(n.get("status").asInt()).isEqualTo(400);
      assertThat(n.get("error").asText()).doesNotContain("Anna").doesNotContain("Svensson");
    }
  }

  @Test
  void mask_bodyOverLimit_413ThenStillServing() throws Exception {
    char[] big = new char[MAX_BYTES + 10];
    Arrays.fill(big, 'a');
    HttpResponse<String> r = postJson("/v1/mask", json(Map.of("text", new String(big))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("limit of 65536 bytes");
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode()).isEqualTo(200);
  }

  @Test
  void mask_chunkedBodyOverLimitWithoutContentLength_413() throws Exception {
    byte[] chunk = new byte[8192];
    Arrays.fill(chunk, (byte) 'a');
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      chunks.add(chunk);
    }
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/mask/file"))
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofByteArrays(chunks)));
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void wrongMethodUnknownPathWrongContentType_405_404_415() throws Exception {
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(base + "/v1/mask")));
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    HttpResponse<String> post = postJson("/health", "{}");
    assertThat(post.statusCode()).isEqualTo(405);
    HttpResponse<String> delete =
        send(HttpRequest.newBuilder(URI.create(base + "/v1/mask/file")).DELETE());
    assertThat(delete.statusCode()).isEqualTo(405);
    HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(base + "/v2/nothing")));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("status").asInt()).isEqualTo(404);
    HttpResponse<String> xml = postRaw("/v1/mask/file", "application/xml", "<a/>".getBytes());
    assertThat(xml.statusCode()).isEqualTo(415);
    HttpResponse<String> form =
        postRaw("/v1/mask", "application/x-www-form-urlencoded", "text=x".getBytes());
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void maskFile_textUtf8AndLatin1_masked() throws Exception {
    HttpResponse<String> utf8 =
        postRaw("/v1/mask/file", "text/plain; charset=utf-8", LETTER.getBytes(StandardCharsets.UTF_8));
    assertThat(utf8.statusCode()).isEqualTo(200);
    JsonNode n = JSON.readTree(utf8.body());
    assertThat(n.get("text").asText()).contains("[PERSON_1]").contains("ärende");
    assertThat(n.get("input").get("format").asText()).isEqualTo("text");
    HttpResponse<String> latin1 =
        postRaw("/v1/mask/file", "text/plain; charset=ISO-8859-1",
            LETTER.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(latin1.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(latin1.body()).get("text").asText()).contains("ärende");
  }

  @Test
  void maskFile_badInputs_400WithReason() throws Exception {
    byte[] latin1 = LETTER.getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> invalid = postRaw("/v1/mask/file", "text/plain", latin1);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(invalid.body()).get("reason").asText()).isEqualTo("INVALID_ENCODING");
    HttpResponse<String> binary =
        postRaw("/v1/mask/file", "application/octet-stream", new byte[] {'P', 'K', 3, 4, 0, 0});
    assertThat(JSON.readTree(binary.body()).get("reason").asText()).isEqualTo("BINARY");
    HttpResponse<String> empty = postRaw("/v1/mask/file", "text/plain", new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(empty.body()).get("reason").asText()).isEqualTo("EMPTY");
    HttpResponse<String> badCharset = postRaw("/v1/mask/file", "text/plain; charset=ebcdic", latin1);
    assertThat(badCharset.statusCode()).isEqualTo(415);
    HttpResponse<String> notPdf = postRaw("/v1/mask/file", "application/pdf", latin1);
    assertThat(notPdf.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notPdf.body()).get("reason").asText()).isEqualTo("PDF_UNREADABLE");
  }

  @Test
  void maskFile_pdf_maskedWithPageCount() throws Exception {
    byte[] pdf =
        TestPdfs.pdf(
            List.of(List.of("Till Anna Svensson, 19850101-1234"),
                List.of("Kopia: anna@example.se")));
    HttpResponse<String> r = postRaw("/v1/mask/file?types=PERSON,EMAIL", "application/pdf", pdf);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("text").asText()).contains("[PERSON_1]").contains("[EMAIL_1]")
        .contains("19850101-1234");
    assertThat(n.get("input").get("pages").asInt()).isEqualTo(2);
    HttpResponse<String> sniffed = postRaw("/v1/mask/file", "application/octet-stream", pdf);
    assertThat(JSON.readTree(sniffed.body()).get("input").get("format").asText()).isEqualTo("pdf");
    byte[] locked = TestPdfs.pdf(List.of(List.of("Anna")), "secret", "owner", true);
    HttpResponse<String> enc = postRaw("/v1/mask/file", "application/pdf", locked);
    assertThat(enc.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(enc.body()).get("reason").asText()).isEqualTo("PDF_ENCRYPTED");
  }

  @Test
  void page_get_selfContainedHtmlWithStrictCsp() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).contains("default-src 'none'").contains("script-src 'sha256-")
        .doesNotContain("unsafe-inline");
    assertThat(r.body()).contains("id=\"mask-button\"").contains("Maskera").contains("Mask")
        .doesNotContain("http://").doesNotContain("https://").doesNotContain("src=\"");
    HttpResponse<String> types = send(HttpRequest.newBuilder(URI.create(base + "/v1/types")));
    assertThat(types.body()).contains("PERSON").contains("EMAIL").doesNotContain("IBAN");
  }

  @Test
  void garbageOnSocket_serverKeepsServing() throws Exception {
    for (String raw :
        List.of("\u0000\u0001\u0002garbage\r\n\r\n", "POST /v1/mask HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            "GET / HTTP/9.9\r\n\r\n", "")) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(3000);
        OutputStream out = s.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        try {
          in.readAllBytes();
        } catch (IOException ignored) {
          // the server may reset the connection: fine
        }
      }
    }
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode()).isEqualTo(200);
    assertThat(postJson("/v1/mask", json(Map.of("text", LETTER))).statusCode()).isEqualTo(200);
  }

  @Test
  void concurrentClients_16x25Requests_allCorrect() throws Exception {
    int clients = 16;
    int perClient = 25;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        final int id = c;
        results.add(
            pool.submit(
                () -> {
                  HttpClient own = HttpClient.newHttpClient();
                  int ok = 0;
                  for (int i = 0; i < perClient; i++) {
                    String text = "Klient " + id + " fråga " + i + ": Anna Svensson, a" + id + "@x.se";
                    HttpResponse<String> r =
                        own.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/mask"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(BodyPublishers.ofString(json(Map.of("text", text))))
                                .build(),
                            BodyHandlers.ofString());
                    if (r.statusCode() == 200
                        && JSON.readTree(r.body()).get("text").asText()
                            .equals("Klient " + id + " fråga " + i + ": [PERSON_1], [EMAIL_1]")) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(clients * perClient);
      assertThat(server.internalErrors()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  /** TEST HELPER ONLY: blocks every call until released, to fill the worker pool. */
  static final class BlockingRecognizer implements EntityRecognizer {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public String name() {
      return "blocking";
    }

    @Override
    public Set<EntityType> types() {
      return Set.of(EntityType.PERSON);
    }

    @Override
    public List<EntitySpan> recognize(String text) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    }
  }

  @Test
  void poolAndQueueFull_503_thenRecovers() throws Exception {
    BlockingRecognizer blocking = new BlockingRecognizer();
    MaskingServer small =
        MaskingServer.builder()
            .masker(TextMasker.builder().addRecognizer(blocking).build())
            .port(0)
            .threads(1)
            .queueCapacity(1)
            .build()
            .start();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      String url = "http://127.0.0.1:" + small.port() + "/v1/mask";
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(BodyPublishers.ofString("{\"text\":\"hej\"}"))
              .build();
      Future<HttpResponse<String>> first =
          pool.submit(() -> HttpClient.newHttpClient().send(req, BodyHandlers.ofString()));
      assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<HttpResponse<String>> queued =
          pool.submit(() -> HttpClient.newHttpClient().send(req, BodyHandlers.ofString()));
      for (int i = 0; i < 500 && small.queuedRequests() < 1; i++) {
        Thread.sleep(10);
      }
      assertThat(small.queuedRequests()).isEqualTo(1);
      HttpResponse<String> busy = HttpClient.newHttpClient().send(req, BodyHandlers.ofString());
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(busy.body()).get("error").asText()).contains("busy");
      assertThat(busy.headers().firstValue("Retry-After")).contains("1");
      blocking.release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(queued.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(HttpClient.newHttpClient().send(req, BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    } finally {
      blocking.release.countDown();
      pool.shutdownNow();
      small.stop();
    }
  }

  @Test
  void recognizerFailure_500ThenStillServing() throws Exception {
    EntityRecognizer failing =
        new EntityRecognizer() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public Set<EntityType> types() {
            return Set.of(EntityType.PERSON);
          }

          @Override
          public List<EntitySpan> recognize(String text) {
            if (text.contains("boom")) {
              throw new IllegalStateException("boom");
            }
            return List.of();
          }
        };
    MaskingServer s =
        MaskingServer.builder().masker(TextMasker.builder().addRecognizer(failing).build()).port(0)
            .build().start();
    try {
      String url = "http://127.0.0.1:" + s.port() + "/v1/mask";
      HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(url))
          .POST(BodyPublishers.ofString("{\"text\":\"boom\"}")).build(), BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(500);
      assertThat(bad.body()).doesNotContain("boom");
      HttpResponse<String> good = client.send(HttpRequest.newBuilder(URI.create(url))
          .POST(BodyPublishers.ofString("{\"text\":\"fine\"}")).build(), BodyHandlers.ofString());
      assertThat(good.statusCode()).isEqualTo(200);
      assertThat(s.internalErrors()).isEqualTo(1);
    } finally {
      s.stop();
    }
  }

  @Test
  void lifecycle_portBeforeStartAndDoubleStart_illegalState_stopIdempotent() throws Exception {
    MaskingServer s = MaskingServer.builder().masker(testMasker()).port(0).build();
    assertThatThrownBy(s::port).isInstanceOf(IllegalStateException.class);
    s.start();
    assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
    s.stop();
    s.stop();
    s.blockUntilShutdown();
  }

  @Test
  void builder_invalidValues_rejectedWithNamedParameter() {
    assertThatThrownBy(() -> MaskingServer.builder().port(70000)).hasMessageContaining("port must be");
    assertThatThrownBy(() -> MaskingServer.builder().threads(0)).hasMessageContaining("threads must be");
    assertThatThrownBy(() -> MaskingServer.builder().maxRequestBytes(0))
        .hasMessageContaining("maxRequestBytes must be");
    assertThatThrownBy(() -> MaskingServer.builder().queueCapacity(0))
        .hasMessageContaining("queueCapacity must be");
    assertThatThrownBy(() -> MaskingServer.builder().bindAddress(" "))
        .hasMessageContaining("bindAddress must be");
    assertThatThrownBy(() -> MaskingServer.builder().build()).hasMessageContaining("masker");
  }
}
