package se.tillit.fl.coordinator.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds strategies from a run file's sections (already parsed from YAML into maps, see
 * FL-CONVENTIONS): {@code strategy: {name: ..., parameters...}} and, optionally, {@code privacy:
 * client_level: {...}}.
 *
 * <p>Strategy parameters (every strategy also takes {@code accept_failures}, default {@code true},
 * and {@code min_contributors}, default 1; see {@link RoundPolicy}):
 * <ul>
 *   <li>{@code fedavg}: {@code server_lr} (1.0)
 *   <li>{@code fedprox}: {@code mu} (required), {@code server_lr} (1.0)
 *   <li>{@code fedadagrad}: {@code server_lr} (0.1), {@code beta1} (0.0), {@code tau} (1e-9)
 *   <li>{@code fedadam}: {@code server_lr} (0.1), {@code beta1} (0.9), {@code beta2} (0.99),
 *       {@code tau} (1e-9)
 *   <li>{@code fedyogi}: {@code server_lr} (0.01), {@code beta1} (0.9), {@code beta2} (0.99),
 *       {@code tau} (1e-3)
 *   <li>{@code median}: none
 *   <li>{@code trimmed_mean}: {@code beta} (0.2, the fraction trimmed from each side)
 *   <li>{@code krum}: {@code f} (0, Byzantine clients tolerated), {@code m} (1; more is multi-Krum)
 * </ul>
 * Defaults are Flower's.
 *
 * <p>Client-level privacy ({@link DpFedAvg}): {@code noise_multiplier} (required, positive) and
 * either {@code clip_norm: C} (fixed clipping) or adaptive clipping, written {@code clip: adaptive}
 * with the keys beside it, or {@code clip: {adaptive: {...}}}: {@code initial} (0.1), {@code
 * target_quantile} (0.5), {@code learning_rate} (0.2), {@code count_noise} (required when the
 * noise multiplier is positive; Andrew et al. suggest expected clients per round / 20). Robust
 * strategies cannot be combined with client-level DP (see {@link DpFedAvg}).
 *
 * <p>Numbers may be YAML numbers or numeric strings (YAML 1.1 reads {@code 1e-9} as a string).
 * Unknown names and keys are refused with an {@link IllegalArgumentException} that lists what is
 * allowed.
 */
public final class Strategies {
  private Strategies() {}

  private static final Set<String> COMMON = Set.of("name", "accept_failures", "min_contributors");

  private static final Map<String, Set<String>> PARAMETERS = new LinkedHashMap<>();

  static {
    PARAMETERS.put(FedAvg.NAME, Set.of("server_lr"));
    PARAMETERS.put(FedProx.NAME, Set.of("mu", "server_lr"));
    PARAMETERS.put(FedAdagrad.NAME, Set.of("server_lr", "beta1", "tau"));
    PARAMETERS.put(FedAdam.NAME, Set.of("server_lr", "beta1", "beta2", "tau"));
    PARAMETERS.put(FedYogi.NAME, Set.of("server_lr", "beta1", "beta2", "tau"));
    PARAMETERS.put(CoordinateMedian.NAME, Set.of());
    PARAMETERS.put(TrimmedMean.NAME, Set.of("beta"));
    PARAMETERS.put(Krum.NAME, Set.of("f", "m"));
  }

  /** The strategy names accepted by {@link #create}, sorted. */
  public static List<String> names() {
    return List.copyOf(new TreeSet<>(PARAMETERS.keySet()));
  }

