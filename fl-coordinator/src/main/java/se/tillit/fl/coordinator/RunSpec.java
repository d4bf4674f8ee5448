package se.tillit.fl.coordinator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import se.tillit.fl.coordinator.internal.ConfigReader;
import se.tillit.fl.coordinator.strategy.TrainSettings;

/**
 * A federated training run as described by a run file (YAML):
 *
 * <pre>{@code
 * name: income-mlp
 * rounds: 10
 * seed: 42
 * sampling: {min_clients: 3, fraction: 1.0, allow: [skatteverket, fk]}   # allow optional
 * deadline: 60s          # per round: ms, s, m, h
 * quorum: 2              # results needed at the deadline (<= min_clients; default min_clients)
 * evaluate_every: 1      # federated evaluation after every N training rounds (0 = never)
 * max_round_attempts: 3  # a round without quorum is tried again, at most this often in all
 * strategy: {name: fedavg}
 * train: {local_epochs: 1, batch_size: 32, learning_rate: 0.05}
 * privacy:
 *   client_level: {noise_multiplier: 1.0, clip_norm: 1.0}
 *   record_level: {noise_multiplier: 1.1, max_grad_norm: 1.0, delta: 1e-5}
 * model: {type: mlp, hidden: [32], seed: 42}
 * features: {label: income, classes: ["<=50K", ">50K"], columns: [...]}
 * }</pre>
 *
 * <p>{@link #parse} checks every field and throws {@link IllegalArgumentException} naming the
 * field (as a dotted path), what is allowed and the value given. The {@code strategy},
 * {@code privacy}, {@code model} and {@code features} sections are kept as maps: the strategy
 * factory reads {@code strategy} and {@code privacy.client_level}; {@code model} and
 * {@code features} travel to clients as JSON in the task config ({@value #CONFIG_MODEL},
 * {@value #CONFIG_FEATURES}); {@code privacy.record_level}, when present, is checked here and
 * sent to clients as the task's record-level DP settings. Immutable.
 */
public final class RunSpec {
  /** Task config key holding the JSON of the run file's {@code model:} section. */
  public static final String CONFIG_MODEL = "tillit.model";
  /** Task config key holding the JSON of the run file's {@code features:} section. */
  public static final String CONFIG_FEATURES = "tillit.features";
  /** Task config key holding the run's seed. */
  public static final String CONFIG_SEED = "tillit.seed";

  /** Largest number of rounds in one run. */
  public static final int MAX_ROUNDS = 1_000_000;

