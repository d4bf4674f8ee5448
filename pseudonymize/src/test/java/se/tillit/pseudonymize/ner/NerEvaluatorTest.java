package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static se.tillit.pseudonymize.ner.NerTag.LOC;
import static se.tillit.pseudonymize.ner.NerTag.O;
import static se.tillit.pseudonymize.ner.NerTag.ORG;
import static se.tillit.pseudonymize.ner.NerTag.PER;

import java.util.List;
import org.junit.jupiter.api.Test;

class NerEvaluatorTest {
  @Test
  void compare_handMadeExample_givesExactMatchCounts() {
    // gold:  [Anna Berg]PER bor i [Lund]LOC och jobbar på [Region Skåne]ORG
    List<NerTag> gold = List.of(PER, PER, O, O, LOC, O, O, O, ORG, ORG);
    // pred:  [Anna]PER [Berg]LOC ... [Lund]LOC ... [Region Skåne]ORG   -> PER missed (partial)
    List<NerTag> pred = List.of(PER, LOC, O, O, LOC, O, O, O, ORG, ORG);
    // second sentence: gold [Kalle]PER, predicted [Kalle]PER plus a false [Ikea]ORG
    List<NerTag> gold2 = List.of(PER, O, O);
    List<NerTag> pred2 = List.of(PER, O, ORG);

    NerEvaluation e = NerEvaluator.compare(List.of(gold, gold2), List.of(pred, pred2));

    NerEvaluation.Counts per = e.entity(PER);
    assertThat(per.truePositives()).isEqualTo(1); // Kalle
    assertThat(per.falsePositives()).isEqualTo(1); // "Anna" alone
    assertThat(per.falseNegatives()).isEqualTo(1); // "Anna Berg"
    assertThat(per.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(per.recall()).isCloseTo(0.5, within(1e-12));
    assertThat(per.f1()).isCloseTo(0.5, within(1e-12));

    NerEvaluation.Counts loc = e.entity(LOC);
    assertThat(loc.truePositives()).isEqualTo(1);
    assertThat(loc.falsePositives()).isEqualTo(1); // "Berg"
    assertThat(loc.falseNegatives()).isEqualTo(0);
    assertThat(loc.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(loc.recall()).isCloseTo(1.0, within(1e-12));
    assertThat(loc.f1()).isCloseTo(2.0 / 3, within(1e-12));

    NerEvaluation.Counts org = e.entity(ORG);
    assertThat(org.truePositives()).isEqualTo(1);
    assertThat(org.falsePositives()).isEqualTo(1);
    assertThat(org.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(org.recall()).isCloseTo(1.0, within(1e-12));

    NerEvaluation.Counts micro = e.entityMicro();
    assertThat(micro.truePositives()).isEqualTo(3);
    assertThat(micro.falsePositives()).isEqualTo(3);
    assertThat(micro.falseNegatives()).isEqualTo(1);

    // token level: 13 tokens, 2 wrong (Berg, Ikea)
    assertThat(e.tokenCount()).isEqualTo(13);
    assertThat(e.tokenAccuracy()).isCloseTo(11.0 / 13, within(1e-12));
    NerEvaluation.Counts perTok = e.tokens().get(PER);
    assertThat(perTok.truePositives()).isEqualTo(2);
    assertThat(perTok.falseNegatives()).isEqualTo(1);
    assertThat(perTok.falsePositives()).isEqualTo(0);
    assertThat(e.toMap()).containsKeys("entity", "token");
    assertThat(e.toTable()).contains("PER");
  }

  @Test
  void compare_nothingPredictedOrExpected_givesZeroWithoutNaN() {
    NerEvaluation e = NerEvaluator.compare(List.of(List.of(O, O)), List.of(List.of(O, O)));
    assertThat(e.entity(PER).precision()).isZero();
    assertThat(e.entity(PER).recall()).isZero();
    assertThat(e.entity(PER).f1()).isZero();
    assertThat(e.tokenAccuracy()).isEqualTo(1.0);
  }

  @Test
  void compare_adjacentDifferentTags_areSeparateEntities() {
    NerEvaluation e =
        NerEvaluator.compare(List.of(List.of(PER, ORG)), List.of(List.of(PER, ORG)));
    assertThat(e.entity(PER).truePositives()).isEqualTo(1);
    assertThat(e.entity(ORG).truePositives()).isEqualTo(1);
  }
}
