package se.tillit.pseudonymize.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the model's per-token probabilities into tags, with a repair of person-name boundaries.
 *
 * <ol>
 *   <li>Each token gets its most probable tag, or PER when PER has at least the person threshold.
 *   <li>Trim: a token tagged PER that does not start with an upper-case letter and is not a name
 *       particle ("von", "af", ...) or a hyphen becomes O unless PER has at least {@link #TRIM_BELOW}.
 *   <li>Extend: a token that starts with an upper-case letter and lies next to a PER token joins
 *       the name when PER has at least {@link #JOIN_AT_LEAST} (repeated until nothing changes);
 *       a sentence-initial token and a compound with a lower-case part after a hyphen
 *       ("VM-guldet") need the person threshold, and greetings ("Hej", "Kära") never join.
 *   <li>Bridge: a capitalised token or particle between two PER tokens joins the name under the
 *       same condition.
 *   <li>Open: one or two lower-case particles right before a name join it when one of them is not
 *       an ordinary Swedish word ("van der Burgh", "de la Fuente"; not "de" alone).
 * </ol>
 *
 * <p>The constants were chosen on a development split (the last 10% of the sentences of the
 * corpus's train.tsv) with a model trained on the other 90%; the hyphen rule on the pooled 5-fold
 * cross-validated predictions of train.tsv (see {@link ThresholdSelection}); never on the test
 * split.
 */
final class TagDecoder {
  static final double TRIM_BELOW = 0.9;
  static final double JOIN_AT_LEAST = 0.01;
  private static final Set<String> PARTICLES =
      Set.of("von", "af", "de", "van", "der", "den", "la", "le", "di", "da", "du", "bin", "al");
  /** Particles that are not Swedish words, so that they can open a name. */
  private static final Set<String> OPENING_PARTICLES =
      Set.of("von", "van", "af", "la", "le", "di", "da", "bin", "al");
  private static final int PER = NerTag.PER.ordinal();
  /**
   * Capitalised words that open letters and notes ("Hej Anna!") and are never part of a name:
   * extension does not pull them into a neighbouring name.
   */
  private static final Set<String> NEVER_JOINED =
      Set.of("hej", "hejsan", "hallå", "kära", "bästa", "tack", "till", "från", "dear", "hi",
          "hello", "god", "goddag");

  private TagDecoder() {}

  static List<TagPrediction> decode(List<String> tokens, float[][] probs, double personThreshold) {
    int n = probs.length;
    int[] tag = new int[n];
    for (int i = 0; i < n; i++) {
      float[] v = probs[i];
      int best = 0;
      for (int c = 1; c < v.length; c++) {
        if (v[c] > v[best]) {
          best = c;
        }
      }
      if (v[PER] >= personThreshold) {
        best = PER;
      }
      String token = tokens.get(i);
      if (best == PER
          && !capitalised(token)
          && !particle(token)
          && !token.equals("-")
          && v[PER] < TRIM_BELOW) {
        best = NerTag.O.ordinal();
      }
      tag[i] = best;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        // A sentence-initial token is capitalised anyway, so its capital says nothing, and a
        // compound such as "VM-guldet" or "Jobbik-ledamoten" is a word with a capitalised first
        // part, not a name: they join only with the ordinary person threshold.
        double joinAt = JOIN_AT_LEAST;
        if (i == 0 || lowerCaseAfterHyphen(tokens.get(i))) {
          joinAt = personThreshold;
        }
        if (tag[i] != PER
            && probs[i][PER] >= joinAt
            && capitalised(tokens.get(i))
            && !NEVER_JOINED.contains(tokens.get(i).toLowerCase(Locale.ROOT))
            && ((i > 0 && tag[i - 1] == PER) || (i + 1 < n && tag[i + 1] == PER))) {
          tag[i] = PER;
          changed = true;
        }
      }
    }
    for (int i = 1; i + 1 < n; i++) {
      if (tag[i] != PER
          && tag[i - 1] == PER
          && tag[i + 1] == PER
          && probs[i][PER] >= JOIN_AT_LEAST
          && particle(tokens.get(i))) {
        tag[i] = PER;
      }
    }
    // Particles that open a name ("van der Burgh", "de la Fuente") join it when the run holds a
    // particle that is not also an ordinary Swedish word.
    for (int j = 1; j < n; j++) {
      if (tag[j] != PER || tag[j - 1] == PER || !capitalised(tokens.get(j))) {
        continue;
      }
      int k = j;
      boolean strong = false;
      while (k > 0 && j - k < 2 && particle(tokens.get(k - 1)) && !capitalised(tokens.get(k - 1))) {
        k--;
        strong |= OPENING_PARTICLES.contains(tokens.get(k));
      }
      if (strong) {
        for (int i = k; i < j; i++) {
          tag[i] = PER;
        }
      }
    }
    NerTag[] tags = NerTag.values();
    List<TagPrediction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new TagPrediction(tags[tag[i]], Math.min(1.0, Math.max(0.0, probs[i][tag[i]]))));
    }
    return out;
  }

  /** "VM-guldet", "Jobbik-ledamoten": the part after the last hyphen starts in lower case. */
  static boolean lowerCaseAfterHyphen(String token) {
    int h = token.lastIndexOf('-');
    return h > 0 && h + 1 < token.length() && Character.isLowerCase(token.charAt(h + 1));
  }

  private static boolean capitalised(String token) {
    return !token.isEmpty() && Character.isUpperCase(token.codePointAt(0));
  }

  private static boolean particle(String token) {
    return PARTICLES.contains(token.toLowerCase(Locale.ROOT));
  }
}
