package se.tillit.fl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.fl.protocol.ModelParameters;

class LocalTrainerTest {
  private final FeatureSchema schema = ToyData.schema();
  private final EncodedData data = TableEncoder.forSchema(schema).encode(ToyData.table(600, 3));

  @Test
  void train_logisticOnSeparableData_learns() {
    LocalTrainer trainer = LocalTrainer.create(ModelSpec.logistic(1), schema);
    ModelParameters start = Models.initialParameters(ModelSpec.logistic(1), schema);
    LocalTrainer.Evaluation before = trainer.evaluate(start, data);
    LocalTrainer.TrainResult r = trainer.train(start, data, LocalTrainer.TrainOptions.builder()
        .epochs(4).batchSize(20).learningRate(2.0).seed(1).build());
    assertThat(r.steps()).isEqualTo(4 * 30);
    assertThat(r.loss()).isLessThan(before.loss() * 0.6);
    assertThat(r.accuracy()).isGreaterThan(0.93);
    assertThat(trainer.evaluate(r.parameters(), data).accuracy()).isEqualTo(r.accuracy());
    assertThat(r.dpEvent()).isEmpty();
  }

  @Test
  void train_sameSeed_deterministic() {
    LocalTrainer trainer = LocalTrainer.create(ModelSpec.mlp(List.of(8), "relu", 1), schema);
    ModelParameters start = Models.initialParameters(trainer.spec(), schema);
    LocalTrainer.TrainOptions o = LocalTrainer.TrainOptions.builder().seed(5).build();
    assertThat(trainer.train(start, data, o).parameters())
        .isEqualTo(trainer.train(start, data, o).parameters());
  }

  @Test
  void train_hugeProximalMu_staysNearStart() {
    LocalTrainer trainer = LocalTrainer.create(ModelSpec.logistic(1), schema);
    ModelParameters start = Models.initialParameters(ModelSpec.logistic(1), schema);
    LocalTrainer.TrainOptions.Builder o = LocalTrainer.TrainOptions.builder()
        .epochs(1).batchSize(20).learningRate(0.5).seed(1);
    double free = distance(trainer.train(start, data, o.build()).parameters(), start);
    // mu * lr = 1: each step pulls the parameters all the way back to the start, so they end
    // one plain gradient step (lr * |g|) away from it, whatever the number of steps.
    double prox = distance(trainer.train(start, data, o.proximalMu(2).build()).parameters(),
        start);
    assertThat(free).isGreaterThan(1.0);
    assertThat(prox).isLessThan(free * 0.15);
  }

  @Test
  void train_recordLevelDp_returnsEventOfStepsTaken() {
    LocalTrainer trainer = LocalTrainer.create(ModelSpec.logistic(1), schema);
    ModelParameters start = Models.initialParameters(ModelSpec.logistic(1), schema);
    LocalTrainer.TrainOptions o = LocalTrainer.TrainOptions.builder().epochs(1).batchSize(60)
        .learningRate(0.5).recordLevelDp(1.0, 1.0).build();
    LocalTrainer.TrainResult r = trainer.train(start, data, o);
    assertThat(r.steps()).isEqualTo(10);
    assertThat(r.dpEvent()).contains(DpEvent.dpSgd(1.0, 0.1, 10));
    assertThat(o.plannedDpEvent(600)).isEqualTo(r.dpEvent().orElseThrow());
    assertThat(r.parameters()).isNotEqualTo(start);
  }

  @Test
  void train_cancelled_stopsEarly() {
    LocalTrainer trainer = LocalTrainer.create(ModelSpec.logistic(1), schema);
    ModelParameters start = Models.initialParameters(ModelSpec.logistic(1), schema);
    int[] calls = {0};
    LocalTrainer.TrainResult r = trainer.train(start, data,
        LocalTrainer.TrainOptions.builder().epochs(3).build(), () -> ++calls[0] > 5);
    assertThat(r.cancelled()).isTrue();
    assertThat(r.steps()).isEqualTo(5);
  }

  private static double distance(ModelParameters a, ModelParameters b) {
    double[] x = a.toFlatDoubles();
    double[] y = b.toFlatDoubles();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.sqrt(s);
  }
}
