package se.tillit.benchmarks.fl;

import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.tillit.fl.client.DataSource;
import se.tillit.fl.client.FleetClient;
import se.tillit.fl.coordinator.Coordinator;
import se.tillit.fl.coordinator.CoordinatorConfig;
import se.tillit.fl.coordinator.StateStore;
import se.tillit.fl.coordinator.strategy.FedAvg;
import se.tillit.fl.coordinator.strategy.PlainSumAggregator;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Models;
import se.tillit.fl.model.Table;
import se.tillit.fl.simulation.DemoAgencyData;
import se.tillit.fl.simulation.Partitioner;
import se.tillit.fl.simulation.Simulation;
import se.tillit.fl.simulation.SimulationConfig;
import se.tillit.fl.simulation.SimulationResult;

/**
 * Coordinator overhead per round and memory per connected client, measured side by side in one
 * JVM (a real coordinator and real clients over gRPC on loopback).
 *
 * <p>Round time: {@code N} clients (100 and 1,000) each hold 20 rows of the demo table and train a
 * logistic regression for one local epoch; every client is sampled every round. The round's wall
 * time (coordinator's start to finish: sampling, sending the model to N clients, their training,
 * receiving N updates, aggregation, checkpoint) is reported as the median over rounds 2..R, and
 * the per-client cost as the slope between the two sizes.
 *
 * <p>Memory: heap in use after a full GC with the coordinator alone, then with N idle clients
 * connected (coordinator sessions and client objects together: an upper bound for either side),
 * divided by N.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar se.tillit.benchmarks.fl.FleetBench
 * [--rounds 6] [--sizes 100,1000]}.
 */
public final class FleetBench {
  private FleetBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 6;
    List<Integer> sizes = List.of(100, 1000);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(","))
            .map(Integer::parseInt).toList();
        default -> {
          System.err.println("usage: FleetBench [--rounds R] [--sizes 100,1000]");
          System.exit(2);
        }
      }
    }
    StringBuilder json = new StringBuilder("{");
    List<double[]> perSize = new ArrayList<>();
    // Memory first, in a JVM that has not trained yet (less unrelated garbage moving about).
    Map<Integer, Double> memory = new java.util.LinkedHashMap<>();
    memoryPerClient(50); // warm-up: classes, thread pools, Netty buffers
    for (int n : sizes) {
      memory.put(n, memoryPerClient(n));
    }
    for (int n : sizes) {
      double median = roundMedian(n, rounds);
      double mem = memory.get(n);
      perSize.add(new double[] {n, median, mem});
      System.out.printf(Locale.ROOT, "%5d clients: median round %.3f s (%.2f ms per client);"
          + " heap per connected client %.1f KiB%n", n, median, median * 1000 / n, mem / 1024);
      json.append(String.format(Locale.ROOT,
          "\"clients_%d\":{\"median_round_s\":%.4f,\"heap_per_client_kib\":%.1f},", n, median, mem / 1024));
    }
    if (perSize.size() >= 2) {
      double[] a = perSize.get(0);
      double[] b = perSize.get(perSize.size() - 1);
      double slope = (b[1] - a[1]) / (b[0] - a[0]);
      System.out.printf(Locale.ROOT, "marginal round cost per client: %.2f ms%n", slope * 1000);
      json.append(String.format(Locale.ROOT, "\"marginal_ms_per_client\":%.3f,", slope * 1000));
    }
    json.setLength(json.length() - 1);
    System.out.println(json.append('}'));
  }

  static double roundMedian(int n, int rounds) throws Exception {
    Table table = DemoAgencyData.generate(0, 1, n * 25, 1);
    SimulationResult r = new Simulation(SimulationConfig.builder()
        .data(table, DemoAgencyData.LABEL)
        .clients(n)
        .rounds(rounds)
        .partition(Partitioner.parse("iid"))
        .model(ModelSpec.logistic(1))
        .training(1, 32, 0.05)
        .testFraction(0.2)
        .minRowsPerClient(5)
        .seed(1)
        .build()).run(new Simulation.Listener() {});
    List<Double> secs = new ArrayList<>();
    for (Map<String, Object> round : r.roundHistory()) {
      if (((Number) round.get("round")).longValue() >= 2 && round.get("seconds") != null) {
        secs.add(((Number) round.get("seconds")).doubleValue());
      }
    }
    Collections.sort(secs);
    return secs.isEmpty() ? Double.NaN : secs.get(secs.size() / 2);
  }

  static double memoryPerClient(int n) throws Exception {
    Table table = DemoAgencyData.generate(0, 1, 200, 1);
    FeatureSchema schema = FeatureSchema.infer(table, DemoAgencyData.LABEL);
    StateStore store = StateStore.open("jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
        null, null);
    Coordinator coordinator = Coordinator.builder()
        .config(CoordinatorConfig.builder().listen("127.0.0.1", 0).http("127.0.0.1", -1)
            .heartbeatInterval(Duration.ofSeconds(30)).insecure().build())
        .store(store)
        .credentials(InsecureServerCredentials.create())
        .initializer(spec -> Models.initialParameters(ModelSpec.logistic(1), schema))
        .strategies(spec -> FedAvg.create())
        .aggregator(new PlainSumAggregator())
        .build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", coordinator.port(),
        InsecureChannelCredentials.create()).build();
    List<FleetClient> clients = new ArrayList<>();
    try {
      long before = usedHeap();
      for (int i = 0; i < n; i++) {
        FleetClient c = FleetClient.builder().clientId(String.format("c-%05d", i)).channel(channel)
            .dataSource(DataSource.inMemory(table, 0.2, i)).properties(Map.of("agency", "a" + i))
            .build();
        clients.add(c);
        c.start();
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (coordinator.connectedClients() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (coordinator.connectedClients() < n) {
        throw new IllegalStateException("only " + coordinator.connectedClients() + " of " + n
            + " clients connected");
      }
      long after = usedHeap();
      return (after - before) / (double) n;
    } finally {
      for (FleetClient c : clients) {
        c.close();
      }
      channel.shutdownNow();
      coordinator.close();
      store.close();
    }
  }

  private static long usedHeap() throws InterruptedException {
    java.lang.management.MemoryMXBean mx = java.lang.management.ManagementFactory.getMemoryMXBean();
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(300);
      min = Math.min(min, mx.getHeapMemoryUsage().getUsed());
    }
    return min;
  }
}
