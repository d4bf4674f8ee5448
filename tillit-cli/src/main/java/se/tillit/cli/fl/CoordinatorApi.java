package se.tillit.cli.fl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options and HTTP calls shared by {@code tillit run submit|status|cancel}: they talk to the
 * coordinator's status and control endpoint ({@code http} in coordinator.yaml).
 */
public final class CoordinatorApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--coordinator", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
      description = "The coordinator's HTTP endpoint (its 'http' setting). Default: ${DEFAULT-VALUE}.")
  String url;

  @Option(names = "--token-env", paramLabel = "VAR",
      description = "Environment variable holding the coordinator's bearer token for submit and"
          + " cancel, when its config sets one.")
  String tokenEnv;

  /** The reply of one call: HTTP status and the JSON body. */
  record Reply(int status, JsonNode body) {}

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply post(String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (tokenEnv != null) {
      String token = System.getenv(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("--token-env " + tokenEnv + ": the variable is not set");
      }
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  private URI uri(String path) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      URI u = URI.create(base + path);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("bad scheme");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--coordinator must be an http(s) URL such as http://127.0.0.1:8081. Provided value: " + url);
    }
  }

  private Reply send(HttpRequest.Builder request) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> r = client.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = r.body().isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(r.body());
      } catch (IOException e) {
        body = MAPPER.createObjectNode().put("error", r.body());
      }
      return new Reply(r.statusCode(), body);
    } catch (ConnectException e) {
      throw new IllegalStateException("no coordinator answers at " + url
          + " (is it running? see 'tillit coordinator start --help')");
    } catch (IOException e) {
      throw new IllegalStateException("calling the coordinator at " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Turns a non-2xx reply into an exception whose message is the coordinator's own error. */
  static JsonNode check(Reply reply) {
    if (reply.status() / 100 == 2) {
      return reply.body();
    }
    String error = reply.body().path("error").asText("HTTP " + reply.status());
    if (reply.status() == 400 || reply.status() == 404 || reply.status() == 409) {
      throw new IllegalArgumentException(error);
    }
    throw new IllegalStateException("coordinator answered HTTP " + reply.status() + ": " + error);
  }

  static Object toJava(JsonNode node) {
    return MAPPER.convertValue(node, Object.class);
  }
}
