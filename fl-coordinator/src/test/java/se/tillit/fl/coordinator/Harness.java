package se.tillit.fl.coordinator;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds coordinators on a fresh H2 file under target/ and connects test clients to them. */
final class Harness implements AutoCloseable {
  final String dbUrl;
  final List<FleetTestClient> clients = new ArrayList<>();
  final TestStrategies.MeanDelta strategy = new TestStrategies.MeanDelta();
  Coordinator coordinator;

  Harness() throws IOException {
    Path dir = Path.of("target", "fl-test-db");
    Files.createDirectories(dir);
    dbUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("c-" + UUID.randomUUID());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  CoordinatorConfig.Builder config() {
    return CoordinatorConfig.builder()
        .coordinatorId("central")
        .listen("127.0.0.1", 0)
        .http("127.0.0.1", 0)
        .database(dbUrl, null, null)
        .heartbeatInterval(Duration.ofMillis(500))
        .insecure();
  }

  Coordinator start(Consumer<CoordinatorConfig.Builder> tweak) throws IOException {
    return start(tweak, Map.of());
  }

  Coordinator start(Consumer<CoordinatorConfig.Builder> tweak, Map<String, String> env)
      throws IOException {
    CoordinatorConfig.Builder b = config();
    tweak.accept(b);
    coordinator = Coordinator.builder()
        .config(b.build())
        .initializer(TestStrategies::initialModel)
        .strategies(spec -> strategy)
        .aggregator(new TestStrategies.PlainSum())
        .environment(env::get)
        .reconnectAfter(Duration.ofMillis(100))
        .build()
        .start();
    return coordinator;
  }

  FleetTestClient client(String id, String agency) {
    FleetTestClient c = FleetTestClient.connect(id, agency, coordinator.port());
    clients.add(c);
    return c;
  }

  /** Waits until {@code n} clients are connected. */
  void awaitConnected(int n) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (coordinator.connectedClients() < n) {
      if (System.nanoTime() > end) {
        throw new AssertionError("only " + coordinator.connectedClients() + " of " + n
            + " clients connected");
      }
      Thread.sleep(10);
    }
  }

  static RunSpec spec(String extra) {
    return RunSpec.parse("name: test-run\n" + extra);
  }

  @Override
  public void close() {
    for (FleetTestClient c : clients) {
      c.close();
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }
}
