package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's state on PostgreSQL (selected by URL, as in production): a whole run with
 * checkpoints, then a second coordinator on the same database that sees it. Each test uses a
 * throwaway schema; skipped unless {@code TILLIT_TEST_POSTGRES_URL} is set (the README's test
 * command starts a server with {@code scripts/postgres-test-server.sh}).
 */
class PostgresCoordinatorTest {
  private Harness h;
  private String base;
  private String schema;
  private String user;
  private String password;

  @AfterEach
  void tearDown() throws Exception {
    if (h != null) {
      h.close();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(base, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private String newSchemaUrl() throws Exception {
    base = System.getenv("TILLIT_TEST_POSTGRES_URL");
    assumeTrue(base != null && !base.isBlank(),
        "PostgreSQL tests skipped: set TILLIT_TEST_POSTGRES_URL (scripts/postgres-test-server.sh)");
    user = envOr("TILLIT_TEST_POSTGRES_USER", "tillit");
    password = envOr("TILLIT_TEST_POSTGRES_PASSWORD", "tillit");
    byte[] r = new byte[6];
    new SecureRandom().nextBytes(r);
    schema = "tillit_fl_test_" + HexFormat.of().formatHex(r);
    try (Connection c = DriverManager.getConnection(base, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Test
  void run_onPostgres_completesAndIsSeenByANewCoordinator() throws Exception {
    String url = newSchemaUrl();
    h = new Harness();
    Map<String, String> env = Map.of("FL_TEST_DB_PASSWORD", password);
    h.start(b -> b.database(url, user, "FL_TEST_DB_PASSWORD"), env);
    for (String a : List.of("skatteverket", "fk", "scb")) {
      h.client(a + "-client", a);
    }
    String id = h.coordinator.submit(Harness.spec("""
        rounds: 3
        sampling: {min_clients: 3}
        deadline: 10s
        evaluate_every: 3
        strategy: {name: mean-delta}
        """));
    RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(30));
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.completed("TRAIN")).extracting(RoundView::round).containsExactly(1L, 2L, 3L);
    assertThat(run.completed("EVALUATE")).hasSize(1);
    h.coordinator.close();

    try (StateStore store = StateStore.open(url, user, password)) {
      RunView again = store.run(id).orElseThrow();
      assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(again.roundHistory()).hasSize(run.roundHistory().size());
      StateStore.Checkpoint cp = store.latestCheckpoint(id).orElseThrow();
      assertThat(cp.round()).isEqualTo(3);
      assertThat(cp.model().specs()).isNotEmpty();
      assertThat(store.clients()).hasSize(3);
      assertThat(store.audit().verify().intact()).isTrue();
    }
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
