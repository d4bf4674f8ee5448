package se.tillit.pseudonymize.ner.internal;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Builds the NER network from its shape alone. The input is a sequence of {@code T * slots}
 * bucket indices (each token's feature slots in a row); the network embeds each index ({@code
 * buckets + 1} rows, the last one for padding), averages every token's {@code slots} rows (a 1-D
 * average pooling with kernel and stride {@code slots}), applies tanh, then two 1-D convolutions of
 * kernel 3 over neighbouring tokens and a per-token softmax. Embedding plus average equals a dense layer over the bag of hashed
 * features, at a cost proportional to the number of features instead of the number of buckets.
 */
public final class NetworkFactory {
  private NetworkFactory() {}

  /** Number of output classes (the {@code NerTag} constants). */
  public static final int CLASSES = 5;

  /** The trainable network. */
  public static MultiLayerNetwork create(
      int buckets,
      int slots,
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
                new EmbeddingSequenceLayer.Builder()
                    .nIn(buckets + 1)
                    .nOut(hidden)
                    .hasBias(false)
                    .weightInit(new NormalDistribution(0, 1))
                    .activation(Activation.IDENTITY)
                    .build())
            .layer(
                new Subsampling1DLayer.Builder(PoolingType.AVG)
                    .kernelSize(slots)
                    .stride(slots)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .build())
            .layer(new ActivationLayer(Activation.TANH))
            .layer(conv(hidden, context, lstmInputRetain))
            .layer(conv(context, context, lstmInputRetain))
            .layer(
                new RnnOutputLayer.Builder(
                        new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)))
                    .nIn(context)
                    .nOut(CLASSES)
                    .activation(Activation.SOFTMAX)
                    .dataFormat(RNNFormat.NCW)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static Convolution1DLayer conv(int in, int out, double retain) {
    return new Convolution1DLayer.Builder()
        .nIn(in)
        .nOut(out)
        .kernelSize(3)
        .stride(1)
        .convolutionMode(ConvolutionMode.Same)
        .activation(Activation.RELU)
        .weightInit(WeightInit.RELU)
        .dropOut(retain)
        .rnnDataFormat(RNNFormat.NCW)
        .build();
  }
}
