package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdSelectionTest {
  // Probabilities in NerTag order: O, PER, ORG, LOC, MISC.
  private static float[] p(double o, double per) {
    return new float[] {(float) o, (float) per, 0, 0, 0};
  }

  private static LabeledSentence sentence(String token, NerTag gold) {
    return new LabeledSentence(List.of(token, "skriver"), List.of(gold, NerTag.O));
  }

  private static float[][] probs(double per) {
    return new float[][] {p(1 - per, per), p(0.99, 0.01)};
  }

  @Test
  void fScore_beta2_weighsRecallFourTimes() {
    // P = 0.5, R = 1: F2 = 5 * 0.5 / (4 * 0.5 + 1) = 0.8333; F1 = 0.6667.
    NerEvaluation.Counts c = new NerEvaluation.Counts(2, 2, 0);
    assertThat(c.fScore(2)).isCloseTo(2.5 / 3, within(1e-12));
    assertThat(c.fScore(1)).isCloseTo(c.f1(), within(1e-12));
    assertThat(new NerEvaluation.Counts(0, 0, 0).fScore(2)).isZero();
    assertThatThrownBy(() -> c.fScore(0)).hasMessageContaining("beta");
  }

  @Test
  void grid_defaultGrid_isTenthToHalfInTwentieths() {
    assertThat(ThresholdSelection.DEFAULT_GRID)
        .containsExactly(0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50);
  }

  @Test
  void folds_fiveFoldsOfTwelve_areContiguousAndCoverAll() {
    List<LabeledSentence> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(sentence("Anna" + i, NerTag.PER));
    }
    List<List<LabeledSentence>> folds = ThresholdSelection.folds(all, 5);
    assertThat(folds).extracting(List::size).containsExactly(2, 2, 3, 2, 3);
    List<LabeledSentence> joined = new ArrayList<>();
    folds.forEach(joined::addAll);
    assertThat(joined).isEqualTo(all);
    assertThat(ThresholdSelection.without(folds, 1))
        .hasSize(10)
        .doesNotContainAnyElementsOf(folds.get(1));
    assertThatThrownBy(() -> ThresholdSelection.folds(all, 1)).hasMessageContaining("folds");
  }

  @Test
  void select_f2_prefersLowerThresholdThatRecoversNames() {
    // Two names with PER probability 0.45 and 0.25, one non-name at 0.22.
    List<LabeledSentence> gold =
        List.of(
            sentence("Karin", NerTag.PER),
            sentence("Lindqvist", NerTag.PER),
            sentence("Umeå", NerTag.O));
    List<float[][]> probs = List.of(probs(0.45), probs(0.25), probs(0.22));
    double[] grid = {0.2, 0.3, 0.4};
    // 0.2: tp 2 fp 1 -> P 2/3 R 1, F1 0.8, F2 0.909; 0.3 and 0.4: tp 1 fp 0 fn 1 -> F1 0.667,
    // F2 0.556.
    ThresholdSelection.Result f2 = ThresholdSelection.select(gold, probs, grid, 2);
    assertThat(f2.threshold()).isEqualTo(0.2);
    assertThat(f2.candidates().get(0).person().fScore(2)).isCloseTo(10.0 / 11, within(1e-9));
  }

  @Test
  void select_f1VersusF2_disagreeWhenRecallCostsPrecision() {
    // Names at 0.6, 0.6, 0.25; non-names at 0.25, 0.25, 0.25. At 0.2: tp 3 fp 3 (P 0.5, R 1:
    // F1 0.667, F2 0.833). At 0.5: tp 2 fp 0 fn 1 (P 1, R 0.667: F1 0.8, F2 0.714).
    List<LabeledSentence> gold = new ArrayList<>();
    List<float[][]> probs = new ArrayList<>();
    double[] per = {0.6, 0.6, 0.25, 0.25, 0.25, 0.25};
    for (int i = 0; i < per.length; i++) {
      gold.add(sentence("Namn" + i, i < 3 ? NerTag.PER : NerTag.O));
      probs.add(probs(per[i]));
    }
    double[] grid = {0.2, 0.5};
    assertThat(ThresholdSelection.select(gold, probs, grid, 1).threshold()).isEqualTo(0.5);
    assertThat(ThresholdSelection.select(gold, probs, grid, 2).threshold()).isEqualTo(0.2);
  }

  @Test
  void select_tie_goesToHigherThreshold() {
    List<LabeledSentence> gold = List.of(sentence("Karin", NerTag.PER));
    List<float[][]> probs = List.<float[][]>of(probs(0.9));
    ThresholdSelection.Result r =
        ThresholdSelection.select(gold, probs, ThresholdSelection.DEFAULT_GRID, 2);
    assertThat(r.threshold()).isEqualTo(0.5);
    assertThat(r.toTable()).contains("<- chosen");
  }

  @Test
  void select_mismatchedInput_isRejected() {
    List<LabeledSentence> gold = List.of(sentence("Karin", NerTag.PER));
    assertThatThrownBy(() -> ThresholdSelection.select(gold, List.of(), new double[] {0.3}, 2))
        .hasMessageContaining("probabilities");
    List<float[][]> one = List.<float[][]>of(probs(0.5));
    assertThatThrownBy(() -> ThresholdSelection.select(gold, one, new double[] {0.3, 0.2}, 2))
        .hasMessageContaining("ascending");
  }
}
