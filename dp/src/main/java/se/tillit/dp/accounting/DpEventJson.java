package se.tillit.dp.accounting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Converts a {@link DpEvent} to and from JSON, the form in which the budget ledger stores events.
 *
 * <p>Format (version 1; field names are snake_case, numbers are JSON numbers written so that they
 * read back to the same {@code double}):
 *
 * <pre>
 * {"type":"gaussian","noise_multiplier":1.1}
 * {"type":"laplace","noise_multiplier":2.0}
 * {"type":"discrete_gaussian","sigma":3.5,"sensitivity":2}
 * {"type":"discrete_laplace","scale":4.0,"sensitivity":1}
 * {"type":"epsilon_delta","epsilon":1.0,"delta":1.0E-6}
 * {"type":"poisson_sampled","sampling_probability":0.01,"event":{...}}
 * {"type":"self_composed","count":1000,"event":{...}}
 * {"type":"composed","events":[{...},{...}]}
 * {"type":"noop"}
 * </pre>
 *
 * <p>Parsing is strict: an unknown type, a missing or extra field, a value of the wrong JSON type or
 * a value that the event's own checks reject gives an {@link IllegalArgumentException} whose
 * message names the location in the document (for example {@code $.events[2].noise_multiplier}).
 * Round trip guarantee: {@code fromJson(toJson(e)).equals(e)} for every event {@code e}.
 *
 * <p>Thread-safe; holds no state.
 */
