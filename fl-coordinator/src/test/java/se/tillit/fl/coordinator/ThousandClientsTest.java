package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000 connected clients (streams over a few loopback connections), two rounds with all of them
 * sampled. Slow: run with -P slow.
 */
@Tag("slow")
class ThousandClientsTest {
  @Test
  void run_thousandClients_completesAndReportsRoundOverhead() throws Exception {
    int n = Integer.getInteger("tillit.test.clients", 1000);
    try (Harness h = new Harness()) {
      h.start(b -> b.heartbeatInterval(Duration.ofSeconds(5)).maxConcurrentUploads(64));
      List<ManagedChannel> channels = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        channels.add(NettyChannelBuilder.forAddress("127.0.0.1", h.coordinator.port())
            .usePlaintext().build());
      }
      long t0 = System.nanoTime();
      List<FleetTestClient> clients = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        FleetTestClient c = new FleetTestClient("client-" + i, "agency-" + (i % 10),
            channels.get(i % channels.size()), false, 2_000);
        c.open();
        clients.add(c);
      }
      h.clients.addAll(clients);
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (h.coordinator.connectedClients() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(h.coordinator.connectedClients()).isEqualTo(n);
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      Runtime rt = Runtime.getRuntime();
      System.gc();
      long heap = rt.totalMemory() - rt.freeMemory();

      String id = h.coordinator.submit(Harness.spec("rounds: 3\nsampling: {min_clients: " + n
          + "}\ndeadline: 60s\nstrategy: {name: mean-delta}\n"));
      RunView run = h.coordinator.awaitCompletion(id, Duration.ofSeconds(300));

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.completed("TRAIN")).hasSize(3)
          .allSatisfy(r -> assertThat(r.contributors()).isEqualTo(n));
      System.out.printf("%d clients: connected in %.2f s, heap after connect %.1f MB;"
          + " round seconds %s%n", n, connectSeconds, heap / 1e6,
          run.completed("TRAIN").stream().map(r -> String.format("%.3f",
              r.metrics().get("round.seconds"))).toList());
      for (FleetTestClient c : clients) {
        c.close();
      }
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }
}
