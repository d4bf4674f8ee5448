package se.tillit.dp.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import se.tillit.dp.Randomness;

/**
 * DP-SGD on the real UCI Adult data (../shared/data/adult/adult.csv, found by walking up from the
 * working directory; skipped if absent): logistic regression on one-hot and standardised features.
 */
class AdultDpSgdTrainingTest {

  private static final int[] CONTINUOUS = {0, 4, 10, 11, 12}; // age, education-num, gains, hours
  private static final int[] CATEGORICAL = {1, 3, 5, 6, 7, 8, 9, 13};

  @Test
  void fit_logisticRegressionOnAdult_beatsMajorityBaselineWithFiniteEpsilon() throws IOException {
    run(false, 100, 250, 2.0);
  }

  /** The setting of the brief: q = 0.01 (about 260 examples a step), an MLP, 300 steps. */
  @Test
  @Tag("slow")
  void fit_mlpOnAdultAtOnePercentSampling_beatsMajorityBaseline() throws IOException {
    run(true, 260, 300, 5.0);
  }

  private void run(boolean mlp, int expectedBatch, int steps, double maxEpsilon)
      throws IOException {
    Path csv = findAdult();
    assumeTrue(csv != null, "shared/data/adult/adult.csv not found");
    List<String[]> rows = read(csv);
    Encoded all = encode(rows);
    // Deterministic split: every 5th row is held out.
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      (i % 5 == 4 ? test : train).add(i);
    }
    DataSet trainSet = all.rows(train);
    DataSet testSet = all.rows(test);
    double majority = 1 - testSet.getLabels().getColumn(1).meanNumber().doubleValue();

    MultiLayerNetwork net =
        mlp ? mlp(all.features.columns()) : logisticRegression(all.features.columns());
    DpSgdConfig config =
        DpSgdConfig.builder()
            .l2NormClip(1.0)
            .noiseMultiplier(1.0)
            .expectedBatchSize(expectedBatch)
            .random(Randomness.insecureSeededForTesting(2024))
            .build();
    DpSgdTrainer trainer = DpSgdTrainer.create(net, config);
    long start = System.nanoTime();
    trainer.fit(trainSet, steps);
    double seconds = (System.nanoTime() - start) / 1e9;

    double accuracy = accuracy(net, testSet);
    double epsilon = trainer.epsilon(new se.tillit.dp.accounting.RdpAccountant(), 1e-5);
    System.out.printf(
        "Adult DP-SGD (%s): n=%d, q=%.5f, sigma=1.0, C=1.0, steps=%d: test accuracy %.4f (majority %.4f),"
            + " epsilon %.3f at delta 1e-5 (RDP), %.1f s%n",
        mlp ? "MLP 32 tanh" : "logistic regression",
        trainSet.numExamples(),
        config.samplingRate(trainSet.numExamples()),
        trainer.steps(),
        accuracy,
        majority,
        epsilon,
        seconds);
    assertThat(majority).isBetween(0.74, 0.78);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.80);
    assertThat(epsilon).isFinite().isPositive().isLessThan(maxEpsilon);
  }

  private static MultiLayerNetwork logisticRegression(long nIn) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .dataType(DataType.FLOAT)
            .updater(new Adam(0.02))
            .weightInit(WeightInit.ZERO)
            .list()
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(nIn)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static MultiLayerNetwork mlp(long nIn) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .dataType(DataType.FLOAT)
            .updater(new Adam(0.005))
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(nIn).nOut(32).activation(Activation.TANH).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(32)
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static double accuracy(MultiLayerNetwork net, DataSet data) {
    INDArray predicted = net.output(data.getFeatures()).argMax(1);
    INDArray actual = data.getLabels().argMax(1);
    return predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
  }

  static Path findAdult() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/data/adult/adult.csv");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }

  private static List<String[]> read(Path csv) throws IOException {
    List<String[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cells[i].trim();
      }
      rows.add(cells);
    }
    return rows;
  }

  private record Encoded(INDArray features, INDArray labels) {
    DataSet rows(List<Integer> indices) {
      int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
      return new DataSet(features.getRows(idx), labels.getRows(idx));
    }
  }

  /** Standardised continuous columns (log1p for capital gain/loss) and one-hot categoricals. */
  private static Encoded encode(List<String[]> rows) {
    List<Map<String, Integer>> vocab = new ArrayList<>();
    int width = CONTINUOUS.length;
    for (int c : CATEGORICAL) {
      Map<String, Integer> v = new LinkedHashMap<>();
      for (String[] r : rows) {
        v.putIfAbsent(r[c], v.size());
      }
      vocab.add(v);
      width += v.size();
    }
    float[][] x = new float[rows.size()][width];
    float[][] y = new float[rows.size()][2];
    double[] sum = new double[CONTINUOUS.length];
    double[] sumSq = new double[CONTINUOUS.length];
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      for (int j = 0; j < CONTINUOUS.length; j++) {
        double v = Double.parseDouble(r[CONTINUOUS[j]]);
        if (CONTINUOUS[j] == 10 || CONTINUOUS[j] == 11) {
          v = Math.log1p(v);
        }
        x[i][j] = (float) v;
        sum[j] += v;
        sumSq[j] += v * v;
      }
      int offset = CONTINUOUS.length;
      for (int c = 0; c < CATEGORICAL.length; c++) {
        x[i][offset + vocab.get(c).get(r[CATEGORICAL[c]])] = 1f;
        offset += vocab.get(c).size();
      }
      y[i][r[14].startsWith(">50K") ? 1 : 0] = 1f;
    }
    for (int j = 0; j < CONTINUOUS.length; j++) {
      double mean = sum[j] / rows.size();
      double sd = Math.sqrt(sumSq[j] / rows.size() - mean * mean);
      for (float[] row : x) {
        row[j] = (float) ((row[j] - mean) / sd);
      }
    }
    return new Encoded(Nd4j.create(x), Nd4j.create(y));
  }
}
