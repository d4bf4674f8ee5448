package se.tillit.pseudonymize.ner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The shape of a NER model. The input layout of the network depends only on these numbers, never
 * on training data: every token becomes a vector of {@link #buckets()} signed hashed features
 * (MurmurHash3 x86 32-bit with seed {@link #HASH_SEED} over the UTF-8 feature string), so agencies
 * that train with the same configuration get parameter arrays of the same shape and meaning and can
 * average them (federated learning) without sharing a vocabulary.
 *
 * <p>Network, per token: the counts of its hashed features ({@code buckets} inputs, at most {@code
 * featureSlots} features per token) → dense ({@code hiddenSize}, tanh) → bidirectional LSTM ({@code
 * contextSize} units per direction) → softmax over {@link NerTag}s.
 */
public final class NerConfig {
  /** Seed of the feature hash; part of the model format. */
  public static final int HASH_SEED = 0x7411117;

  /** Version of the feature scheme; a model trained with another version cannot be loaded. */
  public static final int FEATURE_VERSION = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int buckets;
  private final int window;
  private final int featureSlots;
  private final int hiddenSize;
  private final int contextSize;
  private final int maxSequenceLength;
  private final double personThreshold;

  private NerConfig(Builder b) {
    this.buckets = b.buckets;
    this.window = b.window;
    this.featureSlots = b.featureSlots;
    this.hiddenSize = b.hiddenSize;
    this.contextSize = b.contextSize;
    this.maxSequenceLength = b.maxSequenceLength;
    this.personThreshold = b.personThreshold;
  }

  /** The recommended configuration, used by the default model. */
  public static NerConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of hash buckets of a token's feature vector (a power of two). */
  public int buckets() {
    return buckets;
  }

  /** How many neighbouring tokens on each side contribute features to a token. */
  public int window() {
    return window;
  }

  /**
   * Feature slots per token: a token's hashed features fill this many slots (character n-grams of
   * very long words beyond it are dropped; unused slots hold a padding index).
   */
  public int featureSlots() {
    return featureSlots;
  }

  /** Units of the dense layer over the hashed features. */
  public int hiddenSize() {
    return hiddenSize;
  }

  /** LSTM units per direction. */
  public int contextSize() {
    return contextSize;
  }

  /** Longer sentences are cut into pieces of at most this many tokens. */
  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  /**
   * A token is tagged PER when the model gives PER at least this probability, even if another tag
   * is more probable; below 0.5 this trades precision for person recall.
   */
  public double personThreshold() {
    return personThreshold;
  }

  /** A copy of this configuration with a different decision threshold (no retraining needed). */
  public NerConfig withPersonThreshold(double threshold) {
    return toBuilder().personThreshold(threshold).build();
  }

  public Builder toBuilder() {
    return new Builder()
        .buckets(buckets)
        .window(window)
        .featureSlots(featureSlots)
        .hiddenSize(hiddenSize)
        .contextSize(contextSize)
        .maxSequenceLength(maxSequenceLength)
        .personThreshold(personThreshold);
  }

  /** JSON form, stored in a model file. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("featureVersion", FEATURE_VERSION);
    n.put("hash", "murmur3_x86_32");
    n.put("hashSeed", HASH_SEED);
    n.put("buckets", buckets);
    n.put("window", window);
    n.put("featureSlots", featureSlots);
    n.put("hiddenSize", hiddenSize);
    n.put("contextSize", contextSize);
    n.put("maxSequenceLength", maxSequenceLength);
    n.put("personThreshold", personThreshold);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write NER configuration", e);
    }
  }

  /** Parses {@link #toJson()}; rejects another feature version or hash seed. */
  public static NerConfig fromJson(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("NER configuration must be valid JSON", e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("NER configuration must be a JSON object");
    }
    int version = required(n, "featureVersion").asInt();
    if (version != FEATURE_VERSION) {
      throw new IllegalArgumentException(
          "featureVersion must be " + FEATURE_VERSION + ". Provided value: " + version);
    }
    int seed = required(n, "hashSeed").asInt();
    if (seed != HASH_SEED) {
      throw new IllegalArgumentException(
          "hashSeed must be " + HASH_SEED + ". Provided value: " + seed);
    }
    return builder()
        .buckets(required(n, "buckets").asInt())
        .window(required(n, "window").asInt())
        .featureSlots(required(n, "featureSlots").asInt())
        .hiddenSize(required(n, "hiddenSize").asInt())
        .contextSize(required(n, "contextSize").asInt())
        .maxSequenceLength(required(n, "maxSequenceLength").asInt())
        .personThreshold(required(n, "personThreshold").asDouble())
        .build();
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("NER configuration must have field '" + field + "'");
    }
    return v;
  }

  /** The parts that fix the parameter layout (the threshold does not). */
  public boolean sameLayout(NerConfig o) {
    return buckets == o.buckets
        && window == o.window
        && featureSlots == o.featureSlots
        && hiddenSize == o.hiddenSize
        && contextSize == o.contextSize;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NerConfig)) {
      return false;
    }
    NerConfig c = (NerConfig) o;
    return sameLayout(c)
        && maxSequenceLength == c.maxSequenceLength
        && Double.compare(personThreshold, c.personThreshold) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(buckets, window, featureSlots, hiddenSize, contextSize, maxSequenceLength, personThreshold);
  }

  @Override
  public String toString() {
    return "NerConfig{buckets=" + buckets + ", window=" + window + ", featureSlots=" + featureSlots
        + ", hiddenSize=" + hiddenSize
        + ", contextSize=" + contextSize + ", maxSequenceLength=" + maxSequenceLength
        + ", personThreshold=" + personThreshold + "}";
  }

  /** Builder with the recommended defaults; each setter checks its value at once. */
  public static final class Builder {
    private int buckets = 1 << 15;
    private int window = 2;
    private int featureSlots = 48;
    private int hiddenSize = 128;
    private int contextSize = 64;
    private int maxSequenceLength = 100;
    private double personThreshold = 0.2;

    private Builder() {}

    /** A power of two in [2^8, 2^20]. */
    public Builder buckets(int value) {
      if (value < (1 << 8) || value > (1 << 20) || Integer.bitCount(value) != 1) {
        throw new IllegalArgumentException(
            "buckets must be a power of two >= 256 and <= 1048576. Provided value: " + value);
      }
      this.buckets = value;
      return this;
    }

    /** In [0, 4]. */
    public Builder window(int value) {
      if (value < 0 || value > 4) {
        throw new IllegalArgumentException(
            "window must be >= 0 and <= 4. Provided value: " + value);
      }
      this.window = value;
      return this;
    }

    /** In [8, 256]. */
    public Builder featureSlots(int value) {
      if (value < 8 || value > 256) {
        throw new IllegalArgumentException(
            "featureSlots must be >= 8 and <= 256. Provided value: " + value);
      }
      this.featureSlots = value;
      return this;
    }

    /** In [8, 1024]. */
    public Builder hiddenSize(int value) {
      if (value < 8 || value > 1024) {
        throw new IllegalArgumentException(
            "hiddenSize must be >= 8 and <= 1024. Provided value: " + value);
      }
      this.hiddenSize = value;
      return this;
    }

    /** In [8, 1024]. */
    public Builder contextSize(int value) {
      if (value < 8 || value > 1024) {
        throw new IllegalArgumentException(
            "contextSize must be >= 8 and <= 1024. Provided value: " + value);
      }
      this.contextSize = value;
      return this;
    }

    /** In [8, 1000]. */
    public Builder maxSequenceLength(int value) {
      if (value < 8 || value > 1000) {
        throw new IllegalArgumentException(
            "maxSequenceLength must be >= 8 and <= 1000. Provided value: " + value);
      }
      this.maxSequenceLength = value;
      return this;
    }

    /** In (0, 1]. */
    public Builder personThreshold(double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException(
            "personThreshold must be > 0 and <= 1. Provided value: " + value);
      }
      this.personThreshold = value;
      return this;
    }

    public NerConfig build() {
      return new NerConfig(this);
    }
  }
}
