package se.tillit.pseudonymize.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.pseudonymize.mask.TestPdfs;

/**
 * Drives the masking web page in a real headless Chromium through chromedriver, speaking the W3C
 * WebDriver HTTP protocol directly (no Selenium). Runs in the default test suite when
 * /usr/bin/chromium and /usr/bin/chromedriver exist (TILLIT_CHROMIUM and TILLIT_CHROMEDRIVER
 * override the paths); otherwise it is skipped with a message: install them with
 * scripts/install-browser.sh. Screenshots go to target/browser/.
 */
@EnabledIf(
    value = "browserInstalled",
    disabledReason =
        "SKIPPED: the headless browser test needs /usr/bin/chromium and /usr/bin/chromedriver"
            + " (or TILLIT_CHROMIUM / TILLIT_CHROMEDRIVER); install them with"
            + " scripts/install-browser.sh")
class MaskingPageBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final String LETTER =
      "Hej Anna Svensson!\n\nTack för ditt brev om ärendet hos Försäkringskassan. "
          + "Ditt personnummer 19850101-1234 är registrerat. Svensson kan nå oss på "
          + "handlaggare@forsakringskassan.se. Vi ses i Malmö.\n\nMed vänlig hälsning\nErik Johansson";

  private static MaskingServer server;
  private static Process driver;
  private static HttpClient http;
  private static String wd;
  private static String session;
  private static Path userDataDir;

  private static String chromium() {
    return System.getenv().getOrDefault("TILLIT_CHROMIUM", "/usr/bin/chromium");
  }

  private static String chromedriver() {
    return System.getenv().getOrDefault("TILLIT_CHROMEDRIVER", "/usr/bin/chromedriver");
  }

  static boolean browserInstalled() {
    boolean ok =
        Files.isExecutable(Path.of(chromium())) && Files.isExecutable(Path.of(chromedriver()));
    if (!ok) {
      System.err.println("MaskingPageBrowserTest SKIPPED: " + chromium() + " or " + chromedriver()
          + " missing; install them with scripts/install-browser.sh");
    }
    return ok;
  }

  @BeforeAll
  static void startBrowser(@TempDir Path tmp) throws Exception {
    String chromium = chromium();
    String chromedriver = chromedriver();
    server = MaskingServer.builder().masker(MaskingServerTest.testMasker()).port(0).build().start();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path logDir = Path.of("target", "browser");
    Files.createDirectories(logDir);
    driver =
        new ProcessBuilder(chromedriver, "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve("chromedriver.log").toFile())
            .start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    wd = "http://127.0.0.1:" + port;
    waitFor(() -> {
      try {
        return call("GET", "/status", null).path("value").path("ready").asBoolean();
      } catch (Exception e) {
        return false;
      }
    }, 20_000, "chromedriver did not become ready");
    userDataDir = Files.createDirectories(tmp.resolve("chromium-profile"));
    Map<String, Object> options =
        Map.of(
            "binary", chromium,
            "args",
            List.of(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=sv-SE", "--window-size=1200,1500",
                "--user-data-dir=" + userDataDir));
    JsonNode created =
        call("POST", "/session",
            Map.of("capabilities",
                Map.of("alwaysMatch",
                    Map.of("browserName", "chrome", "goog:chromeOptions", options))));
    session = created.path("value").path("sessionId").asText();
    assertThat(session).as(created.toString()).isNotEmpty();
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (session != null) {
      try {
        call("DELETE", "/session/" + session, null);
      } catch (Exception ignored) {
        // the driver is killed below anyway
      }
    }
    if (driver != null) {
      driver.destroy();
      driver.waitFor();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void page_pasteSwedishLetterAndClickMask_showsMaskedTextWithPlaceholders() throws Exception {
    s("POST", "/url", Map.of("url", "http://127.0.0.1:" + server.port() + "/"));
    waitFor(() -> count("#types input") > 0, 10_000, "entity types were not loaded");
    assertThat(text(find("h1"))).isEqualTo("Maskering av personuppgifter");

    String input = find("#input");
    s("POST", "/element/" + input + "/value", Map.of("text", LETTER));
    s("POST", "/element/" + find("#mask-button") + "/click", Map.of());
    String output = find("#output");
    waitFor(() -> text(output).contains("[PERSON_1]"), 15_000, "no masked output appeared");

    String masked = text(output);
    assertThat(masked)
        .contains("Hej [PERSON_1]!")
        .contains("[ORGANISATION_1]")
        .contains("[PERSONNUMMER_1]")
        .contains("[PERSON_1] kan nå oss på [EMAIL_1]")
        .contains("[PLACE_1]")
        .contains("[PERSON_2]")
        .doesNotContain("Svensson")
        .doesNotContain("19850101")
        .doesNotContain("@");
    assertThat(count("#output mark.ph")).isEqualTo(7);
    assertThat(count("#entities tr")).isEqualTo(7);
    assertThat(text(find("#status"))).isEqualTo("Klart.");
    screenshot("masking-page.png");

    s("POST", "/element/" + find("#lang") + "/click", Map.of());
    assertThat(text(find("h1"))).isEqualTo("Masking of personal data");
    assertThat(text(find("#summary"))).contains("7 entities found (6 distinct)");
    assertThat(text(find("#status"))).isEqualTo("Done.");
    assertThat(text(find("#types"))).contains("Person name").contains("E-mail");
    screenshot("masking-page-en.png");
  }

  @Test
  void page_uploadPdf_showsMaskedText(@TempDir Path tmp) throws Exception {
    Path pdf = tmp.resolve("brev.pdf");
    Files.write(pdf, TestPdfs.pdf(List.of(List.of("Till Karin Lindqvist", "karin@example.se"))));
    s("POST", "/url", Map.of("url", "http://127.0.0.1:" + server.port() + "/"));
    waitFor(() -> count("#types input") > 0, 10_000, "entity types were not loaded");
    s("POST", "/element/" + find("#file") + "/value", Map.of("text", pdf.toAbsolutePath().toString()));
    String output = find("#output");
    waitFor(() -> text(output).contains("[EMAIL_1]"), 15_000, "no masked output for the PDF");
    assertThat(text(output)).contains("Till [PERSON_1]").doesNotContain("Lindqvist");
    assertThat(text(find("#summary"))).contains("PDF");
  }

  @Test
  void page_emptyInput_showsErrorNotRequest() throws Exception {
    s("POST", "/url", Map.of("url", "http://127.0.0.1:" + server.port() + "/"));
    s("POST", "/element/" + find("#mask-button") + "/click", Map.of());
    String status = find("#status");
    waitFor(() -> !text(status).isEmpty(), 5_000, "no status message");
    assertThat(text(status)).isEqualTo("Skriv eller klistra in text först.");
  }

  // --- a minimal W3C WebDriver client ---------------------------------------------------------

  private static void screenshot(String name) throws Exception {
    String png = s("GET", "/screenshot", null).path("value").asText();
    Files.write(Path.of("target", "browser", name), Base64.getDecoder().decode(png));
  }

  private static String find(String css) throws Exception {
    JsonNode v =
        s("POST", "/element", Map.of("using", "css selector", "value", css)).path("value");
    String id = v.path(ELEMENT).asText();
    assertThat(id).as("element " + css + ": " + v).isNotEmpty();
    return id;
  }

  private static int count(String css) {
    try {
      return s("POST", "/elements", Map.of("using", "css selector", "value", css))
          .path("value").size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(String element) {
    try {
      return s("GET", "/element/" + element + "/text", null).path("value").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode s(String method, String path, Object body) throws Exception {
    return call(method, "/session/" + session + path, body);
  }

  private static JsonNode call(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(wd + path)).timeout(Duration.ofSeconds(60));
    if (body == null) {
      b.method(method, BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json; charset=utf-8")
          .method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return JSON.readTree(http.send(b.build(), BodyHandlers.ofString()).body());
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check, long millis, String message) throws Exception {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(message);
  }

}
