package se.tillit.synth.dp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.DpEventJson;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.dp.internal.ForwardSampler;

/**
 * A model fitted by {@link MstSynthesizer}, {@link AimSynthesizer} or {@link
 * PrivBayesSynthesizer}: the public domain, a forward sampler (junction-tree clique marginals or
 * Bayesian-network conditionals, all computed from noisy measurements only), the cliques that were
 * measured and the privacy cost. Sampling is post-processing and spends no further privacy.
 *
 * <p>Immutable. {@link #toJson()} and {@link #fromJson(JsonNode)} round-trip exactly, so a
 * loaded model samples the same rows from the same seed.
 */
public final class MarginalModel implements EncodedModel {
  static final String FORMAT = "tillit-dp-marginal-model";
  static final int VERSION = 1;

  private final String method;
  private final List<String> names;
  private final int[] domain;
  private final double epsilon;
  private final double delta;
  private final List<int[]> measuredCliques;
  private final DpEvent privacyCost;
  private final ForwardSampler sampler;

  MarginalModel(
      String method,
      List<String> names,
      int[] domain,
      double epsilon,
      double delta,
      List<int[]> measuredCliques,
      DpEvent privacyCost,
      ForwardSampler sampler) {
    this.method = method;
    this.names = List.copyOf(names);
    this.domain = domain.clone();
    this.epsilon = epsilon;
    this.delta = delta;
    List<int[]> copy = new ArrayList<>();
    for (int[] c : measuredCliques) {
      copy.add(c.clone());
    }
    this.measuredCliques = List.copyOf(copy);
    this.privacyCost = privacyCost;
    this.sampler = sampler;
  }

  @Override
  public String method() {
    return method;
  }

  public List<String> names() {
    return names;
  }

  public int[] domainSizes() {
    return domain.clone();
  }

  /** The epsilon the fit was asked for. */
  public double epsilon() {
    return epsilon;
  }

  /** The delta the fit was asked for. */
  public double delta() {
    return delta;
  }

  /** The cliques (sorted column indices) whose marginals were measured, in order. */
  public List<int[]> measuredCliques() {
    List<int[]> out = new ArrayList<>();
    for (int[] c : measuredCliques) {
      out.add(c.clone());
    }
    return out;
  }

  @Override
  public EncodedData sample(int rows, SecureRandom random) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0. Provided value: " + rows);
    }
    if (random == null) {
      throw new IllegalArgumentException("random must not be null. Provided value: null");
    }
    return new EncodedData(names, domain, sampler.sample(rows, random));
  }

  @Override
  public DpEvent privacyCost() {
    return privacyCost;
  }

  @Override
  public JsonNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("method", method);
    ArrayNode nameArray = root.putArray("names");
    names.forEach(nameArray::add);
    root.set("domain", ints(domain));
    root.put("epsilon", epsilon);
    root.put("delta", delta);
    ArrayNode cl = root.putArray("measured_cliques");
    measuredCliques.forEach(c -> cl.add(ints(c)));
    root.set("privacy_cost", DpEventJson.toTree(privacyCost));
    ArrayNode steps = root.putArray("steps");
    for (ForwardSampler.Step s : sampler.steps()) {
      ObjectNode step = steps.addObject();
      step.set("given", ints(s.given()));
      step.set("fresh", ints(s.fresh()));
      ArrayNode w = step.putArray("weights");
      for (double v : s.weights()) {
        w.add(v);
      }
    }
    return root;
  }

  /**
   * Reads a model written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static MarginalModel fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("model JSON must be an object. Provided value: "
          + (json == null ? "null" : json.getNodeType()));
    }
    String format = text(json, "format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "format must be '" + FORMAT + "'. Provided value: '" + format + "'");
    }
    int version = field(json, "version").asInt();
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "version must be " + VERSION + ". Provided value: " + version);
    }
    String method = text(json, "method");
    List<String> names = new ArrayList<>();
    for (JsonNode n : array(json, "names")) {
      names.add(n.asText());
    }
    int[] domain = toInts(array(json, "domain"), "domain");
    if (domain.length != names.size()) {
      throw new IllegalArgumentException("domain must have one size per name. Provided value: "
          + domain.length + " sizes for " + names.size() + " names");
    }
    List<int[]> cliques = new ArrayList<>();
    for (JsonNode c : array(json, "measured_cliques")) {
      cliques.add(toInts(c, "measured_cliques"));
    }
    DpEvent cost = DpEventJson.fromTree(field(json, "privacy_cost"));
    List<ForwardSampler.Step> steps = new ArrayList<>();
    for (JsonNode s : array(json, "steps")) {
      int[] given = toInts(field(s, "given"), "steps.given");
      int[] fresh = toInts(field(s, "fresh"), "steps.fresh");
      for (int a : concat(given, fresh)) {
        if (a < 0 || a >= domain.length) {
          throw new IllegalArgumentException("steps columns must be in [0, " + domain.length
              + "). Provided value: " + a);
        }
      }
      JsonNode w = field(s, "weights");
      double[] weights = new double[w.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = w.get(i).asDouble();
      }
      steps.add(new ForwardSampler.Step(given, fresh, weights));
    }
    ForwardSampler sampler = new ForwardSampler(domain, steps);
    return new MarginalModel(
        method,
        names,
        domain,
        field(json, "epsilon").asDouble(),
        field(json, "delta").asDouble(),
        cliques,
        cost,
        sampler);
  }

  @Override
  public String toString() {
    return "MarginalModel[" + method + ", " + names.size() + " columns, epsilon=" + epsilon
        + ", delta=" + delta + ", " + measuredCliques.size() + " measured marginals]";
  }

  private static ArrayNode ints(int[] v) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int x : v) {
      a.add(x);
    }
    return a;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static JsonNode field(JsonNode json, String name) {
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(
          "model JSON must have field '" + name + "'. Provided value: missing");
    }
    return v;
  }

  private static String text(JsonNode json, String name) {
    return field(json, name).asText();
  }

  private static JsonNode array(JsonNode json, String name) {
    JsonNode v = field(json, name);
    if (!v.isArray()) {
      throw new IllegalArgumentException(
          "model JSON field '" + name + "' must be an array. Provided value: " + v.getNodeType());
    }
    return v;
  }

  private static int[] toInts(JsonNode a, String name) {
    if (!a.isArray()) {
      throw new IllegalArgumentException(
          "model JSON field '" + name + "' must be an array. Provided value: " + a.getNodeType());
    }
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).canConvertToInt()) {
        throw new IllegalArgumentException(
            "model JSON field '" + name + "' must hold integers. Provided value: " + a.get(i));
      }
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