  /**
   * The strategy the run file describes, wrapped in {@link DpFedAvg} when {@code clientLevel} is
   * not null.
   *
   * @param strategySection the {@code strategy:} map; must hold {@code name}
   * @param clientLevel the {@code privacy.client_level:} map, or null for none
   * @throws IllegalArgumentException for an unknown name or key, a missing or bad value, or a
   *     robust strategy combined with client-level DP; the message names the key and what is
   *     allowed
   */
  public static Strategy create(Map<String, Object> strategySection, Map<String, Object> clientLevel) {
    Objects.requireNonNull(strategySection, "strategySection");
    Object nameValue = strategySection.get("name");
    if (!(nameValue instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException(
          "strategy.name must be one of " + names() + ". Provided value: " + nameValue);
    }
    name = name.trim().toLowerCase(java.util.Locale.ROOT);
    Set<String> allowed = PARAMETERS.get(name);
    if (allowed == null) {
      throw new IllegalArgumentException(
          "strategy.name must be one of " + names() + ". Provided value: " + nameValue);
    }
    Section s = new Section("strategy", strategySection);
    Set<String> all = new TreeSet<>(allowed);
    all.addAll(COMMON);
    s.checkKeys(all, " for strategy " + name);
    RoundPolicy policy = new RoundPolicy(
        s.bool("accept_failures", true), s.integer("min_contributors", 1, 1));
    Strategy strategy = switch (name) {
      case FedAvg.NAME -> new FedAvg(policy, s.positive("server_lr", 1.0));
      case FedProx.NAME ->
          new FedProx(policy, s.nonNegativeRequired("mu"), s.positive("server_lr", 1.0));
      case FedAdagrad.NAME -> new FedAdagrad(policy, s.positive("server_lr", 0.1),
          s.unitInterval("beta1", 0.0), s.positive("tau", 1e-9));
      case FedAdam.NAME -> new FedAdam(policy, s.positive("server_lr", 0.1),
          s.unitInterval("beta1", 0.9), s.unitInterval("beta2", 0.99), s.positive("tau", 1e-9));
      case FedYogi.NAME -> new FedYogi(policy, s.positive("server_lr", 0.01),
          s.unitInterval("beta1", 0.9), s.unitInterval("beta2", 0.99), s.positive("tau", 1e-3));
      case CoordinateMedian.NAME -> new CoordinateMedian(policy);
      case TrimmedMean.NAME -> new TrimmedMean(policy, s.number("beta", 0.2));
      case Krum.NAME -> new Krum(policy, s.integer("f", 0, 0), s.integer("m", 1, 1));
      default -> throw new AssertionError(name);
    };
    if (clientLevel == null) {
      return strategy;
    }
    if (strategy.needsIndividualUpdates()) {
      throw new IllegalArgumentException(
          "privacy.client_level cannot be combined with the robust strategy " + name
              + ": robust aggregation needs each client's update, outside the clipped-sum"
              + " analysis the DP noise is calibrated for. Strategies allowed with client-level"
              + " DP: [fedadagrad, fedadam, fedavg, fedprox, fedyogi]");
    }
    return dp(strategy, clientLevel);
  }

  private static DpFedAvg dp(Strategy inner, Map<String, Object> section) {
    Section c = new Section("privacy.client_level", section);
    Object clip = section.get("clip");
    DpFedAvg.Builder b = DpFedAvg.builder(inner);
    double z = c.positiveRequired("noise_multiplier");
    b.noiseMultiplier(z);
    Section adaptiveSection;
    if (clip == null) {
      c.checkKeys(Set.of("noise_multiplier", "clip_norm"), "");
      b.fixedClipNorm(c.positiveRequired("clip_norm"));
      return b.build();
    }
    if (section.containsKey("clip_norm")) {
      throw new IllegalArgumentException(
          "privacy.client_level must have either clip_norm (fixed clipping) or clip: adaptive,"
              + " not both");
    }
    Set<String> adaptiveKeys = Set.of("initial", "target_quantile", "learning_rate", "count_noise");
    if ("adaptive".equals(clip)) {
      Set<String> keys = new TreeSet<>(adaptiveKeys);
      keys.add("noise_multiplier");
      keys.add("clip");
      c.checkKeys(keys, "");
      adaptiveSection = c;
    } else if (clip instanceof Map<?, ?> clipMap && clipMap.size() == 1
        && clipMap.get("adaptive") instanceof Map<?, ?> inner2) {
      c.checkKeys(Set.of("noise_multiplier", "clip"), "");
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) inner2;
      adaptiveSection = new Section("privacy.client_level.clip.adaptive", m);
      adaptiveSection.checkKeys(adaptiveKeys, "");
    } else {
      throw new IllegalArgumentException(
          "privacy.client_level.clip must be 'adaptive' (with initial, target_quantile,"
              + " learning_rate, count_noise beside it) or {adaptive: {...}}; for fixed clipping"
              + " use clip_norm. Provided value: " + clip);
    }
    if (!adaptiveSection.has("count_noise")) {
      throw new IllegalArgumentException(
          adaptiveSection.prefix + ".count_noise is required with adaptive clipping: the standard"
              + " deviation of the noise on the unclipped count, > noise_multiplier / 2 = "
              + (z / 2) + " (Andrew et al. suggest expected clients per round / 20)");
    }
    b.adaptiveClipping(new AdaptiveClipping(
        adaptiveSection.positive("initial", 0.1),
        adaptiveSection.number("target_quantile", 0.5),
        adaptiveSection.positive("learning_rate", 0.2),
        adaptiveSection.number("count_noise", 0)));
    return b.build();
  }

