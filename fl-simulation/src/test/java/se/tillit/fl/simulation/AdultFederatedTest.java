package se.tillit.fl.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.fl.model.CsvReader;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Table;

/**
 * Issue #3's quality check on UCI Adult (label {@code income}): 5 clients with Dirichlet(0.5)
 * label-skewed partitions, federated accuracy within 2 points of the same model trained
 * centrally, without and with client-level DP. Each run takes about 40 s on this 2-core machine:
 * run with {@code -P slow}.
 *
 * <p>Setting: an MLP with one hidden layer of 32, local SGD (learning rate 0.1, batch 64) with at
 * most one local step per round, 300 rounds (FedSGD-like: with Dirichlet(0.5) one client holds
 * almost only one class, and more local steps per round let clients drift to their own optima;
 * with 20 steps the gap was 2 to 3 points). The centralised baseline trains the same model for 20
 * epochs on the union of the clients' rows.
 */
@Tag("slow")
class AdultFederatedTest {
  private static Table adult;

  @BeforeAll
  static void load() {
    Path p = Path.of("").toAbsolutePath();
    Path found = null;
    while (p != null && found == null) {
      Path c = p.resolve("shared/data/adult/adult.csv");
      found = Files.isRegularFile(c) ? c : null;
      p = p.getParent();
    }
    assumeTrue(found != null, "shared/data/adult/adult.csv not found; skipping");
    adult = CsvReader.read(found);
  }

  private static SimulationConfig.Builder base() {
    return SimulationConfig.builder()
        .data(adult, "income")
        .clients(5)
        .partition(Partitioner.parse("dirichlet:0.5"))
        .rounds(300)
        .model(ModelSpec.mlp(java.util.List.of(32), "relu", 42))
        .training(1, 64, 0.1)
        .maxSteps(1)
        .baseline(true)
        .seed(42);
  }

  @Test
  void dirichletHalf_noDp_withinTwoPointsOfCentralized() throws Exception {
    SimulationResult r = new Simulation(base().build()).run(new Simulation.Listener() {});
    report("no DP", r);
    assertThat(r.centralizedAccuracy() - r.federatedAccuracy()).isLessThanOrEqualTo(0.02);
  }

  @Test
  void dirichletHalf_clientLevelDp_withinTwoPointsOfCentralized() throws Exception {
    SimulationResult r = new Simulation(base()
        .clientLevel(new SimulationConfig.ClientLevel(0.3, 0.05, false, 0.5, 1e-5))
        .build()).run(new Simulation.Listener() {});
    report("client-level DP, z 0.3, clip 0.05", r);
    assertThat(r.maxEpsilon()).isFinite();
    assertThat(r.centralizedAccuracy() - r.federatedAccuracy()).isLessThanOrEqualTo(0.02);
  }

  private static void report(String what, SimulationResult r) {
    Map<String, Object> m = r.toJson(false);
    System.out.printf(Locale.ROOT, "adult dirichlet:0.5, %s: federated %.4f, centralized %.4f,"
        + " gap %.4f, epsilon %s (delta 1e-5), %.1f s%n", what, r.federatedAccuracy(),
        r.centralizedAccuracy(), r.centralizedAccuracy() - r.federatedAccuracy(),
        m.getOrDefault("epsilon_max", "-"), r.totalSeconds());
  }
}