  /**
   * Which connected clients a round draws from and how many.
   *
   * @param minClients clients that must be connected (and eligible) before a round starts, and the
   *     fewest sampled; {@code >= 1}
   * @param fraction share of the eligible clients sampled per round, in (0, 1]
   * @param allow if not empty, only clients whose {@code agency} property or client id is listed
   */
  public record Sampling(int minClients, double fraction, List<String> allow) {
    public Sampling {
      if (minClients < 1) {
        throw new IllegalArgumentException(
            "sampling.min_clients must be >= 1. Provided value: " + minClients);
      }
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "sampling.fraction must be > 0 and <= 1. Provided value: " + fraction);
      }
      allow = List.copyOf(allow);
    }
  }

  /**
   * Record-level DP-SGD settings sent to clients.
   *
   * @param noiseMultiplier {@code > 0}
   * @param maxGradNorm {@code > 0}
   * @param delta in (0, 1)
   */
  public record RecordLevelDp(double noiseMultiplier, double maxGradNorm, double delta) {
    public RecordLevelDp {
      if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
        throw new IllegalArgumentException(
            "privacy.record_level.noise_multiplier must be > 0. Provided value: " + noiseMultiplier);
      }
      if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
        throw new IllegalArgumentException(
            "privacy.record_level.max_grad_norm must be > 0. Provided value: " + maxGradNorm);
      }
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException(
            "privacy.record_level.delta must be > 0 and < 1. Provided value: " + delta);
      }
    }
  }

  private final String name;
  private final int rounds;
  private final long seed;
  private final Sampling sampling;
  private final Duration deadline;
  private final int quorum;
  private final int evaluateEvery;
  private final int maxRoundAttempts;
  private final Map<String, Object> strategy;
  private final TrainSettings train;
  private final int maxSteps;
  private final Map<String, Object> privacy;
  private final RecordLevelDp recordLevel;
  private final Map<String, Object> model;
  private final Map<String, Object> features;
  private final String yaml;

  private RunSpec(ConfigReader r, String yaml) {
    r.allowOnly("name", "rounds", "seed", "sampling", "deadline", "quorum", "evaluate_every",
        "max_round_attempts", "strategy", "train", "privacy", "model", "features");
    this.name = r.requiredString("name", "income-mlp");
    if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "name must be at most 200 characters without control characters. Provided value: a"
              + " string of length " + name.length());
    }
    this.rounds = (int) r.integer("rounds", -1, 1, MAX_ROUNDS);
    if (rounds < 0) {
      throw new IllegalArgumentException("rounds is required: the number of training rounds, >= 1"
          + " and <= " + MAX_ROUNDS + ". Provided value: none");
    }
    this.seed = r.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);

    ConfigReader s = r.section("sampling");
    s.allowOnly("min_clients", "fraction", "allow");
    this.sampling = new Sampling(
        (int) s.integer("min_clients", 1, 1, 1_000_000),
        rangeChecked(s, "fraction", 1.0),
        s.strings("allow"));

    this.deadline = r.duration("deadline", Duration.ofSeconds(60));
    if (deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must be > 0. Provided value: " + deadline);
    }
    this.quorum = (int) r.integer("quorum", sampling.minClients(), 1, 1_000_000);
    if (quorum > sampling.minClients()) {
      throw new IllegalArgumentException("quorum must be >= 1 and <= sampling.min_clients ("
          + sampling.minClients() + "), or a round could never reach it. Provided value: "
          + quorum);
    }
    this.evaluateEvery = (int) r.integer("evaluate_every", 0, 0, MAX_ROUNDS);
    this.maxRoundAttempts = (int) r.integer("max_round_attempts", 3, 1, 100);

    ConfigReader st = r.section("strategy");
    String strategyName = st.requiredString("name", "fedavg");
    this.strategy = copy(st.raw());
    this.strategy.put("name", strategyName);

    ConfigReader t = r.section("train");
    t.allowOnly("local_epochs", "batch_size", "learning_rate", "proximal_mu", "max_steps");
    double lr = t.number("learning_rate", 0.05);
    if (!(lr > 0)) {
      throw new IllegalArgumentException("train.learning_rate must be > 0. Provided value: " + lr);
    }
    double mu = t.number("proximal_mu", 0);
    if (mu < 0) {
      throw new IllegalArgumentException("train.proximal_mu must be >= 0. Provided value: " + mu);
    }
    this.maxSteps = (int) t.integer("max_steps", 0, 0, Integer.MAX_VALUE);

    ConfigReader p = r.section("privacy");
    p.allowOnly("client_level", "record_level");
    p.section("client_level"); // must be a mapping if present; its content is the strategy's
    this.privacy = copy(p.raw());
    if (p.has("record_level")) {
      ConfigReader rl = p.section("record_level");
      rl.allowOnly("noise_multiplier", "max_grad_norm", "delta");
      for (String k : List.of("noise_multiplier", "max_grad_norm", "delta")) {
        if (!rl.has(k)) {
          throw new IllegalArgumentException(rl.pathOf(k) + " is required when"
              + " privacy.record_level is given. Provided value: none");
        }
      }
      this.recordLevel = new RecordLevelDp(rl.number("noise_multiplier", 0),
          rl.number("max_grad_norm", 0), rl.number("delta", 0));
    } else {
      this.recordLevel = null;
    }
    this.model = copy(r.section("model").raw());
    this.features = copy(r.section("features").raw());

    Map<String, Object> config = new LinkedHashMap<>();
    config.put(CONFIG_MODEL, ConfigReader.toJson(model));
    config.put(CONFIG_FEATURES, ConfigReader.toJson(features));
    config.put(CONFIG_SEED, seed);
    this.train = new TrainSettings(
        (int) t.integer("local_epochs", 1, 1, 1_000_000),
        (int) t.integer("batch_size", 32, 1, 1_000_000_000),
        lr, mu, 0, false, config);
    this.yaml = yaml != null ? yaml : ConfigReader.toYaml(r.raw());
  }

  private static double rangeChecked(ConfigReader s, String key, double fallback) {
    double v = s.number(key, fallback);
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(
          s.pathOf(key) + " must be > 0 and <= 1. Provided value: " + v);
    }
    return v;
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    return new LinkedHashMap<>(m);
  }

  /**
   * Parses and checks a run file.
   *
   * @throws IllegalArgumentException naming the first field that is missing or out of range
   */
  public static RunSpec parse(String yaml) {
    return new RunSpec(ConfigReader.parseYaml("run file", yaml), yaml);
  }

  /** Parses and checks a run file given as a map (as a YAML parser returns it). */
  public static RunSpec fromMap(Map<String, Object> map) {
    Objects.requireNonNull(map, "map");
    return new RunSpec(ConfigReader.of(copy(map)), null);
  }

  public String name() {
    return name;
  }

  /** Training rounds, {@code >= 1}. */
  public int rounds() {
    return rounds;
  }

  public long seed() {
    return seed;
  }

  public Sampling sampling() {
    return sampling;
  }

  /** Time each round's clients have to answer. */
  public Duration deadline() {
    return deadline;
  }

  /** Results needed at the deadline for the round to count; {@code <= min_clients}. */
  public int quorum() {
    return quorum;
  }

  /** A federated evaluation round after every this many training rounds; 0 for never. */
  public int evaluateEvery() {
    return evaluateEvery;
  }

  /** Tries of one round (the first included) before the run fails. */
  public int maxRoundAttempts() {
    return maxRoundAttempts;
  }

  /** The {@code strategy} section, with at least {@code name}; a copy. */
  public Map<String, Object> strategy() {
    return copy(strategy);
  }

  public String strategyName() {
    return (String) strategy.get("name");
  }

  /**
   * The base training settings: from the {@code train} section, with the task config entries
   * {@value #CONFIG_MODEL}, {@value #CONFIG_FEATURES} and {@value #CONFIG_SEED}; clipping off
   * (a DP strategy sets it).
   */
  public TrainSettings train() {
    return train;
  }

  /** Upper bound on local optimiser steps; 0 for none. */
  public int maxSteps() {
    return maxSteps;
  }

  /** The {@code privacy} section; a copy, empty when absent. */
  public Map<String, Object> privacy() {
    return copy(privacy);
  }

  /** The record-level DP settings, or null when the run has none. */
  public RecordLevelDp recordLevel() {
    return recordLevel;
  }

  /** The {@code model} section; a copy, empty when absent. */
  public Map<String, Object> model() {
    return copy(model);
  }

  /** The {@code features} section; a copy, empty when absent. */
  public Map<String, Object> features() {
    return copy(features);
  }

  /** The run file's text (as given to {@link #parse}, or written from the map). */
  public String toYaml() {
    return yaml;
  }

  @Override
  public String toString() {
    return "RunSpec[name=" + name + ", rounds=" + rounds + ", strategy=" + strategyName()
        + ", minClients=" + sampling.minClients() + ", quorum=" + quorum + "]";
  }
}