  /** Typed access to one section, with messages that name the key. */
  private static final class Section {
    final String prefix;
    final Map<String, Object> map;

    Section(String prefix, Map<String, Object> map) {
      this.prefix = prefix;
      this.map = map;
    }

    boolean has(String key) {
      return map.get(key) != null;
    }

    void checkKeys(Set<String> allowed, String context) {
      for (String k : map.keySet()) {
        if (!allowed.contains(k)) {
          throw new IllegalArgumentException(
              prefix + " key must be one of " + new TreeSet<>(allowed) + context
                  + ". Provided value: " + k);
        }
      }
    }

    double number(String key, double dflt) {
      Object v = map.get(key);
      if (v == null) {
        return dflt;
      }
      double d;
      if (v instanceof Number n) {
        d = n.doubleValue();
      } else if (v instanceof String str) {
        try {
          d = Double.parseDouble(str.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              prefix + "." + key + " must be a number. Provided value: " + v);
        }
      } else {
        throw new IllegalArgumentException(
            prefix + "." + key + " must be a number. Provided value: " + v);
      }
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            prefix + "." + key + " must be finite. Provided value: " + v);
      }
      return d;
    }

    double positive(String key, double dflt) {
      double d = number(key, dflt);
      if (!(d > 0)) {
        throw new IllegalArgumentException(
            prefix + "." + key + " must be positive. Provided value: " + map.get(key));
      }
      return d;
    }

    double positiveRequired(String key) {
      require(key);
      return positive(key, 0);
    }

    double nonNegativeRequired(String key) {
      require(key);
      double d = number(key, 0);
      if (d < 0) {
        throw new IllegalArgumentException(
            prefix + "." + key + " must be >= 0. Provided value: " + map.get(key));
      }
      return d;
    }

    double unitInterval(String key, double dflt) {
      double d = number(key, dflt);
      if (!(d >= 0 && d < 1)) {
        throw new IllegalArgumentException(
            prefix + "." + key + " must be >= 0 and < 1. Provided value: " + map.get(key));
      }
      return d;
    }

    int integer(String key, int dflt, int min) {
      if (!has(key)) {
        return dflt;
      }
      double d = number(key, dflt);
      if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            prefix + "." + key + " must be an integer >= " + min + ". Provided value: "
                + map.get(key));
      }
      return (int) d;
    }

    boolean bool(String key, boolean dflt) {
      Object v = map.get(key);
      if (v == null) {
        return dflt;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      if (v instanceof String str && (str.equalsIgnoreCase("true") || str.equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(str);
      }
      throw new IllegalArgumentException(
          prefix + "." + key + " must be true or false. Provided value: " + v);
    }

    private void require(String key) {
      if (!has(key)) {
        throw new IllegalArgumentException(prefix + "." + key + " is required");
      }
    }
  }
}
