package se.tillit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivacyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void help_noArguments_listsCommandsAndExits0() {
    CliRunner.Result r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("privacy").contains("Exit codes");
  }

  @Test
  void version_printsVersion() {
    CliRunner.Result r = CliRunner.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("tillit ");
  }

  @Test
  void noSubcommand_isUsageError() {
    assertThat(CliRunner.run().exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("privacy").exitCode()).isEqualTo(2);
  }

  @Test
  void epsilon_json_lastLineHasRequiredFields() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "epsilon", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
            "--steps", "1000", "--delta", "1e-5", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("accountant").asText()).isEqualTo("pld");
    assertThat(n.get("delta").asDouble()).isEqualTo(1e-5);
    assertThat(n.get("epsilon").asDouble()).isBetween(0.1, 5.0);
  }

  @Test
  void epsilon_pldNeverAboveRdp() throws Exception {
    String[] base = {"privacy", "epsilon", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
      "--steps", "1000", "--delta", "1e-5", "--json", "--accountant"};
    double pld = JSON.readTree(CliRunner.run(concat(base, "pld")).lastLine()).get("epsilon").asDouble();
    double rdp = JSON.readTree(CliRunner.run(concat(base, "rdp")).lastLine()).get("epsilon").asDouble();
    assertThat(pld).isLessThanOrEqualTo(rdp);
  }

  @Test
  void epsilon_human_isOneReadableLine() {
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "epsilon", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
            "--steps", "100", "--delta", "1e-5", "--accountant", "rdp");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("epsilon = ").contains("rdp accountant");
  }

  @Test
  void delta_json_roundTripsEpsilon() throws Exception {
    JsonNode e =
        JSON.readTree(
            CliRunner.run(
                    "privacy", "epsilon", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
                    "--steps", "1000", "--delta", "1e-5", "--json", "--accountant", "rdp")
                .lastLine());
    JsonNode d =
        JSON.readTree(
            CliRunner.run(
                    "privacy", "delta", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
                    "--steps", "1000", "--epsilon", e.get("epsilon").asText(), "--json",
                    "--accountant", "rdp")
                .lastLine());
    assertThat(d.get("delta").asDouble()).isLessThanOrEqualTo(1.01e-5);
    assertThat(d.get("accountant").asText()).isEqualTo("rdp");
  }

  @Test
  void calibrate_json_neverOvershootsTarget() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "calibrate", "--epsilon", "2", "--delta", "1e-5", "--sampling-rate", "0.01",
            "--steps", "1000", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("noise_multiplier").asDouble()).isBetween(0.3, 5.0);
    assertThat(n.get("epsilon").asDouble()).isLessThanOrEqualTo(2.0);
    assertThat(n.get("accountant").asText()).isEqualTo("pld");
    assertThat(n.get("delta").asDouble()).isEqualTo(1e-5);
  }

  @ParameterizedTest
  @CsvSource({
    "--noise-multiplier, NaN, noise multiplier",
    "--noise-multiplier, -1, noise multiplier",
    "--noise-multiplier, Infinity, noise multiplier",
    "--sampling-rate, 0, sampling rate",
    "--sampling-rate, 1.5, sampling rate",
    "--steps, 0, steps",
    "--delta, 1, delta",
    "--delta, 0, delta",
    "--delta, NaN, delta",
  })
  void epsilon_badValue_exits2AndNamesParameter(String option, String value, String named) {
    String[] args = {"privacy", "epsilon", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
      "--steps", "100", "--delta", "1e-5"};
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(option)) {
        args[i + 1] = value;
      }
    }
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(named).contains("Provided value");
  }

  @Test
  void epsilon_badValueWithJson_printsJsonError() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "epsilon", "--noise-multiplier", "-1", "--sampling-rate", "0.01",
            "--steps", "100", "--delta", "1e-5", "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("error").asText()).contains("noise multiplier");
    assertThat(n.get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void epsilon_notANumber_exits2() {
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "epsilon", "--noise-multiplier", "abc", "--sampling-rate", "0.01",
            "--steps", "100", "--delta", "1e-5");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--noise-multiplier");
  }

  @Test
  void epsilon_missingOption_exits2() {
    CliRunner.Result r = CliRunner.run("privacy", "epsilon", "--noise-multiplier", "1.1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option");
  }

  @Test
  void curve_writesPngAndTable(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("curve.png");
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "curve", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
            "--steps", "2000", "--delta", "1e-5", "--points", "5", "--budget", "3",
            "--out", png.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("points")).hasSize(5);
    for (JsonNode p : n.get("points")) {
      assertThat(p.get("epsilon_pld").asDouble()).isLessThanOrEqualTo(p.get("epsilon_rdp").asDouble());
    }
  }

  @Test
  void curve_outNotPng_exits2(@TempDir Path dir) {
    CliRunner.Result r =
        CliRunner.run(
            "privacy", "curve", "--noise-multiplier", "1.1", "--sampling-rate", "0.01",
            "--steps", "100", "--delta", "1e-5", "--out", dir.resolve("x.txt").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--out");
  }

  private static String[] concat(String[] a, String b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }
}
