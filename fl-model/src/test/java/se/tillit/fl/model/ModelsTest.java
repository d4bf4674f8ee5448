package se.tillit.fl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import se.tillit.fl.protocol.DType;
import se.tillit.fl.protocol.ModelParameters;

class ModelsTest {
  private final FeatureSchema schema = ToyData.schema();

  @Test
  void initialParameters_sameSpec_deterministicAndNamed() {
    ModelSpec spec = ModelSpec.mlp(List.of(16, 8), "relu", 7);
    ModelParameters a = Models.initialParameters(spec, schema);
    ModelParameters b = Models.initialParameters(spec, schema);
    assertThat(a).isEqualTo(b);
    assertThat(a.names()).containsExactly("0_W", "0_b", "1_W", "1_b", "2_W", "2_b");
    assertThat(a.get("0_W").shape()).containsExactly(8, 16);
    assertThat(a.get("0_W").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(a).isNotEqualTo(Models.initialParameters(ModelSpec.mlp(List.of(16, 8), "relu", 8),
        schema));
  }

  @Test
  void parameters_setThenRead_roundTripExact() {
    ModelSpec spec = ModelSpec.mlp(List.of(5), "tanh", 1);
    ModelParameters p = Models.initialParameters(spec, schema);
    double[] flat = p.toFlatDoubles();
    for (int i = 0; i < flat.length; i++) {
      flat[i] = i * 0.001 - 0.02;
    }
    ModelParameters changed = p.withFlatDoubles(flat);
    MultiLayerNetwork net = Models.network(spec, schema);
    Models.setParameters(net, changed);
    assertThat(Models.parameters(net)).isEqualTo(changed);
    // Row-major: element [1][0] of 0_W is the 6th value (5 columns).
    assertThat(net.getParam("0_W").getFloat(1, 0)).isEqualTo((float) flat[5]);
  }

  @Test
  void setParameters_wrongLayout_clearError() {
    ModelParameters logistic = Models.initialParameters(ModelSpec.logistic(1), schema);
    MultiLayerNetwork mlp = Models.network(ModelSpec.mlp(List.of(4), "relu", 1), schema);
    assertThatThrownBy(() -> Models.setParameters(mlp, logistic))
        .hasMessageContaining("must have 4 tensors");
  }

  @Test
  void dl4jSpec_matchingSizes_buildsAndRoundTrips() {
    String json = new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(schema.inputWidth()).nOut(3)
            .activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build().toJson();
    ModelSpec spec = ModelSpec.dl4j(json, 3);
    assertThat(ModelSpec.fromJson(spec.toJson())).isEqualTo(spec);
    ModelParameters p = Models.initialParameters(spec, schema);
    assertThat(p.names()).containsExactly("0_W", "0_b", "1_W", "1_b");
    assertThat(p).isEqualTo(Models.initialParameters(spec, schema));
  }

  @Test
  void dl4jSpec_wrongInputWidth_clearError() {
    String json = new NeuralNetConfiguration.Builder().list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build().toJson();
    assertThatThrownBy(() -> Models.network(ModelSpec.dl4j(json, 1), schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first layer must take the schema's 8 inputs (nIn). Provided"
            + " value: nIn=5");
    assertThatThrownBy(() -> ModelSpec.dl4j("{\"x\":1", 1))
        .hasMessageContaining("model.configuration must be a DL4J MultiLayerConfiguration");
  }

  @Test
  void modelSpec_mapRoundTripAndErrors() {
    ModelSpec m = ModelSpec.fromMap(java.util.Map.of("type", "mlp", "hidden", List.of(32),
        "seed", 42, "optimizer", "adam"));
    assertThat(m.optimizer()).isEqualTo(ModelSpec.Optimizer.ADAM);
    assertThat(ModelSpec.fromMap(m.toMap())).isEqualTo(m);
    assertThatThrownBy(() -> ModelSpec.fromMap(java.util.Map.of("type", "cnn")))
        .hasMessageContaining("model.type must be logistic, mlp or dl4j");
    assertThatThrownBy(() -> ModelSpec.fromMap(java.util.Map.of("type", "mlp",
        "activation", "softmaxx")))
        .hasMessageContaining("model.activation must be one of");
  }
}
