package se.tillit.synth.encode.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.DpEventJson;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.data.Table;
import se.tillit.synth.dp.EncodedModel;
import se.tillit.synth.encode.Discretizer;
import se.tillit.synth.internal.ModelFiles;
import se.tillit.synth.schema.Schema;

/**
 * A fitted marginal-based DP model with its public schema: samples codes and decodes them. Saved
 * with the encoded model's JSON and class name; loading calls that class's public static
 * {@code fromJson(JsonNode)}, and only for classes in package {@code se.tillit.synth.dp} that
 * implement {@link EncodedModel}.
 */
public final class DpMarginalModel implements SynthesizerModel {
  public static final String KIND = "dp-marginal";
  private static final String DP_PACKAGE = "se.tillit.synth.dp.";

  private final String method;
  private final Schema schema;
  private final EncodedModel model;
  private final DpEvent cost;
  private final Discretizer discretizer;

  public DpMarginalModel(String method, Schema schema, EncodedModel model, DpEvent cost) {
    this.method = method;
    this.schema = schema;
    this.model = model;
    this.cost = cost;
    this.discretizer = new Discretizer(schema);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Table sample(int rows, SecureRandom random) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0. Provided value: " + rows);
    }
    return discretizer.decode(model.sample(rows, random), random);
  }

  @Override
  public DpEvent privacyCost() {
    return cost;
  }

  @Override
  public void save(OutputStream out) throws IOException {
    ObjectNode root = ModelFiles.header(KIND, method, schema);
    root.set("privacy_cost", DpEventJson.toTree(cost));
    root.put("encoded_model_class", model.getClass().getName());
    root.set("encoded_model", model.toJson());
    ModelFiles.write(root, out);
  }

  /** Reads a saved model; see the class comment for how the encoded model is restored. */
  public static DpMarginalModel fromJson(JsonNode root) {
    String cls = root.path("encoded_model_class").asText();
    if (!cls.startsWith(DP_PACKAGE)) {
      throw new IllegalArgumentException(
          "model's encoded_model_class must be in package se.tillit.synth.dp. Provided value: "
              + cls);
    }
    EncodedModel m;
    try {
      Class<?> c = Class.forName(cls, false, DpMarginalModel.class.getClassLoader());
      if (!EncodedModel.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(
            "model's encoded_model_class must implement EncodedModel. Provided value: " + cls);
      }
      Method f = c.getMethod("fromJson", JsonNode.class);
      if (!Modifier.isStatic(f.getModifiers())) {
        throw new NoSuchMethodException("fromJson is not static");
      }
      m = (EncodedModel) f.invoke(null, root.get("encoded_model"));
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "this build cannot read models of class " + cls + " (not available)");
    } catch (NoSuchMethodException e) {
      // TODO(lead): every EncodedModel of the dp package needs public static fromJson(JsonNode).
      throw new IllegalStateException(
          cls + " has no public static fromJson(JsonNode); it cannot be loaded", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("could not read the encoded model of class " + cls, e);
    }
    return new DpMarginalModel(root.path("method").asText(),
        ModelFiles.schemaFromJson(root.get("schema")), m,
        DpEventJson.fromTree(root.get("privacy_cost")));
  }
}
