package se.tillit.fl.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Table;

class SimulationTest {

  @Test
  void run_demoAgencies_federatedCloseToCentralized() throws Exception {
    List<Table> tables = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      tables.add(DemoAgencyData.generate(a, 3, 1000, 5));
    }
    List<Long> rounds = new ArrayList<>();
    SimulationResult r = new Simulation(SimulationConfig.builder()
        .clientTables(tables, DemoAgencyData.LABEL)
        .clientNames(List.of("a", "b", "c"))
        .rounds(4)
        .model(ModelSpec.logistic(1).withOptimizer(ModelSpec.Optimizer.ADAM))
        .training(1, 32, 0.02)
        .baseline(true)
        .seed(3)
        .build())
        .run(new Simulation.Listener() {
          @Override
          public void roundCompleted(long round, int total, Map<String, Double> metrics) {
            rounds.add(round);
          }
        });
    assertThat(rounds).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.rounds()).isEqualTo(4);
    assertThat(r.testRows()).isEqualTo(600);
    assertThat(r.federatedAccuracy()).isGreaterThan(0.7);
    assertThat(r.centralizedAccuracy()).isNotNull();
    assertThat(Math.abs(r.centralizedAccuracy() - r.federatedAccuracy())).isLessThan(0.05);
    assertThat(r.epsilonByClient()).isEmpty();
  }
}
