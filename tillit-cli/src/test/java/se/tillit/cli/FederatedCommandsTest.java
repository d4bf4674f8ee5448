package se.tillit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.cli.fl.CoordinatorCommand;
import se.tillit.fl.coordinator.Coordinator;
import se.tillit.fl.coordinator.CoordinatorConfig;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.Table;
import se.tillit.fl.simulation.DemoAgencyData;

/** {@code tillit simulate}, {@code demo} and {@code run submit|status|cancel}, in-process. */
class FederatedCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void simulate_json_reportsFederatedAndCentralizedAccuracy() throws Exception {
    Path csv = dir.resolve("data.csv");
    DemoAgencyData.writeCsv(DemoAgencyData.generate(0, 1, 900, 3), csv);
    CliRunner.Result r = CliRunner.run("simulate", "--data", csv.toString(), "--label", "approved",
        "--clients", "3", "--rounds", "2", "--model", "logistic", "--partition", "dirichlet:1",
        "--baseline", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.lastLine());
    assertThat(j.get("rounds").asInt()).isEqualTo(2);
    assertThat(j.get("clients").asInt()).isEqualTo(3);
    assertThat(j.get("federated_accuracy").asDouble()).isBetween(0.5, 1.0);
    assertThat(j.get("centralized_accuracy").asDouble()).isBetween(0.5, 1.0);
    assertThat(j.has("epsilon")).isFalse();
  }

  @Test
  void simulate_badInput_exit2NamingTheProblem() throws Exception {
    Path csv = dir.resolve("data.csv");
    DemoAgencyData.writeCsv(DemoAgencyData.generate(0, 1, 100, 3), csv);
    CliRunner.Result label = CliRunner.run("simulate", "--data", csv.toString(), "--label", "nope");
    assertThat(label.exitCode()).isEqualTo(2);
    assertThat(label.err()).contains("'nope' does not exist").contains("approved");
    CliRunner.Result part = CliRunner.run("simulate", "--data", csv.toString(), "--label",
        "approved", "--partition", "shards");
    assertThat(part.exitCode()).isEqualTo(2);
    assertThat(part.err()).contains("iid or dirichlet:ALPHA");
    CliRunner.Result missing = CliRunner.run("simulate", "--data", dir.resolve("no.csv").toString(),
        "--label", "approved", "--json");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(JSON.readTree(missing.lastLine()).get("exit_code").asInt()).isEqualTo(2);
    CliRunner.Result dp = CliRunner.run("simulate", "--data", csv.toString(), "--label", "approved",
        "--dp", "maybe");
    assertThat(dp.exitCode()).isEqualTo(2);
    assertThat(dp.err()).contains("none, client or record");
  }

  @Test
  void demo_smallRun_writesAgencyTablesAndReportsEpsilonPerAgency() throws Exception {
    Path out = dir.resolve("demo");
    CliRunner.Result r = CliRunner.run("demo", "--agencies", "3", "--rows", "300", "--rounds", "2",
        "--out", out.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.lastLine());
    assertThat(j.get("rounds").asInt()).isEqualTo(2);
    assertThat(j.get("centralized_accuracy").asDouble()).isBetween(0.5, 1.0);
    JsonNode eps = j.get("epsilon");
    assertThat(eps.size()).isEqualTo(3);
    // Agencies differ in size, so their ledgers differ.
    assertThat(eps.get("forsakringskassan").asDouble()).isPositive()
        .isNotEqualTo(eps.get("malmo-stad").asDouble());
    for (String a : List.of("skatteverket", "forsakringskassan", "malmo-stad")) {
      assertThat(out.resolve(a + ".csv")).isRegularFile();
    }
    assertThat(r.err()).contains("round   2/2");
  }

  @Test
  void demo_badAgencies_exit2() {
    CliRunner.Result r = CliRunner.run("demo", "--agencies", "7");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--agencies must be 3 to 5");
  }

  @Test
  void run_submitStatusCancel_againstARealCoordinator() throws Exception {
    CoordinatorConfig config = CoordinatorConfig.builder()
        .listen("127.0.0.1", 0).http("127.0.0.1", 0)
        .database("jdbc:h2:file:" + dir.resolve("coord").toAbsolutePath(), null, null)
        .insecure().build();
    try (Coordinator c = CoordinatorCommand.build(config).start()) {
      String url = "http://127.0.0.1:" + c.httpAddress().orElseThrow().getPort();
      Table t = DemoAgencyData.generate(0, 1, 100, 1);
      Map<String, Object> features = FeatureSchema.infer(t, DemoAgencyData.LABEL).toMap();
      Path run = dir.resolve("run.yaml");
      Files.writeString(run, "name: cli-test\nrounds: 3\nsampling: {min_clients: 2}\n"
          + "strategy: {name: fedavg}\nmodel: {type: logistic}\nfeatures: "
          + JSON.writeValueAsString(features) + "\n");

      CliRunner.Result submit = CliRunner.run("run", "submit", run.toString(), "--coordinator", url,
          "--json");
      assertThat(submit.exitCode()).as(submit.err()).isZero();
      String id = JSON.readTree(submit.lastLine()).get("id").asText();
      assertThat(id).isNotBlank();

      CliRunner.Result list = CliRunner.run("run", "status", "--coordinator", url);
      assertThat(list.exitCode()).isZero();
      assertThat(list.out()).contains(id).contains("cli-test");
      CliRunner.Result one = CliRunner.run("run", "status", id, "--coordinator", url, "--json");
      assertThat(JSON.readTree(one.lastLine()).get("name").asText()).isEqualTo("cli-test");

      CliRunner.Result cancel = CliRunner.run("run", "cancel", id, "--coordinator", url);
      assertThat(cancel.exitCode()).as(cancel.err()).isZero();
      assertThat(cancel.out()).contains("cancel requested");
      long end = System.nanoTime() + 20_000_000_000L;
      while (!c.status(id).orElseThrow().status().name().equals("CANCELLED")
          && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      CliRunner.Result again = CliRunner.run("run", "cancel", id, "--coordinator", url);
      assertThat(again.exitCode()).isEqualTo(2);

      Path bad = dir.resolve("bad.yaml");
      Files.writeString(bad, "name: bad\nrounds: -1\n");
      CliRunner.Result refused = CliRunner.run("run", "submit", bad.toString(), "--coordinator", url);
      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.err()).contains("rounds");
      CliRunner.Result unknown = CliRunner.run("run", "status", "no-such-run", "--coordinator", url);
      assertThat(unknown.exitCode()).isEqualTo(2);
    }
    CliRunner.Result down = CliRunner.run("run", "status", "--coordinator", "http://127.0.0.1:9");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err()).contains("no coordinator answers");
  }
}
