package se.tillit.dp.dl4j;

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
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks and data sets for the DP-SGD tests. */
final class TestNets {
  private TestNets() {}

  /** in -> hidden (tanh) -> out (softmax, MCXENT), double precision, fixed seed. */
  static MultiLayerNetwork mlp(int in, int hidden, int out, IUpdater updater, double l2) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.DOUBLE)
            .updater(updater)
            .l2(l2)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.TANH).build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(hidden)
                    .nOut(out)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** Softmax regression: one output layer, so a large input gives a proportionally large gradient. */
  static MultiLayerNetwork softmaxRegression(int in, int out, IUpdater updater) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(43)
            .dataType(DataType.DOUBLE)
            .updater(updater)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(in)
                    .nOut(out)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** Random features N(0,1) and one-hot labels, from a seeded ND4J generator. */
  static DataSet randomData(int n, int in, int out, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.DOUBLE, n, in);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n, out);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, i % out, 1.0);
    }
    return new DataSet(x, y);
  }
}
