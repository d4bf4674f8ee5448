package se.tillit.pseudonymize.ner;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Result of {@link NerEvaluator}: entity-level exact-match counts per tag (an entity is a maximal
 * run of tokens with the same tag; a predicted entity counts only if its start, end and tag all
 * match a gold entity), their micro average over all entity tags, and token-level counts per tag.
 */
public final class NerEvaluation {
  /** True positives, false positives and false negatives, with the derived figures. */
  public record Counts(long truePositives, long falsePositives, long falseNegatives) {
    /** tp / (tp + fp); 0 when nothing was predicted. */
    public double precision() {
      long d = truePositives + falsePositives;
      return d == 0 ? 0 : (double) truePositives / d;
    }

    /** tp / (tp + fn); 0 when there is nothing to find. */
    public double recall() {
      long d = truePositives + falseNegatives;
      return d == 0 ? 0 : (double) truePositives / d;
    }

    /** Harmonic mean of precision and recall; 0 when both are 0. */
    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * F-beta, (1 + beta^2) P R / (beta^2 P + R): recall weighs beta^2 times as much as precision
     * (beta 2 for masking, where a missed name costs more than a false alarm); 0 when both are 0.
     */
    public double fScore(double beta) {
      if (!(beta > 0) || Double.isInfinite(beta)) {
        throw new IllegalArgumentException("beta must be > 0 and finite. Provided value: " + beta);
      }
      double p = precision();
      double r = recall();
      double b2 = beta * beta;
      return p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r);
    }

    /** Number of gold items (tp + fn). */
    public long support() {
      return truePositives + falseNegatives;
    }

    Counts plus(Counts o) {
      return new Counts(
          truePositives + o.truePositives,
          falsePositives + o.falsePositives,
          falseNegatives + o.falseNegatives);
    }
  }

  private final Map<NerTag, Counts> entities;
  private final Map<NerTag, Counts> tokens;
  private final long tokenCount;
  private final long tokensCorrect;

  NerEvaluation(
      Map<NerTag, Counts> entities,
      Map<NerTag, Counts> tokens,
      long tokenCount,
      long tokensCorrect) {
    this.entities = Collections.unmodifiableMap(new EnumMap<>(entities));
    this.tokens = Collections.unmodifiableMap(new EnumMap<>(tokens));
    this.tokenCount = tokenCount;
    this.tokensCorrect = tokensCorrect;
  }

  /** Entity-level counts of {@code tag} (not {@link NerTag#O}). */
  public Counts entity(NerTag tag) {
    if (tag == NerTag.O) {
      throw new IllegalArgumentException("tag must be an entity tag. Provided value: O");
    }
    return entities.get(tag);
  }

  /** Entity-level counts per entity tag (PER, ORG, LOC, MISC). */
  public Map<NerTag, Counts> entities() {
    return entities;
  }

  /** Micro-average over all entity tags. */
  public Counts entityMicro() {
    Counts c = new Counts(0, 0, 0);
    for (Counts e : entities.values()) {
      c = c.plus(e);
    }
    return c;
  }

  /** Micro-average over the masked tags only (PER, ORG, LOC). */
  public Counts maskedMicro() {
    return entity(NerTag.PER).plus(entity(NerTag.ORG)).plus(entity(NerTag.LOC));
  }

  /** Token-level counts per tag, {@link NerTag#O} included. */
  public Map<NerTag, Counts> tokens() {
    return tokens;
  }

  /** Fraction of tokens whose tag is right. */
  public double tokenAccuracy() {
    return tokenCount == 0 ? 0 : (double) tokensCorrect / tokenCount;
  }

  public long tokenCount() {
    return tokenCount;
  }

  /** A nested map of all figures, for JSON output. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> ent = new LinkedHashMap<>();
    for (var e : entities.entrySet()) {
      ent.put(e.getKey().name(), countsMap(e.getValue()));
    }
    ent.put("micro", countsMap(entityMicro()));
    ent.put("maskedMicro", countsMap(maskedMicro()));
    m.put("entity", ent);
    Map<String, Object> tok = new LinkedHashMap<>();
    for (var e : tokens.entrySet()) {
      tok.put(e.getKey().name(), countsMap(e.getValue()));
    }
    tok.put("accuracy", tokenAccuracy());
    tok.put("count", tokenCount);
    m.put("token", tok);
    return m;
  }

  private static Map<String, Object> countsMap(Counts c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", c.precision());
    m.put("recall", c.recall());
    m.put("f1", c.f1());
    m.put("support", c.support());
    m.put("tp", c.truePositives());
    m.put("fp", c.falsePositives());
    m.put("fn", c.falseNegatives());
    return m;
  }

  /** A plain-text table of the figures. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %8s%n", "entity", "precision",
        "recall", "f1", "support"));
    for (var e : entities.entrySet()) {
      row(sb, e.getKey().name(), e.getValue());
    }
    row(sb, "micro", entityMicro());
    row(sb, "PER+ORG+LOC", maskedMicro());
    sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %8s%n", "token", "precision",
        "recall", "f1", "support"));
    for (var e : tokens.entrySet()) {
      row(sb, e.getKey().name(), e.getValue());
    }
    sb.append(String.format(Locale.ROOT, "token accuracy %.4f over %d tokens%n", tokenAccuracy(),
        tokenCount));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, Counts c) {
    sb.append(String.format(Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %8d%n", name, c.precision(),
        c.recall(), c.f1(), c.support()));
  }

  @Override
  public String toString() {
    Counts per = entity(NerTag.PER);
    return String.format(Locale.ROOT,
        "NerEvaluation{PER p=%.4f r=%.4f f1=%.4f, micro f1=%.4f, token accuracy=%.4f}",
        per.precision(), per.recall(), per.f1(), entityMicro().f1(), tokenAccuracy());
  }
}
