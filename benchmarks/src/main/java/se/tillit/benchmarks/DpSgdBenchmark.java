package se.tillit.benchmarks;

import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.tillit.dp.dl4j.DpSgdConfig;
import se.tillit.dp.dl4j.DpSgdTrainer;

/**
 * Cost of one training step: DP-SGD with per-example clipping, DP-SGD with microbatches of 8, and
 * plain SGD ({@code net.fit}) on the same MLP (64 inputs, two hidden layers of 64, 2 outputs,
 * float32) and batch of 256. The DP trainers sample with q = 1 from a data set of 256 examples, so
 * every step sees exactly the same 256 examples as plain SGD; noise comes from a real
 * {@code SecureRandom}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DpSgdBenchmark -f 1 -wi 2 -i 3} (on a
 * shared machine {@code OMP_NUM_THREADS=1} gives far steadier numbers). Mode
 * is sample time, so the report includes the median (p0.50).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class DpSgdBenchmark {
  private static final int FEATURES = 64;
  private static final int HIDDEN = 64;
  private static final int BATCH = 256;

  private MultiLayerNetwork plainNet;
  private DpSgdTrainer perExample;
  private DpSgdTrainer microbatch8;
  private DataSet batch;

  @Setup
  public void setUp() {
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES);
    INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 2);
    for (int i = 0; i < BATCH; i++) {
      y.putScalar(i, x.getDouble(i, 0) + x.getDouble(i, 1) > 0 ? 1 : 0, 1.0);
    }
    batch = new DataSet(x, y);
    plainNet = mlp();
    perExample =
        DpSgdTrainer.create(
            mlp(),
            DpSgdConfig.builder().l2NormClip(1.0).noiseMultiplier(1.0).samplingRate(1.0).build());
    microbatch8 =
        DpSgdTrainer.create(
            mlp(),
            DpSgdConfig.builder()
                .l2NormClip(1.0)
                .noiseMultiplier(1.0)
                .samplingRate(1.0)
                .microbatchSize(8)
                .build());
  }

  private static MultiLayerNetwork mlp() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.FLOAT)
            .updater(new Sgd(0.01))
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN).activation(Activation.RELU).build())
            .layer(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(HIDDEN)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Benchmark
  public INDArray plainSgdStep() {
    plainNet.fit(batch);
    return plainNet.params();
  }

  @Benchmark
  public INDArray dpSgdPerExampleStep() {
    perExample.step(batch);
    return perExample.network().params();
  }

  @Benchmark
  public INDArray dpSgdMicrobatch8Step() {
    microbatch8.step(batch);
    return microbatch8.network().params();
  }
}
