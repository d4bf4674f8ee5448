package se.tillit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.fl.protocol.tls.Revocations;
import se.tillit.fl.protocol.tls.TlsCredentials;

class ProvisionCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path tmp;

  private CliRunner.Result create(String... extra) {
    String[] base = {"provision", "--project", "income", "--coordinator", "fl.example.se:8443",
      "--agencies", "skatteverket,fk", "--out", tmp.resolve("kits").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRunner.run(all);
  }

  @Test
  void provision_create_writesKitLayoutAndJson() throws Exception {
    CliRunner.Result r = create("--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("project").asText()).isEqualTo("income");
    assertThat(n.get("issued")).hasSize(3);
    assertThat(n.get("issued").get(0).get("role").asText()).isEqualTo("coordinator");

    Path kits = tmp.resolve("kits");
    assertThat(kits.resolve("ca/ca.pem")).isRegularFile();
    assertThat(kits.resolve("ca/ca-key.pem")).isRegularFile();
    for (String kit : new String[] {"coordinator", "skatteverket", "fk"}) {
      for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
        assertThat(kits.resolve(kit).resolve(f)).isRegularFile();
      }
    }
    JsonNode client = YAML.readTree(kits.resolve("fk/client.yaml").toFile());
    assertThat(client.get("client_id").asText()).isEqualTo("fk");
    assertThat(client.get("coordinator").asText()).isEqualTo("fl.example.se:8443");
    assertThat(client.get("tls").get("cert").asText()).isEqualTo("cert.pem");
    JsonNode coord = YAML.readTree(kits.resolve("coordinator/coordinator.yaml").toFile());
    assertThat(coord.get("tls").get("revoked_file").asText()).isEqualTo("revoked.txt");
    assertThat(kits.resolve("coordinator").resolve(coord.get("tls").get("revoked_file").asText())).isRegularFile();
    // The configs are read by the coordinator's and the client's own parsers as they are.
    se.tillit.fl.coordinator.CoordinatorConfig cc =
        se.tillit.fl.coordinator.CoordinatorConfig.load(kits.resolve("coordinator/coordinator.yaml"));
    assertThat(cc.port()).isEqualTo(8443);
    assertThat(cc.tls().revokedFile()).isEqualTo(kits.resolve("coordinator/revoked.txt").toAbsolutePath());
    se.tillit.fl.client.ClientConfig fk =
        se.tillit.fl.client.ClientConfig.load(kits.resolve("fk/client.yaml"));
    assertThat(fk.clientId()).isEqualTo("fk");
    assertThat(fk.coordinator()).isEqualTo("fl.example.se:8443");
    assertThat(fk.tlsCert()).isEqualTo(kits.resolve("fk/cert.pem").toAbsolutePath());
    // The kits are usable as they are.
    assertThat(TlsCredentials.client(kits.resolve("fk"))).isNotNull();
    assertThat(TlsCredentials.server(kits.resolve("coordinator"))).isNotNull();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kits.resolve("fk/key.pem"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void provision_human_namesKitsAndWarnsAboutCaKey() {
    CliRunner.Result r = create();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Project income").contains("skatteverket").contains("ca-key.pem")
        .contains("server certificate for fl.example.se");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Skatteverket", "fk,a_b", "ok,coordinator", "x y"})
  void provision_badAgencyId_exit2AndNothingWritten(String agencies) {
    CliRunner.Result r = CliRunner.run("provision", "--project", "p", "--coordinator", "h:1",
        "--agencies", agencies, "--out", tmp.resolve("kits").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("agency id");
    assertThat(tmp.resolve("kits")).doesNotExist();
  }

  @Test
  void provision_badCoordinator_exit2() {
    CliRunner.Result r = CliRunner.run("provision", "--project", "p", "--coordinator", "nohost",
        "--agencies", "a", "--out", tmp.resolve("kits").toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("HOST:PORT");
    assertThat(r.lastLine()).contains("\"exit_code\":2");
  }

  @Test
  void provision_existingProject_refusedWithExit2() throws Exception {
    assertThat(create().exitCode()).isZero();
    byte[] key = Files.readAllBytes(tmp.resolve("kits/fk/key.pem"));
    CliRunner.Result again = create();
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already holds a Tillit project").contains("--add-agency");
    assertThat(Files.readAllBytes(tmp.resolve("kits/fk/key.pem"))).isEqualTo(key);
  }

  @Test
  void provision_missingCreationOptions_exit2NamingThem() {
    CliRunner.Result r = CliRunner.run("provision", "--out", tmp.resolve("kits").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--project").contains("--coordinator").contains("--agencies");
  }

  @Test
  void provision_addAgencyThenRevoke_keepsEarlierKits() throws Exception {
    assertThat(create().exitCode()).isZero();
    Path kits = tmp.resolve("kits");
    byte[] cert = Files.readAllBytes(kits.resolve("fk/cert.pem"));

    CliRunner.Result add = CliRunner.run("provision", "--out", kits.toString(), "--add-agency", "csn",
        "--validity-days", "30", "--json");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(JSON.readTree(add.lastLine()).get("issued").get(0).get("id").asText()).isEqualTo("csn");
    assertThat(kits.resolve("csn/client.yaml")).isRegularFile();
    assertThat(Files.readAllBytes(kits.resolve("fk/cert.pem"))).isEqualTo(cert);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kits.resolve("csn/key.pem"))))
          .isEqualTo("rw-------");
    }

    CliRunner.Result revoke = CliRunner.run("provision", "--out", kits.toString(), "--revoke", "fk");
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("Revoked fk");
    assertThat(Revocations.load(kits.resolve("coordinator/revoked.txt")).isRevoked("fk")).isTrue();

    CliRunner.Result readd = CliRunner.run("provision", "--out", kits.toString(), "--add-agency", "fk");
    assertThat(readd.exitCode()).isEqualTo(2);
    assertThat(readd.err()).contains("revoked");
    CliRunner.Result unknown = CliRunner.run("provision", "--out", kits.toString(), "--revoke", "nobody");
    assertThat(unknown.exitCode()).isEqualTo(2);
    CliRunner.Result wrongProject = CliRunner.run("provision", "--out", kits.toString(),
        "--project", "other", "--add-agency", "x");
    assertThat(wrongProject.exitCode()).isEqualTo(2);
    assertThat(kits.resolve("x")).doesNotExist();
  }

  @Test
  void provision_help_explainsAndIsListedForCentralTeam() {
    CliRunner.Result r = CliRunner.run("provision", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--add-agency").contains("--revoke").contains("ECDSA P-256")
        .contains("ca-key.pem");
    assertThat(CliRunner.run("--help").out()).contains("provision").contains("[central team]");
  }

  @Test
  void provision_keyFilesOwnerOnly() throws Exception {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    assertThat(create().exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tmp.resolve("kits/ca/ca-key.pem")))).isEqualTo("rw-------");
  }
}
