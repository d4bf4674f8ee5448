package se.tillit.fl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import se.tillit.fl.protocol.DType;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.TensorSpec;

/**
 * Builds the DL4J network a {@link ModelSpec} describes for a {@link FeatureSchema}, and converts
 * between a network's parameters and {@link ModelParameters}.
 *
 * <p>Tensor names are DL4J's parameter keys, stable for a given spec: {@code "0_W"}, {@code
 * "0_b"}, {@code "1_W"}, ... in layer order; every tensor is FLOAT32 with the parameter's shape
 * (a dense layer's W is {@code [nIn, nOut]}), values row-major. Networks use FLOAT precision.
 */
public final class Models {
  /** Learning rate used by {@link #network(ModelSpec, FeatureSchema)} when none is given. */
  public static final double DEFAULT_LEARNING_RATE = 0.05;

  private Models() {}

  /**
   * The initial global model: the spec's network initialised with its seed. Deterministic: the
   * same spec and schema give equal parameters.
   *
   * @throws IllegalArgumentException if the spec does not fit the schema
   */
  public static ModelParameters initialParameters(ModelSpec spec, FeatureSchema schema) {
    return parameters(network(spec, schema));
  }

  /** {@link #network(ModelSpec, FeatureSchema, double)} with {@link #DEFAULT_LEARNING_RATE}. */
  public static MultiLayerNetwork network(ModelSpec spec, FeatureSchema schema) {
    return network(spec, schema, DEFAULT_LEARNING_RATE);
  }

