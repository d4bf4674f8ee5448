package se.tillit.pseudonymize.ner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the person threshold of decoding ({@link NerConfig#personThreshold()}) from held-out
 * predictions: each candidate threshold decodes the same probabilities ({@link TagDecoder}), the
 * decoded person names are scored against the gold tags, and the threshold with the highest
 * person-name F-beta wins; ties go to the higher threshold (fewer false positives for the same
 * score). With beta 2 recall weighs four times as much as precision, as masking needs.
 *
 * <p>The held-out predictions come from k-fold cross-validation on the training data ({@link
 * #folds(List, int)}): fold i is the i-th of k contiguous blocks of sentences in file order, so
 * sentences of one article stay together; a model trained on the other k - 1 blocks predicts it,
 * and the predictions of all folds are pooled before scoring. Nothing of a test split is used.
 */
final class ThresholdSelection {
  /** The candidate thresholds of the default model: 0.10, 0.15, ..., 0.50. */
  static final double[] DEFAULT_GRID = grid(0.10, 0.50, 0.05);

  /** Scores closer than this count as a tie (the same counts can round differently). */
  private static final double TIE = 1e-12;

  private ThresholdSelection() {}

  /** Person-name counts at one candidate threshold. */
  record Candidate(double threshold, NerEvaluation evaluation) {
    NerEvaluation.Counts person() {
      return evaluation.entity(NerTag.PER);
    }
  }

  /** All candidates in grid order and the index of the chosen one. */
  record Result(double beta, List<Candidate> candidates, int chosen) {
    double threshold() {
      return candidates.get(chosen).threshold();
    }

    /** A plain-text table: threshold, person precision, recall, F1, F-beta, tp, fp, fn. */
    String toTable() {
      StringBuilder sb = new StringBuilder();
      String fb = "F" + (beta == Math.rint(beta) ? String.valueOf((long) beta) : beta);
      sb.append(String.format(Locale.ROOT, "%-9s %9s %9s %9s %9s %6s %6s %6s%n", "threshold",
          "PER prec", "recall", "F1", fb, "tp", "fp", "fn"));
      for (int i = 0; i < candidates.size(); i++) {
        Candidate c = candidates.get(i);
        NerEvaluation.Counts p = c.person();
        sb.append(String.format(Locale.ROOT, "%-9.2f %9.4f %9.4f %9.4f %9.4f %6d %6d %6d%s%n",
            c.threshold(), p.precision(), p.recall(), p.f1(), p.fScore(beta), p.truePositives(),
            p.falsePositives(), p.falseNegatives(), i == chosen ? "  <- chosen" : ""));
      }
      return sb.toString();
    }
  }

  /** {@code from}, {@code from + step}, ... up to {@code to} (inclusive, rounded to 1e-9). */
  static double[] grid(double from, double to, double step) {
    if (!(from > 0 && to <= 1 && from <= to && step > 0)) {
      throw new IllegalArgumentException(
          "grid must satisfy 0 < from <= to <= 1 and step > 0. Provided value: " + from + ":" + to
              + ":" + step);
    }
    int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = Math.round((from + i * step) * 1e9) / 1e9;
    }
    return g;
  }

  /**
   * The k contiguous blocks of {@code sentences} in order; block i is [i n / k, (i + 1) n / k).
   */
  static List<List<LabeledSentence>> folds(List<LabeledSentence> sentences, int k) {
    if (k < 2 || k > sentences.size()) {
      throw new IllegalArgumentException(
          "folds must be >= 2 and <= the number of sentences (" + sentences.size()
              + "). Provided value: " + k);
    }
    List<List<LabeledSentence>> out = new ArrayList<>(k);
    int n = sentences.size();
    for (int i = 0; i < k; i++) {
      out.add(sentences.subList((int) ((long) i * n / k), (int) ((long) (i + 1) * n / k)));
    }
    return out;
  }

  /** All sentences but those of fold {@code held}, in order. */
  static List<LabeledSentence> without(List<List<LabeledSentence>> folds, int held) {
    List<LabeledSentence> out = new ArrayList<>();
    for (int i = 0; i < folds.size(); i++) {
      if (i != held) {
        out.addAll(folds.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Scores every threshold of {@code grid} (ascending) on held-out probabilities ({@code
   * probabilities.get(s)[token][NerTag.ordinal()]} for sentence s of {@code gold}) and chooses the
   * one with the highest person-name F-beta, the higher threshold on a tie.
   */
  static Result select(
      List<LabeledSentence> gold, List<float[][]> probabilities, double[] grid, double beta) {
    if (gold.size() != probabilities.size()) {
      throw new IllegalArgumentException(
          "probabilities must have one entry per sentence (" + gold.size() + "). Provided value: "
              + probabilities.size());
    }
    if (grid.length == 0) {
      throw new IllegalArgumentException("grid must not be empty. Provided value: []");
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be > 0 and finite. Provided value: " + beta);
    }
    List<List<NerTag>> goldTags = new ArrayList<>(gold.size());
    for (LabeledSentence s : gold) {
      goldTags.add(s.tags());
    }
    List<Candidate> candidates = new ArrayList<>(grid.length);
    int chosen = -1;
    double best = Double.NEGATIVE_INFINITY;
    for (int g = 0; g < grid.length; g++) {
      if (g > 0 && !(grid[g] > grid[g - 1])) {
        throw new IllegalArgumentException(
            "grid must be strictly ascending. Provided value: " + grid[g] + " after "
                + grid[g - 1]);
      }
      List<List<NerTag>> predicted = new ArrayList<>(gold.size());
      for (int s = 0; s < gold.size(); s++) {
        List<TagPrediction> p =
            TagDecoder.decode(gold.get(s).tokens(), probabilities.get(s), grid[g]);
        List<NerTag> tags = new ArrayList<>(p.size());
        for (TagPrediction tp : p) {
          tags.add(tp.tag());
        }
        predicted.add(tags);
      }
      NerEvaluation e = NerEvaluator.compare(goldTags, predicted);
      candidates.add(new Candidate(grid[g], e));
      double score = e.entity(NerTag.PER).fScore(beta);
      if (score >= best - TIE) {
        best = Math.max(best, score);
        chosen = g;
      }
    }
    return new Result(beta, List.copyOf(candidates), chosen);
  }
}
