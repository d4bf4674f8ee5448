package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint over a real socket. */
class HttpApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Harness h;
  private String base;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  private void start() throws Exception {
    h = new Harness();
    h.start(b -> b.httpTokenEnv("TEST_TOKEN"), Map.of("TEST_TOKEN", "s3cret"));
    var a = h.coordinator.httpAddress().orElseThrow();
    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    base = "http://127.0.0.1:" + a.getPort();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void submitViaPost_runsAndIsVisibleInStatusRunsAndMetrics() throws Exception {
    start();
    h.client("c1", "skatteverket");
    h.client("c2", "fk");
    h.awaitConnected(2);
    assertThat(get("/health").body()).isEqualTo("{\"status\":\"ok\"}");

    HttpResponse<String> created = post("/v1/runs", """
        name: http-run
        rounds: 2
        sampling: {min_clients: 2}
        deadline: 5s
        evaluate_every: 2
        strategy: {name: mean-delta}
        """, "s3cret");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/v1/runs/" + id);
    h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));

    JsonNode run = JSON.readTree(get("/v1/runs/" + id).body());
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.get("current_round").asLong()).isEqualTo(2);
    assertThat(run.get("round_history")).hasSize(3);
    assertThat(run.get("round_history").get(0).get("metrics").get("loss").asDouble())
        .isEqualTo(1.0);
    assertThat(run.get("round_history").get(2).get("kind").asText()).isEqualTo("EVALUATE");
    assertThat(run.get("round_history").get(2).get("metrics").get("accuracy").asDouble())
        .isEqualTo(0.8);

    JsonNode runs = JSON.readTree(get("/v1/runs").body()).get("runs");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("name").asText()).isEqualTo("http-run");

    JsonNode status = JSON.readTree(get("/v1/status").body());
    assertThat(status.get("coordinator_id").asText()).isEqualTo("central");
    assertThat(status.get("connected_clients").asInt()).isEqualTo(2);
    assertThat(status.get("clients").get(0).get("properties").get("agency").asText())
        .isEqualTo("skatteverket");
    assertThat(status.get("runs").get("COMPLETED").asInt()).isEqualTo(1);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body())
        .contains("# TYPE tillit_fl_connected_clients gauge\ntillit_fl_connected_clients 2\n")
        .contains("tillit_fl_rounds_completed_total{kind=\"train\"} 2\n")
        .contains("tillit_fl_rounds_completed_total{kind=\"evaluate\"} 1\n")
        .contains("tillit_fl_round_duration_seconds_count 3\n")
        .contains("# TYPE tillit_fl_bytes_received_total counter")
        .contains("# TYPE tillit_fl_rejected_messages_total counter");
    assertThat(h.coordinator.prometheusMetrics()).doesNotContain("tillit_fl_bytes_sent_total 0\n");
  }

  @Test
  void submit_badRunFile_400NamingTheField() throws Exception {
    start();
    HttpResponse<String> r = post("/v1/runs", "name: x\nrounds: 3\nsampling: {fraction: 2}\n"
        + "strategy: {name: fedavg}\n", "s3cret");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText())
        .isEqualTo("sampling.fraction must be > 0 and <= 1. Provided value: 2.0");

    HttpResponse<String> notYaml = post("/v1/runs", "name: [unclosed", "s3cret");
    assertThat(notYaml.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notYaml.body()).get("error").asText())
        .startsWith("run file must be valid YAML");
    assertThat(h.coordinator.runs()).isEmpty();
  }

  @Test
  void submitAndCancel_withoutOrWithWrongToken_401() throws Exception {
    start();
    String yaml = "name: x\nrounds: 1\nstrategy: {name: fedavg}\n";
    assertThat(post("/v1/runs", yaml, null).statusCode()).isEqualTo(401);
    assertThat(post("/v1/runs", yaml, "wrong").statusCode()).isEqualTo(401);
    assertThat(h.coordinator.runs()).isEmpty();
    assertThat(post("/v1/runs/run-x/cancel", "", null).statusCode()).isEqualTo(401);
  }

  @Test
  void cancel_queuedRun_200ThenConflict_unknown404() throws Exception {
    start();
    HttpResponse<String> created = post("/v1/runs",
        "name: waits\nrounds: 1\nsampling: {min_clients: 5}\nstrategy: {name: fedavg}\n",
        "s3cret");
    String id = JSON.readTree(created.body()).get("id").asText();

    HttpResponse<String> cancelled = post("/v1/runs/" + id + "/cancel", "", "s3cret");
    assertThat(cancelled.statusCode()).isEqualTo(200);
    h.coordinator.awaitCompletion(id, Duration.ofSeconds(10));
    assertThat(JSON.readTree(get("/v1/runs/" + id).body()).get("status").asText())
        .isEqualTo("CANCELLED");
    assertThat(post("/v1/runs/" + id + "/cancel", "", "s3cret").statusCode()).isEqualTo(409);
    assertThat(post("/v1/runs/run-nope/cancel", "", "s3cret").statusCode()).isEqualTo(404);
    assertThat(get("/v1/runs/run-nope").statusCode()).isEqualTo(404);
    assertThat(get("/v1/nothing").statusCode()).isEqualTo(404);
  }
}