public final class DpEventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String TYPE = "type";
  private static final String NOISE_MULTIPLIER = "noise_multiplier";
  private static final String SAMPLING_PROBABILITY = "sampling_probability";
  private static final String EVENT = "event";
  private static final String EVENTS = "events";
  private static final String COUNT = "count";
  private static final String SIGMA = "sigma";
  private static final String SCALE = "scale";
  private static final String SENSITIVITY = "sensitivity";
  private static final String EPSILON = "epsilon";
  private static final String DELTA = "delta";

  private static final String GAUSSIAN = "gaussian";
  private static final String LAPLACE = "laplace";
  private static final String DISCRETE_GAUSSIAN = "discrete_gaussian";
  private static final String DISCRETE_LAPLACE = "discrete_laplace";
  private static final String EPSILON_DELTA = "epsilon_delta";
  private static final String POISSON_SAMPLED = "poisson_sampled";
  private static final String SELF_COMPOSED = "self_composed";
  private static final String COMPOSED = "composed";
  private static final String NOOP = "noop";
  private static final List<String> TYPES =
      List.of(
          GAUSSIAN,
          LAPLACE,
          DISCRETE_GAUSSIAN,
          DISCRETE_LAPLACE,
          EPSILON_DELTA,
          POISSON_SAMPLED,
          SELF_COMPOSED,
          COMPOSED,
          NOOP);

  private DpEventJson() {}

  /** The compact JSON form of {@code event}. */
  public static String toJson(DpEvent event) {
    if (event == null) {
      throw new IllegalArgumentException("event must not be null. Provided value: null");
    }
    try {
      return MAPPER.writeValueAsString(toTree(event));
    } catch (JsonProcessingException e) {
      // Writing a tree of objects, strings and numbers cannot fail.
      throw new IllegalStateException("could not write DpEvent as JSON", e);
    }
  }

  /** The event as a Jackson tree, for embedding in a larger JSON document. */
  public static ObjectNode toTree(DpEvent event) {
    if (event == null) {
      throw new IllegalArgumentException("event must not be null. Provided value: null");
    }
    ObjectNode node = NODES.objectNode();
    if (event instanceof DpEvent.Gaussian g) {
      node.put(TYPE, GAUSSIAN);
      node.put(NOISE_MULTIPLIER, g.noiseMultiplier());
    } else if (event instanceof DpEvent.Laplace l) {
      node.put(TYPE, LAPLACE);
      node.put(NOISE_MULTIPLIER, l.noiseMultiplier());
    } else if (event instanceof DpEvent.DiscreteGaussian dg) {
      node.put(TYPE, DISCRETE_GAUSSIAN);
      node.put(SIGMA, dg.sigma());
      node.put(SENSITIVITY, dg.sensitivity());
    } else if (event instanceof DpEvent.DiscreteLaplace dl) {
      node.put(TYPE, DISCRETE_LAPLACE);
      node.put(SCALE, dl.scale());
      node.put(SENSITIVITY, dl.sensitivity());
    } else if (event instanceof DpEvent.EpsilonDelta ed) {
      node.put(TYPE, EPSILON_DELTA);
      node.put(EPSILON, ed.epsilon());
      node.put(DELTA, ed.delta());
    } else if (event instanceof DpEvent.PoissonSampled p) {
      node.put(TYPE, POISSON_SAMPLED);
      node.put(SAMPLING_PROBABILITY, p.samplingProbability());
      node.set(EVENT, toTree(p.event()));
    } else if (event instanceof DpEvent.SelfComposed s) {
      node.put(TYPE, SELF_COMPOSED);
      node.put(COUNT, s.count());
      node.set(EVENT, toTree(s.event()));
    } else if (event instanceof DpEvent.Composed c) {
      node.put(TYPE, COMPOSED);
      ArrayNode array = node.putArray(EVENTS);
      for (DpEvent inner : c.events()) {
        array.add(toTree(inner));
      }
    } else if (event instanceof DpEvent.NoOp) {
      node.put(TYPE, NOOP);
    } else {
      throw new IllegalStateException("unhandled DpEvent variant " + event.getClass().getName());
    }
    return node;
  }

  /**
   * Parses the JSON form of an event.
   *
   * @throws IllegalArgumentException if {@code json} is null, is not JSON, or does not describe a
   *     valid event; the message names the location of the first problem
   */
  public static DpEvent fromJson(String json) {
    if (json == null) {
      throw new IllegalArgumentException("DpEvent JSON must not be null. Provided value: null");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "DpEvent JSON is not well-formed JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new IllegalArgumentException("DpEvent JSON must not be empty. Provided value: ''");
    }
    return fromTree(tree);
  }

  /** Parses an event from a Jackson tree; see {@link #fromJson(String)}. */
  public static DpEvent fromTree(JsonNode tree) {
    if (tree == null) {
      throw new IllegalArgumentException("DpEvent JSON must not be null. Provided value: null");
    }
    return parse(tree, "$");
  }

  private static DpEvent parse(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + " must be an object. Provided value: " + brief(node));
    }
    JsonNode typeNode = node.get(TYPE);
    if (typeNode == null) {
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + " is missing field '" + TYPE + "' (one of " + TYPES + ")");
    }
    if (!typeNode.isTextual()) {
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + "." + TYPE + " must be a string, one of " + TYPES
              + ". Provided value: " + brief(typeNode));
    }
    String type = typeNode.textValue();
    try {
      switch (type) {
        case GAUSSIAN:
          onlyFields(node, path, type, Set.of(TYPE, NOISE_MULTIPLIER));
          return new DpEvent.Gaussian(number(node, path, NOISE_MULTIPLIER));
        case LAPLACE:
          onlyFields(node, path, type, Set.of(TYPE, NOISE_MULTIPLIER));
          return new DpEvent.Laplace(number(node, path, NOISE_MULTIPLIER));
        case DISCRETE_GAUSSIAN:
          onlyFields(node, path, type, Set.of(TYPE, SIGMA, SENSITIVITY));
          return new DpEvent.DiscreteGaussian(
              number(node, path, SIGMA), integer(node, path, SENSITIVITY));
        case DISCRETE_LAPLACE:
          onlyFields(node, path, type, Set.of(TYPE, SCALE, SENSITIVITY));
          return new DpEvent.DiscreteLaplace(
              number(node, path, SCALE), integer(node, path, SENSITIVITY));
        case EPSILON_DELTA:
          onlyFields(node, path, type, Set.of(TYPE, EPSILON, DELTA));
          return new DpEvent.EpsilonDelta(number(node, path, EPSILON), number(node, path, DELTA));
        case POISSON_SAMPLED:
          onlyFields(node, path, type, Set.of(TYPE, SAMPLING_PROBABILITY, EVENT));
          {
            double q = number(node, path, SAMPLING_PROBABILITY);
            DpEvent inner = parse(field(node, path, EVENT), path + "." + EVENT);
            return new DpEvent.PoissonSampled(q, inner);
          }
        case SELF_COMPOSED:
          onlyFields(node, path, type, Set.of(TYPE, COUNT, EVENT));
          {
            long count = integer(node, path, COUNT);
            DpEvent inner = parse(field(node, path, EVENT), path + "." + EVENT);
            return new DpEvent.SelfComposed(inner, count);
          }
        case COMPOSED:
          onlyFields(node, path, type, Set.of(TYPE, EVENTS));
          {
            JsonNode array = field(node, path, EVENTS);
            if (!array.isArray()) {
              throw new IllegalArgumentException(
                  "DpEvent JSON at " + path + "." + EVENTS + " must be an array. Provided value: "
                      + brief(array));
            }
            List<DpEvent> events = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
              events.add(parse(array.get(i), path + "." + EVENTS + "[" + i + "]"));
            }
            return new DpEvent.Composed(events);
          }
        case NOOP:
          onlyFields(node, path, type, Set.of(TYPE));
          return new DpEvent.NoOp();
        default:
          throw new IllegalArgumentException(
              "DpEvent JSON at " + path + "." + TYPE + " must be one of " + TYPES
                  + ". Provided value: '" + type + "'");
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("DpEvent JSON")) {
        throw e;
      }
      // A check of the event's own constructor (for example a negative noise multiplier).
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + " (type " + type + ") is invalid: " + e.getMessage(), e);
    }
  }

  private static void onlyFields(JsonNode node, String path, String type, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "DpEvent JSON at " + path + " (type " + type + ") has unknown field '" + name
                + "'; allowed fields: " + allowed.stream().sorted().toList());
      }
    }
  }

  private static JsonNode field(JsonNode node, String path, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + " is missing field '" + name + "'");
    }
    return value;
  }

  private static double number(JsonNode node, String path, String name) {
    JsonNode value = field(node, path, name);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + "." + name + " must be a number. Provided value: "
              + brief(value));
    }
    return value.doubleValue();
  }

  private static long integer(JsonNode node, String path, String name) {
    JsonNode value = field(node, path, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(
          "DpEvent JSON at " + path + "." + name + " must be an integer. Provided value: "
              + brief(value));
    }
    return value.longValue();
  }

  private static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
