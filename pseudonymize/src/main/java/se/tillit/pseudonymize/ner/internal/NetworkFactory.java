package se.tillit.pseudonymize.ner.internal;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Builds the NER network from its shape alone: per token, a dense tanh layer over the {@code
 * buckets} hashed feature counts, a bidirectional LSTM and a softmax over the tags.
 *
 * <p>This DL4J network fixes the parameter layout and the file format and is the reference
 * implementation; training and inference compute the same function on Java arrays ({@link
 * TaggerNet}), where the dense layer over a mostly-zero count vector becomes a sum of the weight
 * rows of the token's active features.
 */
public final class NetworkFactory {
  private NetworkFactory() {}

  /** Number of output classes (the {@code NerTag} constants). */
  public static final int CLASSES = 5;

  /** Number of layers of the network. */
  public static final int LAYERS = 3;

  /** Index of the bidirectional LSTM layer. */
  public static final int LSTM_LAYER = 1;

  /** Index of the output layer. */
  public static final int OUTPUT_LAYER = 2;

  /** The trainable network. */
  public static MultiLayerNetwork create(
      int buckets,
      int hidden,
      int context,
      long seed,
      double learningRate,
      double[] classWeights,
      double l2,
      double lstmInputRetain) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .weightInit(WeightInit.XAVIER)
            .updater(new Adam(learningRate))
            .l2(l2)
            .list()
            .layer(
                new DenseLayer.Builder()
                    .nIn(buckets)
                    .nOut(hidden)
                    .activation(Activation.TANH)
                    .build())
            .layer(
                new Bidirectional(
                    Bidirectional.Mode.CONCAT,
                    new LSTM.Builder()
                        .nIn(hidden)
                        .nOut(context)
                        .activation(Activation.TANH)
                        .dropOut(lstmInputRetain)
                        .build()))
            .layer(
                new RnnOutputLayer.Builder(
                        new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)))
                    .nIn(2L * context)
                    .nOut(CLASSES)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.recurrent(buckets))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
}
