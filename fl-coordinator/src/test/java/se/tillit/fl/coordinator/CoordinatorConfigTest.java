package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinatorConfigTest {
  @Test
  void parse_fullFile_allFieldsRead() {
    CoordinatorConfig c = CoordinatorConfig.parse("""
        coordinator_id: central
        listen: {address: 0.0.0.0, port: 9443}
        http: {port: 9080, token_env: TOKEN}
        database: {url: "jdbc:postgresql://db:5432/tillit", user: tillit, password_env: DBPW}
        heartbeat_interval: 5s
        limits: {max_model_bytes: 64MiB, max_chunk_bytes: 2MiB, max_concurrent_uploads: 8,
                 flow_control_window: 64MiB, flow_control_auto_tune: false}
        tls: {ca: ca.pem, cert: c.pem, key: c.key, revoked: [agency-x]}
        clients: [skatteverket, fk]
        keep_checkpoints: 0
        """, Path.of("/etc/tillit"));
    assertThat(c.coordinatorId()).isEqualTo("central");
    assertThat(c.flowControlWindow()).isEqualTo(64 << 20);
    assertThat(c.flowControlAutoTune()).isFalse();
    assertThat(c.port()).isEqualTo(9443);
    assertThat(c.httpAddress()).isEqualTo("127.0.0.1");
    assertThat(c.httpPort()).isEqualTo(9080);
    assertThat(c.httpTokenEnv()).isEqualTo("TOKEN");
    assertThat(c.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/tillit");
    assertThat(c.databasePasswordEnv()).isEqualTo("DBPW");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxModelBytes()).isEqualTo(64L << 20);
    assertThat(c.maxChunkBytes()).isEqualTo(2 << 20);
    assertThat(c.maxConcurrentUploads()).isEqualTo(8);
    assertThat(c.tls().ca()).isEqualTo(Path.of("/etc/tillit/ca.pem"));
    assertThat(c.isRevoked("agency-x")).isTrue();
    assertThat(c.registeredClients()).containsExactly("skatteverket", "fk");
    assertThat(c.keepCheckpoints()).isZero();
    assertThat(c.assemblyLimits().maxTotalBytes()).isEqualTo(64L << 20);
  }

  @Test
  void parse_insecureDefaults() {
    CoordinatorConfig c = CoordinatorConfig.parse("insecure: true\n", null);
    assertThat(c.insecure()).isTrue();
    assertThat(c.httpAddress()).isEqualTo("127.0.0.1");
    assertThat(c.databaseUrl()).isNull();
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.flowControlWindow()).isEqualTo(CoordinatorConfig.DEFAULT_FLOW_CONTROL_WINDOW);
    assertThat(c.flowControlAutoTune()).isTrue();
  }

  @Test
  void parse_badValues_clearErrors() {
    assertThatThrownBy(() -> CoordinatorConfig.parse(
        "insecure: true\nlimits: {flow_control_window: 1KiB}\n", null))
        .hasMessageContaining("limits.flow_control_window must be >= 65536");
    assertThatThrownBy(() -> CoordinatorConfig.parse("listen: {port: 1}\n", null))
        .hasMessageStartingWith("tls is required (ca, cert, key");
    assertThatThrownBy(() -> CoordinatorConfig.parse("insecure: true\nlisten: {port: 70000}\n",
        null)).hasMessage("listen.port must be >= 0 and <= 65535. Provided value: 70000");
    assertThatThrownBy(() -> CoordinatorConfig.parse(
        "insecure: true\ndatabase: {url: \"jdbc:mysql://x\"}\n", null))
        .hasMessage("database.url must be a jdbc:h2: or jdbc:postgresql: URL. Provided value:"
            + " jdbc:mysql://x");
    assertThatThrownBy(() -> CoordinatorConfig.parse(
        "insecure: true\nlimits: {max_model_bytes: lots}\n", null))
        .hasMessageStartingWith("limits.max_model_bytes must be a size in bytes");
    assertThatThrownBy(() -> CoordinatorConfig.parse(
        "insecure: true\ntls: {ca: a, cert: b, key: c}\n", null))
        .hasMessageStartingWith("tls and insecure must not both be given");
  }
}
