package se.tillit.fl.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCredentialsTest {
  @TempDir Path tmp;
  private Provisioner project;
  private Path a;
  private Path b;
  private Path coordinator;

  @BeforeEach
  void provision() throws Exception {
    project = Provisioner.newProject(tmp.resolve("kits")).name("t")
        .coordinator(HostAndPort.parse("localhost:8443")).agencies(List.of("a", "b")).create();
    a = project.directory().resolve("a");
    b = project.directory().resolve("b");
    coordinator = project.directory().resolve("coordinator");
  }

  @Test
  void kits_valid_credentialsBuilt() {
    assertThat(TlsCredentials.server(coordinator)).isNotNull();
    assertThat(TlsCredentials.client(a)).isNotNull();
  }

  @Test
  void client_missingKitDirectory_refused() {
    assertThatThrownBy(() -> TlsCredentials.client(tmp.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
  }

  @Test
  void client_missingKeyFile_refusedNamingFile() throws Exception {
    Files.delete(a.resolve("key.pem"));
    assertThatThrownBy(() -> TlsCredentials.client(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS key file").hasMessageContaining("key.pem")
        .hasMessageContaining("does not exist");
  }

  @Test
  void client_keyOfAnotherKit_refusedWithoutKeyMaterial() throws Exception {
    String keyText = Files.readString(b.resolve("key.pem"));
    assertThatThrownBy(() -> TlsCredentials.client(a.resolve("ca.pem"), a.resolve("cert.pem"),
        b.resolve("key.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong to the certificate")
        .satisfies(e -> {
          String body = keyText.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
          assertThat(e.getMessage()).doesNotContain(body).doesNotContain("BEGIN");
        });
  }

  @Test
  void client_garbageKey_refused() throws Exception {
    Files.writeString(a.resolve("key.pem"), "not a key");
    assertThatThrownBy(() -> TlsCredentials.client(a))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no private key");
  }

  @Test
  void client_keyAndCertSwapped_refused() {
    assertThatThrownBy(() -> TlsCredentials.client(a.resolve("ca.pem"), a.resolve("key.pem"),
        a.resolve("cert.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds a private key");
  }

  @Test
  void client_caOfAnotherProject_refused() throws Exception {
    Provisioner other = Provisioner.newProject(tmp.resolve("other")).name("o")
        .coordinator(HostAndPort.parse("localhost:1")).agencies(List.of("a")).create();
    assertThatThrownBy(() -> TlsCredentials.client(other.caCertificateFile(), a.resolve("cert.pem"),
        a.resolve("key.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not issued by the CA");
  }

  @Test
  void server_agencyKit_refusedAsNotServerCertificate() {
    assertThatThrownBy(() -> TlsCredentials.server(a))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a server certificate");
    assertThatThrownBy(() -> TlsCredentials.client(coordinator))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a client certificate");
  }
}
