package se.tillit.pseudonymize.ner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a {@link NerModel} against gold tags: entity-level exact match (precision, recall, F1 per
 * entity tag) and token level. Entities are maximal runs of tokens with the same non-{@code O} tag,
 * the only reading of the corpus format, which has no B-/I- prefixes.
 */
public final class NerEvaluator {
  private NerEvaluator() {}

  /** Evaluates {@code model} on a token-per-line file. */
  public static NerEvaluation evaluate(NerModel model, Path testFile) {
    return evaluate(model, NerCorpus.read(testFile));
  }

  /** Evaluates {@code model} on labelled sentences. */
  public static NerEvaluation evaluate(NerModel model, List<LabeledSentence> sentences) {
    List<List<String>> tokens = new ArrayList<>(sentences.size());
    List<List<NerTag>> gold = new ArrayList<>(sentences.size());
    for (LabeledSentence s : sentences) {
      tokens.add(s.tokens());
      gold.add(s.tags());
    }
    List<List<TagPrediction>> predicted = model.predictAll(tokens);
    List<List<NerTag>> pred = new ArrayList<>(predicted.size());
    for (List<TagPrediction> p : predicted) {
      List<NerTag> tags = new ArrayList<>(p.size());
      for (TagPrediction tp : p) {
        tags.add(tp.tag());
      }
      pred.add(tags);
    }
    return compare(gold, pred);
  }

  /** Compares gold and predicted tag sequences, sentence by sentence. */
  public static NerEvaluation compare(List<List<NerTag>> gold, List<List<NerTag>> predicted) {
    if (gold.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "predicted must have as many sentences as gold (" + gold.size() + "). Provided value: "
              + predicted.size());
    }
    Map<NerTag, long[]> ent = new EnumMap<>(NerTag.class);
    Map<NerTag, long[]> tok = new EnumMap<>(NerTag.class);
    for (NerTag t : NerTag.values()) {
      if (t != NerTag.O) {
        ent.put(t, new long[3]);
      }
      tok.put(t, new long[3]);
    }
    long count = 0;
    long correct = 0;
    for (int s = 0; s < gold.size(); s++) {
      List<NerTag> g = gold.get(s);
      List<NerTag> p = predicted.get(s);
      if (g.size() != p.size()) {
        throw new IllegalArgumentException(
            "predicted sentence " + (s + 1) + " must have " + g.size() + " tags. Provided value: "
                + p.size());
      }
      for (int i = 0; i < g.size(); i++) {
        count++;
        if (g.get(i) == p.get(i)) {
          correct++;
          tok.get(g.get(i))[0]++;
        } else {
          tok.get(p.get(i))[1]++;
          tok.get(g.get(i))[2]++;
        }
      }
      Set<Span> gs = spans(g);
      Set<Span> ps = spans(p);
      for (Span x : ps) {
        ent.get(x.tag)[gs.contains(x) ? 0 : 1]++;
      }
      for (Span x : gs) {
        if (!ps.contains(x)) {
          ent.get(x.tag)[2]++;
        }
      }
    }
    return new NerEvaluation(toCounts(ent), toCounts(tok), count, correct);
  }

  /**
   * Entities of a tag sequence: maximal runs of the same entity tag, as [start, end) + tag, in
   * sentence order.
   */
  static Set<Span> spans(List<NerTag> tags) {
    Set<Span> out = new LinkedHashSet<>();
    int i = 0;
    while (i < tags.size()) {
      NerTag t = tags.get(i);
      int j = i + 1;
      while (j < tags.size() && tags.get(j) == t) {
        j++;
      }
      if (t != NerTag.O) {
        out.add(new Span(i, j, t));
      }
      i = j;
    }
    return out;
  }

  private static Map<NerTag, NerEvaluation.Counts> toCounts(Map<NerTag, long[]> m) {
    Map<NerTag, NerEvaluation.Counts> out = new EnumMap<>(NerTag.class);
    for (var e : m.entrySet()) {
      long[] c = e.getValue();
      out.put(e.getKey(), new NerEvaluation.Counts(c[0], c[1], c[2]));
    }
    return out;
  }

  record Span(int start, int end, NerTag tag) {}
}
