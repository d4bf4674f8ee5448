package se.tillit.fl.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientConfigTest {
  private static final Path BASE = Path.of("/etc/tillit");

  @Test
  void parse_fullFile_allFieldsWithRelativePathsResolved() {
    ClientConfig c = ClientConfig.parse("""
        coordinator: fl.example.se:7443
        client_id: skatteverket
        tls: {ca: kit/ca.pem, cert: kit/client.pem, key: kit/client.key}
        data: {path: income.csv, label: income, eval_fraction: 0.1, seed: 3}
        properties: {agency: skatteverket}
        privacy:
          ledger: {url: "jdbc:h2:mem:x", dataset: skatteverket/income, password: hunter2}
        log: logs/sent.jsonl
        backoff: {initial: 250ms, max: 2m}
        """, BASE);
    assertThat(c.coordinator()).isEqualTo("fl.example.se:7443");
    assertThat(c.tlsCa()).isEqualTo(Path.of("/etc/tillit/kit/ca.pem"));
    assertThat(c.dataPath()).isEqualTo(Path.of("/etc/tillit/income.csv"));
    assertThat(c.evalFraction()).isEqualTo(0.1);
    assertThat(c.properties()).containsEntry("agency", "skatteverket");
    assertThat(c.dataset().toString()).isEqualTo("skatteverket/income");
    assertThat(c.initialBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.logPath()).isEqualTo(Path.of("/etc/tillit/logs/sent.jsonl"));
    assertThat(c.toString()).doesNotContain("hunter2");
  }

  @Test
  void parse_insecureDefaults() {
    ClientConfig c = ClientConfig.parse("""
        coordinator: localhost:7070
        client_id: a
        insecure: true
        data: {path: d.csv}
        """, BASE);
    assertThat(c.evalFraction()).isEqualTo(0.2);
    assertThat(c.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.ledgerUrl()).isEmpty();
  }

  @Test
  void parse_badInput_clearErrors() {
    assertThatThrownBy(() -> ClientConfig.parse("coordinator: localhost\nclient_id: a\n"
        + "insecure: true\ndata: {path: d.csv}\n", BASE))
        .hasMessageContaining("coordinator must be host:port. Provided value: 'localhost'");
    assertThatThrownBy(() -> ClientConfig.parse("coordinator: h:1\nclient_id: a\n"
        + "data: {path: d.csv}\n", BASE))
        .hasMessageContaining("tls: {ca, cert, key} must be set");
    assertThatThrownBy(() -> ClientConfig.parse("coordinator: h:1\nclient_id: a\n"
        + "insecure: true\ndata: {path: d.csv, eval_fraction: 1.5}\n", BASE))
        .hasMessageContaining("data.eval_fraction must be >= 0 and < 1. Provided value: 1.5");
    assertThatThrownBy(() -> ClientConfig.parse("coordinator: h:1\nclient_id: a\n"
        + "insecure: true\ndata: {path: d.csv}\nbackoff: {initial: soon}\n", BASE))
        .hasMessageContaining("backoff.initial must be a duration");
    assertThatThrownBy(() -> ClientConfig.parse("coordinator: h:1\nclient_id: a\n"
        + "insecure: true\ndata: {path: d.csv}\nretries: 3\n", BASE))
        .hasMessageContaining("retries is not a known setting");
  }
}