  /**
   * A new, initialised network for the spec and schema, whose optimizer uses {@code learningRate}.
   *
   * @throws IllegalArgumentException if a dl4j configuration's input or output size differs from
   *     the schema's input width or class count, or the learning rate is not positive
   */
  public static MultiLayerNetwork network(ModelSpec spec, FeatureSchema schema,
      double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be > 0 and < infinity. Provided"
          + " value: " + learningRate);
    }
    IUpdater updater = spec.optimizer() == ModelSpec.Optimizer.ADAM
        ? new Adam(learningRate) : new Sgd(learningRate);
    MultiLayerConfiguration conf = switch (spec.type()) {
      case LOGISTIC, MLP -> builtIn(spec, schema, updater);
      case DL4J -> fromJson(spec, schema, updater);
    };
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static MultiLayerConfiguration builtIn(ModelSpec spec, FeatureSchema schema,
      IUpdater updater) {
    NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(DataType.FLOAT)
        .updater(updater)
        .weightInit(WeightInit.XAVIER)
        .list();
    int in = schema.inputWidth();
    for (int h : spec.hidden()) {
      b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(activation(spec.activation()))
          .build());
      in = h;
    }
    b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in)
        .nOut(schema.numClasses()).activation(Activation.SOFTMAX).build());
    return b.build();
  }

  private static Activation activation(String name) {
    return switch (name) {
      case "relu" -> Activation.RELU;
      case "tanh" -> Activation.TANH;
      case "sigmoid" -> Activation.SIGMOID;
      case "leakyrelu" -> Activation.LEAKYRELU;
      case "elu" -> Activation.ELU;
      case "gelu" -> Activation.GELU;
      case "swish" -> Activation.SWISH;
      case "identity" -> Activation.IDENTITY;
      default -> throw new IllegalArgumentException("unknown activation " + name);
    };
  }

  static MultiLayerConfiguration parseConfiguration(String json) {
    MultiLayerConfiguration conf;
    try {
      conf = MultiLayerConfiguration.fromJson(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("model.configuration must be a DL4J"
          + " MultiLayerConfiguration as JSON; it could not be read: "
          + e.getClass().getSimpleName());
    }
    if (conf == null || conf.getConfs() == null || conf.getConfs().isEmpty()) {
      throw new IllegalArgumentException("model.configuration must have at least one layer");
    }
    return conf;
  }

  private static MultiLayerConfiguration fromJson(ModelSpec spec, FeatureSchema schema,
      IUpdater updater) {
    MultiLayerConfiguration conf = parseConfiguration(spec.configuration());
    List<NeuralNetConfiguration> confs = conf.getConfs();
    Layer first = confs.get(0).getLayer();
    Layer last = confs.get(confs.size() - 1).getLayer();
    if (!(first instanceof FeedForwardLayer f) || f.getNIn() != schema.inputWidth()) {
      throw new IllegalArgumentException("model.configuration's first layer must take the"
          + " schema's " + schema.inputWidth() + " inputs (nIn). Provided value: "
          + (first instanceof FeedForwardLayer ff ? "nIn=" + ff.getNIn()
              : "a " + first.getClass().getSimpleName() + " layer"));
    }
    if (!(last instanceof FeedForwardLayer l) || l.getNOut() != schema.numClasses()) {
      throw new IllegalArgumentException("model.configuration's last layer must have one"
          + " output per class, nOut=" + schema.numClasses() + ". Provided value: "
          + (last instanceof FeedForwardLayer ll ? "nOut=" + ll.getNOut()
              : "a " + last.getClass().getSimpleName() + " layer"));
    }
    for (NeuralNetConfiguration c : confs) {
      c.setSeed(spec.seed());
      if (c.getLayer() instanceof BaseLayer bl) {
        bl.setIUpdater(updater);
        bl.setBiasUpdater(null);
      }
    }
    conf.setDataType(DataType.FLOAT);
    return conf;
  }

  /** The network's parameters as FLOAT32 tensors named by DL4J's keys, in layer order. */
  public static ModelParameters parameters(MultiLayerNetwork net) {
    ModelParameters.Builder b = ModelParameters.builder();
    for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
      INDArray a = e.getValue();
      float[] values = a.dup('c').castTo(DataType.FLOAT).data().asFloat();
      b.addFloats(e.getKey(), a.shape(), values);
    }
    return b.build();
  }

  /** The layout (names, FLOAT32, shapes) of the network's parameters. */
  public static List<TensorSpec> layout(MultiLayerNetwork net) {
    List<TensorSpec> out = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
      out.add(new TensorSpec(e.getKey(), DType.FLOAT32, e.getValue().shape()));
    }
    return out;
  }

  /**
   * Checks that {@code params} fits the network: same tensor names in the same order, FLOAT32 or
   * FLOAT64, same shapes, finite values.
   *
   * @throws IllegalArgumentException naming the first tensor that does not fit
   */
  public static void checkFits(ModelParameters params, MultiLayerNetwork net) {
    List<TensorSpec> expected = layout(net);
    List<TensorSpec> got = params.specs();
    if (got.size() != expected.size()) {
      throw new IllegalArgumentException("the model must have " + expected.size()
          + " tensors " + names(expected) + " for this network. Provided value: " + got.size()
          + " tensors " + names(got));
    }
    for (int i = 0; i < got.size(); i++) {
      TensorSpec g = got.get(i);
      TensorSpec e = expected.get(i);
      if (!g.name().equals(e.name())) {
        throw new IllegalArgumentException("tensor " + i + " must be named '" + e.name()
            + "'. Provided value: '" + g.name() + "'");
      }
      if (!g.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException("tensor '" + e.name() + "' must be FLOAT32 or"
            + " FLOAT64. Provided value: " + g.dtype());
      }
      if (!java.util.Arrays.equals(g.shape(), e.shape())) {
        throw new IllegalArgumentException("tensor '" + e.name() + "' must have shape "
            + java.util.Arrays.toString(e.shape()) + ". Provided value: "
            + java.util.Arrays.toString(g.shape()));
      }
      if (params.get(g.name()).firstNonFiniteIndex() >= 0) {
        throw new IllegalArgumentException("tensor '" + e.name()
            + "' must hold finite values. Provided value: NaN or infinity");
      }
    }
  }

  private static List<String> names(List<TensorSpec> specs) {
    List<String> out = new ArrayList<>();
    for (TensorSpec s : specs) {
      out.add(s.name());
    }
    return out;
  }

  /**
   * Writes {@code params} into the network (after {@link #checkFits}).
   *
   * @throws IllegalArgumentException if they do not fit
   */
  public static void setParameters(MultiLayerNetwork net, ModelParameters params) {
    checkFits(params, net);
    for (Tensor t : params.asMap().values()) {
      INDArray target = net.getParam(t.name());
      INDArray src = t.dtype() == DType.FLOAT32
          ? Nd4j.create(t.toFloatArray(), t.shape(), 'c')
          : Nd4j.create(t.toDoubleArray(), t.shape(), 'c');
      target.assign(src.castTo(target.dataType()));
    }
  }
}
