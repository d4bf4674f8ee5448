package se.tillit.fl.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.fl.protocol.tls.internal.Pem;

class ProvisionerTest {
  @TempDir Path tmp;

  private Provisioner create(String coordinator, String... agencies) throws Exception {
    return Provisioner.newProject(tmp.resolve("kits")).name("p1")
        .coordinator(HostAndPort.parse(coordinator)).agencies(List.of(agencies)).create();
  }

  private static X509Certificate cert(Path file) {
    return Pem.certificates(Pem.readFile(file, "test"), file, "test").get(0);
  }

  @Test
  void create_writesOneKitPerParticipantWithConfig() throws Exception {
    Provisioner p = create("fl.example.se:8443", "skatteverket", "fk");
    Path d = p.directory();
    for (String kit : List.of("coordinator", "skatteverket", "fk")) {
      assertThat(d.resolve(kit).resolve("ca.pem")).hasSameBinaryContentAs(d.resolve("ca/ca.pem"));
      assertThat(d.resolve(kit).resolve("cert.pem")).isRegularFile();
      assertThat(Files.readString(d.resolve(kit).resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }
    assertThat(d.resolve("ca/ca-key.pem")).isRegularFile();
    assertThat(d.resolve("coordinator/revoked.txt")).isRegularFile();
    assertThat(Revocations.load(d.resolve("coordinator/revoked.txt")).revokedIds()).isEmpty();

    String client = Files.readString(d.resolve("fk/client.yaml"));
    assertThat(client).contains("client_id: fk").contains("coordinator: \"fl.example.se:8443\"")
        .contains("ca: ca.pem").contains("cert: cert.pem").contains("key: key.pem");
    String coord = Files.readString(d.resolve("coordinator/coordinator.yaml"));
    assertThat(coord).contains("port: 8443").contains("revoked_file: revoked.txt")
        .contains("cert: cert.pem");
    assertThat(client).contains("data:").contains("agency: fk");
    assertThat(p.kits()).extracting(Kit::id).containsExactly("coordinator", "skatteverket", "fk");
  }

  @Test
  void create_certificates_haveRolesNamesAndChain() throws Exception {
    Provisioner p = create("fl.example.se:8443", "fk");
    X509Certificate ca = cert(p.caCertificateFile());
    X509Certificate server = cert(p.directory().resolve("coordinator/cert.pem"));
    X509Certificate client = cert(p.directory().resolve("fk/cert.pem"));

    assertThat(ca.getBasicConstraints()).isEqualTo(0);
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    server.verify(ca.getPublicKey());
    client.verify(ca.getPublicKey());
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
        .contains("fl.example.se", "localhost", "127.0.0.1");
    assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(PeerIdentity.commonName(client)).contains("fk");
    assertThat(client.getSubjectAlternativeNames()).isNull();
    assertThat(client.getSerialNumber()).isNotEqualTo(server.getSerialNumber());
    assertThat(p.kit("fk").orElseThrow().serial()).isEqualTo(client.getSerialNumber());
  }

  @Test
  void create_ipCoordinator_ipAddressInSubjectAltName() throws Exception {
    Provisioner p = create("10.1.2.3:9000", "fk");
    X509Certificate server = cert(p.directory().resolve("coordinator/cert.pem"));
    assertThat(server.getSubjectAlternativeNames())
        .anySatisfy(l -> {
          assertThat(l.get(0)).isEqualTo(7); // iPAddress
          assertThat(l.get(1)).isEqualTo("10.1.2.3");
        });
  }

  @Test
  void create_validityDays_setsNotAfter() throws Exception {
    Provisioner p = Provisioner.newProject(tmp.resolve("kits")).name("p1")
        .coordinator(HostAndPort.parse("localhost:1")).agencies(List.of("a")).validityDays(30)
        .caValidityDays(60).create();
    Instant expected = Instant.now().plus(Duration.ofDays(30));
    assertThat(p.kit("a").orElseThrow().notAfter())
        .isBetween(expected.minusSeconds(120), expected.plusSeconds(120));
    assertThat(p.caNotAfter()).isAfter(expected.plus(Duration.ofDays(29)));
  }

  @Test
  void create_keyFiles_ownerOnlyPermissions() throws Exception {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Provisioner p = create("localhost:8443", "a", "b");
    for (String key : List.of("ca/ca-key.pem", "coordinator/key.pem", "a/key.pem", "b/key.pem")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.directory().resolve(key))))
          .as(key).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.directory().resolve("ca"))))
        .isEqualTo("rwx------");
    Kit added = p.addAgency("c", 10);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(added.keyFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void create_existingProject_refused() throws Exception {
    create("localhost:8443", "a");
    assertThatThrownBy(() -> create("localhost:8443", "b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds a Tillit project");
  }

  @Test
  void create_nonEmptyDirectory_refusedAndUntouched() throws Exception {
    Files.createDirectories(tmp.resolve("kits"));
    Files.writeString(tmp.resolve("kits/notes.txt"), "mine");
    assertThatThrownBy(() -> create("localhost:8443", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    try (var s = Files.list(tmp.resolve("kits"))) {
      assertThat(s.toList()).containsExactly(tmp.resolve("kits/notes.txt"));
    }
    try (var s = Files.list(tmp)) {
      assertThat(s.toList()).containsExactly(tmp.resolve("kits")); // no temporary left over
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Agency", "a_b", "a.b", "a b", "coordinator", "ca", "åklagare",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void checkAgencyId_invalid_refusedNamingValue(String id) {
    assertThatThrownBy(() -> Provisioner.checkAgencyId(id))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agency id")
        .hasMessageContaining("'" + id + "'");
  }

  @Test
  void agencies_duplicate_refused() {
    assertThatThrownBy(() -> Provisioner.newProject(tmp).agencies(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
  }

  @Test
  void create_missingCoordinator_refused() {
    assertThatThrownBy(() -> Provisioner.newProject(tmp.resolve("k")).name("x")
        .agencies(List.of("a")).create())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coordinator");
  }

  @Test
  void addAgency_existingId_refused() throws Exception {
    Provisioner p = create("localhost:8443", "a");
    assertThatThrownBy(() -> p.addAgency("a", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a kit");
  }

  @Test
  void revoke_writesSerialAndIdOnceAndBlocksReissue() throws Exception {
    Provisioner p = create("localhost:8443", "a", "b");
    Kit revoked = p.revoke("b");
    assertThat(revoked.revoked()).isTrue();
    p.revoke("b"); // idempotent
    String list = Files.readString(p.revocationFile(), StandardCharsets.UTF_8);
    assertThat(list.lines().filter(l -> !l.startsWith("#")).toList())
        .hasSize(1).first().asString().startsWith(revoked.serialHex() + " b");
    Revocations r = Revocations.load(p.revocationFile());
    assertThat(r.test(cert(revoked.certFile()))).isTrue();
    assertThat(r.test(cert(p.kit("a").orElseThrow().certFile()))).isFalse();

    Provisioner reopened = Provisioner.open(p.directory());
    assertThat(reopened.kit("b").orElseThrow().revoked()).isTrue();
    assertThatThrownBy(() -> reopened.addAgency("b", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revoked");
    assertThatThrownBy(() -> reopened.revoke("zz"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no agency 'zz'");
    assertThatThrownBy(() -> reopened.revoke("coordinator"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void open_noProject_refused() {
    assertThatThrownBy(() -> Provisioner.open(tmp))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no Tillit project");
  }
}
