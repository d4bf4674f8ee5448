package se.tillit.dp.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;

class DpSgdTrainerTest {

  private static DpSgdConfig.Builder noiseless(double clip) {
    return DpSgdConfig.builder()
        .l2NormClip(clip)
        .insecureZeroNoiseForTesting()
        .samplingRate(1.0)
        .random(Randomness.insecureSeededForTesting(1));
  }

  private static double maxAbsDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void step_zeroNoiseHugeClipSgd_equalsPlainSgdStep() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 1e-3);
    MultiLayerNetwork plain = net.clone();
    DataSet batch = TestNets.randomData(16, 5, 3, 7);

    DpSgdTrainer trainer = DpSgdTrainer.create(net, noiseless(1e9).build());
    assertThat(trainer.step(batch)).isTrue();
    plain.fit(batch);

    assertThat(maxAbsDiff(net.params(), plain.params())).isLessThan(1e-5);
    assertThat(maxAbsDiff(net.params(), plain.params().mul(0))).isGreaterThan(0); // it moved
  }

  @Test
  void step_zeroNoiseHugeClipAdamThreeSteps_equalsPlainAdamSteps() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Adam(0.01), 0);
    MultiLayerNetwork plain = net.clone();
    DataSet batch = TestNets.randomData(16, 5, 3, 8);
    INDArray before = net.params().dup();

    DpSgdTrainer trainer = DpSgdTrainer.create(net, noiseless(1e9).build());
    assertThat(trainer.fit(batch, 3)).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      plain.fit(batch);
    }

    assertThat(maxAbsDiff(net.params(), plain.params())).isLessThan(1e-5);
    assertThat(maxAbsDiff(net.params(), before)).isGreaterThan(1e-3);
    assertThat(net.getIterationCount()).isEqualTo(plain.getIterationCount());
  }

  @Test
  void step_microbatchCoveringWholeBatch_equalsPlainSgdStep() {
    // k = 16 with q n = 16 gives one slot: the clipped unit is the batch mean gradient.
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 0);
    MultiLayerNetwork plain = net.clone();
    DataSet batch = TestNets.randomData(16, 5, 3, 9);

    DpSgdTrainer.create(net, noiseless(1e9).microbatchSize(16).build()).step(batch);
    plain.fit(batch);

    assertThat(maxAbsDiff(net.params(), plain.params())).isLessThan(1e-5);
  }

  @Test
  void step_singleHugeGradientExample_updateNormIsClipNorm() {
    // SGD with learning rate 1, q = 1, n = 1: the update is exactly the clipped gradient.
    MultiLayerNetwork net = TestNets.softmaxRegression(5, 3, new Sgd(1.0));
    INDArray x = Nd4j.create(new double[][] {{1e4, -2e4, 3e4, 0, 5e3}});
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 1, 3);
    y.putScalar(0, net.output(x).argMax(1).getInt(0) == 0 ? 1 : 0, 1.0); // a confidently wrong class
    DataSet one = new DataSet(x, y);
    MultiLayerNetwork probe = net.clone();
    probe.setInput(x);
    probe.setLabels(y);
    probe.computeGradientAndScore();
    assertThat(probe.getFlattenedGradients().norm2Number().doubleValue()).isGreaterThan(1e3);
    INDArray before = net.params().dup();

    DpSgdTrainer.create(net, noiseless(1.0).build()).step(one);

    double updateNorm = net.params().sub(before).norm2Number().doubleValue();
    assertThat(updateNorm).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void step_mixedBatchWithOutlier_equalsManualPerExampleClippedMean() {
    MultiLayerNetwork net = TestNets.softmaxRegression(5, 3, new Sgd(1.0));
    DataSet batch = TestNets.randomData(4, 5, 3, 10);
    // One example with a huge gradient: large input, labelled with a class the model rejects.
    batch.getFeatures().getRow(2).muli(1e3);
    int predicted = net.output(batch.getFeatures().getRows(2)).argMax(1).getInt(0);
    batch.getLabels().getRow(2).assign(0).putScalar(predicted == 0 ? 1 : 0, 1.0);
    double clip = 3.0;
    MultiLayerNetwork probe = net.clone();
    INDArray expectedSum = Nd4j.zeros(DataType.DOUBLE, 1, net.numParams());
    List<Double> norms = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      probe.setInput(batch.getFeatures().getRows(i));
      probe.setLabels(batch.getLabels().getRows(i));
      probe.computeGradientAndScore();
      INDArray g = probe.getFlattenedGradients().dup();
      double norm = g.norm2Number().doubleValue();
      norms.add(norm);
      expectedSum.addi(g.muli(Math.min(1.0, clip / norm)));
    }
    assertThat(norms.get(2)).isGreaterThan(100 * clip);
    assertThat(norms.get(0)).isLessThan(clip); // some examples are not clipped
    INDArray expected = net.params().dup().subi(expectedSum.divi(4).reshape(net.params().shape()));

    DpSgdTrainer.create(net, noiseless(clip).build()).step(batch);

    assertThat(maxAbsDiff(net.params(), expected)).isLessThan(1e-9);
  }

  @Test
  void step_zeroGradientModel_noiseHasStdSigmaTimesClipOverExpectedBatch() {
    // Identity output, MSE, zero weights and zero labels: every example gradient is exactly 0,
    // so with SGD(1) the update is the noise divided by q n.
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.DOUBLE)
            .updater(new Sgd(1.0))
            .weightInit(WeightInit.ZERO)
            .list()
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    .nIn(20)
                    .nOut(100)
                    .activation(Activation.IDENTITY)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    DataSet data =
        new DataSet(Nd4j.rand(DataType.DOUBLE, 4, 20), Nd4j.zeros(DataType.DOUBLE, 4, 100));
    double sigma = 2.0;
    double clip = 0.5;
    DpSgdConfig config =
        DpSgdConfig.builder()
            .l2NormClip(clip)
            .noiseMultiplier(sigma)
            .samplingRate(1.0)
            .random(Randomness.insecureSeededForTesting(123))
            .build();

    DpSgdTrainer.create(net, config).step(data);

    double[] update = net.params().toDoubleVector(); // 2100 values, each N(0, (sigma C / 4)^2)
    double expectedStd = sigma * clip / 4;
    double mean = 0;
    for (double u : update) {
      mean += u;
    }
    mean /= update.length;
    double var = 0;
    for (double u : update) {
      var += (u - mean) * (u - mean);
    }
    double std = Math.sqrt(var / (update.length - 1));
    // Standard error of the sample std is std / sqrt(2 n) ~ 1.5%; allow about 5 of them.
    assertThat(std).isCloseTo(expectedStd, within(0.08 * expectedStd));
    assertThat(Math.abs(mean)).isLessThan(5 * expectedStd / Math.sqrt(update.length));
  }

  @Test
  void dpEvent_afterSteps_isSelfComposedPoissonSampledGaussian() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 0);
    DataSet data = TestNets.randomData(40, 5, 3, 11);
    DpSgdTrainer trainer =
        DpSgdTrainer.create(
            net,
            DpSgdConfig.builder()
                .l2NormClip(1.0)
                .noiseMultiplier(1.3)
                .expectedBatchSize(10)
                .random(Randomness.insecureSeededForTesting(5))
                .build());
    assertThat(trainer.dpEvent()).isEqualTo(new DpEvent.NoOp());

    trainer.fit(data, 3);

    assertThat(trainer.steps()).isEqualTo(3);
    assertThat(trainer.dpEvent()).isEqualTo(DpEvent.dpSgd(1.3, 0.25, 3));
  }

  @Test
  void dpEvent_microbatches_recordsHalfTheNoiseMultiplier() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 0);
    DataSet data = TestNets.randomData(40, 5, 3, 12);
    DpSgdTrainer trainer =
        DpSgdTrainer.create(
            net,
            DpSgdConfig.builder()
                .l2NormClip(1.0)
                .noiseMultiplier(2.0)
                .samplingRate(0.5)
                .microbatchSize(4)
                .random(Randomness.insecureSeededForTesting(6))
                .build());

    trainer.fit(data, 2);

    assertThat(trainer.effectiveNoiseMultiplier()).isEqualTo(1.0);
    assertThat(trainer.dpEvent()).isEqualTo(DpEvent.dpSgd(1.0, 0.5, 2));
  }

  @Test
  void dpEvent_differentDatasetSizes_composesRuns() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 0);
    DpSgdTrainer trainer =
        DpSgdTrainer.create(
            net,
            DpSgdConfig.builder()
                .l2NormClip(1.0)
                .noiseMultiplier(1.0)
                .expectedBatchSize(5)
                .random(Randomness.insecureSeededForTesting(7))
                .build());

    trainer.fit(TestNets.randomData(10, 5, 3, 1), 2);
    trainer.fit(TestNets.randomData(20, 5, 3, 2), 1);

    DpEvent.Gaussian g = new DpEvent.Gaussian(1.0);
    assertThat(trainer.dpEvent())
        .isEqualTo(
            new DpEvent.Composed(
                List.of(
                    new DpEvent.SelfComposed(new DpEvent.PoissonSampled(0.5, g), 2),
                    new DpEvent.SelfComposed(new DpEvent.PoissonSampled(0.25, g), 1))));
  }

  @Test
  void dpEvent_zeroNoiseConfig_throwsIllegalState() {
    DpSgdTrainer trainer =
        DpSgdTrainer.create(TestNets.mlp(5, 8, 3, new Sgd(0.1), 0), noiseless(1.0).build());
    trainer.step(TestNets.randomData(4, 5, 3, 1));

    assertThatThrownBy(trainer::dpEvent).isInstanceOf(IllegalStateException.class);
    assertThat(trainer.epsilon(new FakeAccountant(), 1e-5)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void epsilon_delegatesToAccountantWithComposedEvent() {
    DpSgdTrainer trainer =
        DpSgdTrainer.create(
            TestNets.mlp(5, 8, 3, new Sgd(0.1), 0),
            DpSgdConfig.builder()
                .l2NormClip(1.0)
                .noiseMultiplier(1.0)
                .samplingRate(0.5)
                .random(Randomness.insecureSeededForTesting(8))
                .build());
    FakeAccountant accountant = new FakeAccountant();
    assertThat(trainer.epsilon(accountant, 1e-5)).isEqualTo(0.0);

    trainer.fit(TestNets.randomData(10, 5, 3, 1), 2);

    assertThat(trainer.epsilon(accountant, 1e-5)).isEqualTo(42.0);
    assertThat(accountant.lastEvent).isEqualTo(DpEvent.dpSgd(1.0, 0.5, 2));
    assertThatThrownBy(() -> trainer.epsilon(accountant, 0.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void step_listenerVetoes_modelUnchangedAndNothingRecorded() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 0);
    List<DpEvent> seen = new ArrayList<>();
    DpSgdStepListener guard =
        new DpSgdStepListener() {
          @Override
          public boolean beforeStep(long stepIndex, DpEvent eventIfTaken) {
            seen.add(eventIfTaken);
            return stepIndex < 2; // budget for two steps only
          }
        };
    DpSgdTrainer trainer =
        DpSgdTrainer.create(
            net,
            DpSgdConfig.builder()
                .l2NormClip(1.0)
                .noiseMultiplier(1.0)
                .samplingRate(0.5)
                .random(Randomness.insecureSeededForTesting(9))
                .build(),
            guard);
    DataSet data = TestNets.randomData(10, 5, 3, 1);

    assertThat(trainer.fit(data, 5)).isEqualTo(2);
    INDArray afterTwo = net.params().dup();
    assertThat(trainer.step(data)).isFalse();

    assertThat(trainer.steps()).isEqualTo(2);
    assertThat(net.params()).isEqualTo(afterTwo);
    assertThat(trainer.dpEvent()).isEqualTo(DpEvent.dpSgd(1.0, 0.5, 2));
    assertThat(seen.get(0)).isEqualTo(DpEvent.dpSgd(1.0, 0.5, 1));
    assertThat(seen.get(2)).isEqualTo(DpEvent.dpSgd(1.0, 0.5, 3));
  }

  @Test
  void create_batchNormalizationLayer_throwsIllegalArgument() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(new DenseLayer.Builder().nIn(4).nOut(4).build())
            .layer(new BatchNormalization.Builder().nOut(4).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(4)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();

    assertThatThrownBy(() -> DpSgdTrainer.create(net, noiseless(1.0).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BatchNormalization");
  }

  @Test
  void create_uninitialisedNetwork_throwsIllegalState() {
    MultiLayerNetwork net = new MultiLayerNetwork(TestNets.mlp(5, 8, 3, new Sgd(0.1), 0).getLayerWiseConfigurations());

    assertThatThrownBy(() -> DpSgdTrainer.create(net, noiseless(1.0).build()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void create_listenerWithZeroNoiseConfig_throwsIllegalArgument() {
    MultiLayerNetwork net = TestNets.mlp(5, 8, 3, new Sgd(0.1), 0);

    assertThatThrownBy(
            () -> DpSgdTrainer.create(net, noiseless(1.0).build(), new DpSgdStepListener() {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void step_dataWithoutLabels_throwsIllegalArgument() {
    DpSgdTrainer trainer =
        DpSgdTrainer.create(TestNets.mlp(5, 8, 3, new Sgd(0.1), 0), noiseless(1.0).build());

    assertThatThrownBy(() -> trainer.step(new DataSet(Nd4j.rand(3, 5), null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trainer.fit(TestNets.randomData(3, 5, 3, 1), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Records the event it is asked about and answers 42. */
  private static final class FakeAccountant implements se.tillit.dp.accounting.PrivacyAccountant {
    DpEvent lastEvent;

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public double epsilon(DpEvent event, double delta) {
      lastEvent = event;
      return 42.0;
    }

    @Override
    public double delta(DpEvent event, double epsilon) {
      return 0.5;
    }

    @Override
    public boolean supports(DpEvent event) {
      return true;
    }
  }
}
