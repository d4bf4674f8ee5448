package se.tillit.cli.fl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.Table;
import se.tillit.fl.protocol.tls.HostAndPort;
import se.tillit.fl.protocol.tls.Provisioner;
import se.tillit.fl.simulation.DemoAgencyData;

/**
 * The federation as agencies would run it: a coordinator process and one client process per
 * agency (separate JVMs started through the {@code tillit} command), mutual TLS with kits from the
 * provisioner, a run submitted over HTTP. A client is killed (SIGKILL) in the middle of a round and
 * the run still finishes; the coordinator is killed in the middle of the run, started again, and
 * finishes the run while the clients reconnect by themselves.
 */
class FederationProcessesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final List<TillitProcess> processes = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (TillitProcess p : processes) {
      p.close();
    }
  }

  @Test
  void processes_clientKilledMidRound_andCoordinatorRestartedMidRun_runFinishes() throws Exception {
    int grpcPort = freePort();
    int httpPort = freePort();
    List<String> agencies = List.of("skatteverket", "forsakringskassan", "malmo-stad");
    Path project = dir.resolve("kits");
    Provisioner.newProject(project).name("e2e").coordinator(HostAndPort.parse("127.0.0.1:" + grpcPort))
        .agencies(agencies).create();

    Path coordYaml = project.resolve("coordinator/coordinator.yaml");
    Map<String, Object> coord = readYaml(coordYaml);
    coord.put("http", Map.of("address", "127.0.0.1", "port", httpPort));
    coord.put("database", Map.of("url", "jdbc:h2:file:" + dir.resolve("coordinator-db").toAbsolutePath()));
    coord.put("heartbeat_interval", "1s");
    YAML.writeValue(coordYaml.toFile(), coord);

    Table all = null;
    for (int a = 0; a < agencies.size(); a++) {
      Table t = DemoAgencyData.generate(a, agencies.size(), 4000, 11);
      all = all == null ? t : all.concat(t);
      Path kit = project.resolve(agencies.get(a));
      DemoAgencyData.writeCsv(t, kit.resolve("data.csv"));
      Map<String, Object> client = readYaml(kit.resolve("client.yaml"));
      client.put("backoff", Map.of("initial", "200ms", "max", "2s"));
      YAML.writeValue(kit.resolve("client.yaml").toFile(), client);
    }
    FeatureSchema schema = FeatureSchema.infer(all, DemoAgencyData.LABEL);

    Path home = dir.resolve("home");
    TillitProcess coordinator = start("coordinator-1", "coordinator", "start", "--config",
        coordYaml.toString());
    coordinator.awaitLine("serving gRPC on port " + grpcPort, Duration.ofSeconds(60));
    List<TillitProcess> clients = new ArrayList<>();
    for (String agency : agencies) {
      clients.add(start("client-" + agency, "client", "start", "--config",
          project.resolve(agency).resolve("client.yaml").toString()));
    }

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("name", "e2e");
    run.put("rounds", 8);
    run.put("seed", 5);
    run.put("sampling", Map.of("min_clients", 2, "fraction", 1.0));
    run.put("deadline", "20s");
    run.put("quorum", 2);
    run.put("evaluate_every", 4);
    run.put("strategy", Map.of("name", "fedavg"));
    run.put("train", Map.of("local_epochs", 3, "batch_size", 16, "learning_rate", 0.05));
    run.put("model", Map.of("type", "mlp", "hidden", List.of(64, 64), "seed", 5));
    run.put("features", schema.toMap());
    String runYaml = YAML.writeValueAsString(run);

    JsonNode submitted = http("POST", httpPort, "/v1/runs", runYaml);
    String runId = submitted.path("id").asText();
    assertThat(runId).isNotEmpty();

    // A client dies (SIGKILL) while round 2 is in progress: the round closes at quorum.
    coordinator.awaitLine("round 2 \\(TRAIN", Duration.ofSeconds(120));
    clients.get(2).kill();

    // The coordinator dies (SIGKILL) during round 4 and is started again on the same database.
    coordinator.awaitLine("round 4 \\(TRAIN", Duration.ofSeconds(120));
    coordinator.kill();
    TillitProcess coordinator2 = start("coordinator-2", "coordinator", "start", "--config",
        coordYaml.toString());
    coordinator2.awaitLine("resuming run " + runId, Duration.ofSeconds(60));
    coordinator2.awaitLine("run " + runId + " completed 8 rounds", Duration.ofSeconds(240));

    JsonNode status = http("GET", httpPort, "/v1/runs/" + runId, null);
    assertThat(status.path("status").asText()).isEqualTo("COMPLETED");
    // Both surviving clients reconnected by themselves to the restarted coordinator.
    for (int i = 0; i < 2; i++) {
      assertThat(clients.get(i).output()).contains("reconnecting");
      assertThat(clients.get(i).isAlive()).isTrue();
    }
    // Every training round 1..8 completed exactly once.
    List<Long> completed = new ArrayList<>();
    for (JsonNode r : status.path("round_history")) {
      if (r.path("kind").asText().equals("TRAIN") && r.path("status").asText().equals("COMPLETED")) {
        completed.add(r.path("round").asLong());
      }
    }
    assertThat(completed).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    // Evaluation after round 8 shows a model that learned something.
    double lastAccuracy = -1;
    for (JsonNode r : status.path("round_history")) {
      if (r.path("kind").asText().equals("EVALUATE") && r.path("status").asText().equals("COMPLETED")) {
        lastAccuracy = r.path("metrics").path("accuracy").asDouble();
      }
    }
    assertThat(lastAccuracy).isGreaterThan(0.7);
    // Each client kept a local log of what it sent.
    assertThat(Files.readString(project.resolve("skatteverket/client-log.jsonl"))).contains("\"TRAIN\"");
  }

  private TillitProcess start(String name, String... args) throws IOException {
    TillitProcess p = TillitProcess.start(name, dir, dir.resolve("home"), args);
    processes.add(p);
    return p;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(Path file) throws IOException {
    return new LinkedHashMap<>(YAML.readValue(file.toFile(), Map.class));
  }

  private static JsonNode http(String method, int port, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/yaml")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

}
