package se.tillit.fl.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What model a run trains (the run file's {@code model:} section):
 *
 * <ul>
 *   <li>{@code {type: logistic}}: multinomial logistic regression (one softmax output layer; for
 *       two classes the same as binary logistic regression, with two output units).
 *   <li>{@code {type: mlp, hidden: [64, 32], activation: relu}}: dense hidden layers (activation
 *       default relu) and a softmax output layer.
 *   <li>{@code {type: dl4j, configuration: "<MultiLayerConfiguration JSON>"}}: any DL4J
 *       multi-layer configuration; its first layer's nIn must equal the schema's input width and
 *       its last layer's nOut the number of classes.
 * </ul>
 *
 * <p>Common fields: {@code seed} (initial weights; default 42) and {@code optimizer}: {@code sgd}
 * (the default, plain SGD with the task's learning rate, as Flower's examples) or {@code adam}
 * (Adam with the task's learning rate; its moments restart every round). For {@code dl4j} the
 * optimizer replaces the updater of every layer, so the task's learning rate applies.
 *
 * <p>Immutable.
 */
public final class ModelSpec {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kinds of model. */
  public enum Type {
    LOGISTIC,
    MLP,
    DL4J
  }

  /** Local optimisers. */
  public enum Optimizer {
    SGD,
    ADAM
  }

  /** Activations allowed for {@code mlp}. */
  public static final Set<String> ACTIVATIONS = Set.of("relu", "tanh", "sigmoid", "leakyrelu",
      "elu", "gelu", "swish", "identity");

  private final Type type;
  private final List<Integer> hidden;
  private final String activation;
  private final String configuration;
  private final long seed;
  private final Optimizer optimizer;

  private ModelSpec(Type type, List<Integer> hidden, String activation, String configuration,
      long seed, Optimizer optimizer) {
    this.type = type;
    this.hidden = List.copyOf(hidden);
    this.activation = activation;
    this.configuration = configuration;
    this.seed = seed;
    this.optimizer = optimizer;
  }

  /** Multinomial logistic regression. */
  public static ModelSpec logistic(long seed) {
    return new ModelSpec(Type.LOGISTIC, List.of(), "identity", null, seed, Optimizer.SGD);
  }

  /**
   * An MLP with these hidden layer sizes (each 1 to 65,536) and activation.
   *
   * @throws IllegalArgumentException for an empty or bad size list or an unknown activation
   */
  public static ModelSpec mlp(List<Integer> hidden, String activation, long seed) {
    if (hidden == null || hidden.isEmpty()) {
      throw new IllegalArgumentException("model.hidden must list at least one layer size for"
          + " mlp. Provided value: " + (hidden == null ? "nothing" : "an empty list"));
    }
    for (Integer h : hidden) {
      if (h == null || h < 1 || h > 65_536) {
        throw new IllegalArgumentException("model.hidden sizes must be >= 1 and <= 65536."
            + " Provided value: " + h);
      }
    }
    String a = activation == null ? "relu" : activation.toLowerCase(Locale.ROOT);
    if (!ACTIVATIONS.contains(a)) {
      throw new IllegalArgumentException("model.activation must be one of "
          + new java.util.TreeSet<>(ACTIVATIONS) + ". Provided value: '" + activation + "'");
    }
    return new ModelSpec(Type.MLP, hidden, a, null, seed, Optimizer.SGD);
  }

  /**
   * A DL4J MultiLayerConfiguration given as JSON; checked against a schema by {@link Models}.
   *
   * @throws IllegalArgumentException if the JSON is empty or not a MultiLayerConfiguration
   */
  public static ModelSpec dl4j(String configurationJson, long seed) {
    if (configurationJson == null || configurationJson.isBlank()) {
      throw new IllegalArgumentException("model.configuration must hold a DL4J"
          + " MultiLayerConfiguration as JSON. Provided value: nothing");
    }
    Models.parseConfiguration(configurationJson); // fail early
    return new ModelSpec(Type.DL4J, List.of(), "identity", configurationJson, seed,
        Optimizer.SGD);
  }

  /** The same model trained with another optimizer. */
  public ModelSpec withOptimizer(Optimizer optimizer) {
    return new ModelSpec(type, hidden, activation, configuration, seed,
        Objects.requireNonNull(optimizer, "optimizer"));
  }

  public Type type() {
    return type;
  }

  /** Hidden layer sizes (mlp); empty otherwise. */
  public List<Integer> hidden() {
    return hidden;
  }

  /** Hidden activation (mlp). */
  public String activation() {
    return activation;
  }

  /** The DL4J configuration JSON (dl4j); null otherwise. */
  public String configuration() {
    return configuration;
  }

  public long seed() {
    return seed;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** The map form, as in the run file. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type.name().toLowerCase(Locale.ROOT));
    if (type == Type.MLP) {
      m.put("hidden", hidden);
      m.put("activation", activation);
    }
    if (type == Type.DL4J) {
      m.put("configuration", configuration);
    }
    m.put("seed", seed);
    m.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
    return Collections.unmodifiableMap(m);
  }

  /**
   * Reads the map form.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static ModelSpec fromMap(Map<String, ?> map) {
    if (map == null) {
      throw new IllegalArgumentException("model must be a map. Provided value: nothing");
    }
    for (String key : map.keySet()) {
      if (!Set.of("type", "hidden", "activation", "configuration", "seed", "optimizer")
          .contains(key)) {
        throw new IllegalArgumentException("model." + key + " is not a known field; allowed:"
            + " type, hidden, activation, configuration, seed, optimizer");
      }
    }
    Object t = map.get("type");
    long seed = 42;
    if (map.get("seed") != null) {
      double s = FeatureSchema.number("model.seed", map.get("seed"));
      if (s != Math.rint(s)) {
        throw new IllegalArgumentException("model.seed must be an integer. Provided value: " + s);
      }
      seed = (long) s;
    }
    String type = t instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
    ModelSpec spec;
    if ("logistic".equals(type)) {
      spec = logistic(seed);
    } else if ("mlp".equals(type)) {
      Object h = map.get("hidden");
      List<Integer> hidden = new ArrayList<>();
      if (h instanceof List<?> list) {
        for (Object o : list) {
          double d = FeatureSchema.number("model.hidden", o);
          hidden.add(d == Math.rint(d) && Math.abs(d) < 1e9 ? (int) d : -1);
        }
      } else if (h != null) {
        throw new IllegalArgumentException("model.hidden must be a list of layer sizes."
            + " Provided value: " + FeatureSchema.describe(h));
      } else {
        hidden = List.of(64, 32);
      }
      Object a = map.get("activation");
      if (a != null && !(a instanceof String)) {
        throw new IllegalArgumentException("model.activation must be a string. Provided value: "
            + FeatureSchema.describe(a));
      }
      spec = mlp(hidden, (String) a, seed);
    } else if ("dl4j".equals(type)) {
      Object c = map.get("configuration");
      String json;
      if (c instanceof String s) {
        json = s;
      } else if (c instanceof Map<?, ?> cm) {
        try {
          json = JSON.writeValueAsString(cm);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("model.configuration could not be read: "
              + e.getOriginalMessage());
        }
      } else {
        throw new IllegalArgumentException("model.configuration must be a DL4J"
            + " MultiLayerConfiguration (JSON text or a map). Provided value: "
            + FeatureSchema.describe(c));
      }
      spec = dl4j(json, seed);
    } else {
      throw new IllegalArgumentException("model.type must be logistic, mlp or dl4j. Provided"
          + " value: " + FeatureSchema.describe(t));
    }
    Object o = map.get("optimizer");
    if (o != null) {
      String name = o instanceof String s ? s.toUpperCase(Locale.ROOT) : "";
      try {
        spec = spec.withOptimizer(Optimizer.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model.optimizer must be sgd or adam. Provided value: "
            + FeatureSchema.describe(o));
      }
    }
    return spec;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads JSON (the form {@link #toJson} writes). */
  public static ModelSpec fromJson(String json) {
    try {
      return fromMap(JSON.readValue(json, new TypeReference<Map<String, Object>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("model must be a JSON object: " + e.getOriginalMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec m && type == m.type && hidden.equals(m.hidden)
        && activation.equals(m.activation) && Objects.equals(configuration, m.configuration)
        && seed == m.seed && optimizer == m.optimizer;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, hidden, activation, configuration, seed, optimizer);
  }

  @Override
  public String toString() {
    return "ModelSpec[type=" + type + (type == Type.MLP ? ", hidden=" + hidden + ", activation="
        + activation : "") + ", seed=" + seed + ", optimizer=" + optimizer + "]";
  }
}
