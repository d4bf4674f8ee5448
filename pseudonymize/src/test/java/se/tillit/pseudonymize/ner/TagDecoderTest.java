package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagDecoderTest {
  // Probabilities in NerTag order: O, PER, ORG, LOC, MISC.
  private static float[] p(double o, double per, double org, double loc, double misc) {
    return new float[] {(float) o, (float) per, (float) org, (float) loc, (float) misc};
  }

  private static List<NerTag> tags(List<TagPrediction> ps) {
    return ps.stream().map(TagPrediction::tag).toList();
  }

  @Test
  void decode_capitalisedNeighbourWithSomePersonProbability_joinsName() {
    List<String> tokens = List.of("Gunhild", "Westman", "skriver");
    float[][] probs = {p(0.1, 0.9, 0, 0, 0), p(0.6, 0.05, 0.35, 0, 0), p(0.99, 0.01, 0, 0, 0)};
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.PER, NerTag.PER, NerTag.O);
  }

  @Test
  void decode_lowerCaseTokenWithModeratePersonProbability_isTrimmed() {
    List<String> tokens = List.of("Karin", "Lind", "sa");
    float[][] probs = {p(0.1, 0.9, 0, 0, 0), p(0.1, 0.9, 0, 0, 0), p(0.5, 0.5, 0, 0, 0)};
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.PER, NerTag.PER, NerTag.O);
  }

  @Test
  void decode_particleBetweenNameParts_joinsName() {
    List<String> tokens = List.of("Carl", "von", "Linné");
    float[][] probs = {p(0.1, 0.9, 0, 0, 0), p(0.9, 0.1, 0, 0, 0), p(0.1, 0.9, 0, 0, 0)};
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.PER, NerTag.PER, NerTag.PER);
  }

  @Test
  void decode_capitalisedTokenFarFromName_keepsArgmax() {
    List<String> tokens = List.of("Umeå", "är", "Karin");
    float[][] probs = {p(0.1, 0.05, 0, 0.85, 0), p(0.99, 0.01, 0, 0, 0), p(0.1, 0.9, 0, 0, 0)};
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.LOC, NerTag.O, NerTag.PER);
  }

  @Test
  void decode_particlesBeforeName_openIt() {
    List<String> tokens = List.of("av", "van", "der", "Burgh", ".");
    float[][] probs = {
      p(0.99, 0.01, 0, 0, 0), p(0.99, 0.01, 0, 0, 0), p(0.99, 0.01, 0, 0, 0),
      p(0.01, 0.99, 0, 0, 0), p(1, 0, 0, 0, 0)
    };
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.O, NerTag.PER, NerTag.PER, NerTag.PER, NerTag.O);
  }

  @Test
  void decode_swedishWordDeBeforeName_staysOutside() {
    List<String> tokens = List.of("som", "de", "Anna", "sa");
    float[][] probs = {
      p(0.99, 0.01, 0, 0, 0), p(0.99, 0.01, 0, 0, 0), p(0.01, 0.99, 0, 0, 0), p(1, 0, 0, 0, 0)
    };
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.O, NerTag.O, NerTag.PER, NerTag.O);
  }

  @Test
  void decode_compoundWithLowerCasePartAfterHyphen_joinsOnlyAtThreshold() {
    List<String> tokens = List.of("Därmed", "gled", "VM-guldet", "Hansen", "ur", "händerna");
    float[][] probs = {
      p(1, 0, 0, 0, 0), p(1, 0, 0, 0, 0), p(0.9, 0.1, 0, 0, 0), p(0.01, 0.99, 0, 0, 0),
      p(1, 0, 0, 0, 0), p(1, 0, 0, 0, 0)
    };
    assertThat(tags(TagDecoder.decode(tokens, probs, 0.2)))
        .containsExactly(NerTag.O, NerTag.O, NerTag.O, NerTag.PER, NerTag.O, NerTag.O);
    // A double-barrelled name keeps joining: its part after the hyphen is capitalised.
    List<String> name = List.of("Anna-Karin", "Levi-Montalcini", "skrev");
    float[][] nameProbs = {p(0.01, 0.99, 0, 0, 0), p(0.9, 0.1, 0, 0, 0), p(1, 0, 0, 0, 0)};
    assertThat(tags(TagDecoder.decode(name, nameProbs, 0.2)))
        .containsExactly(NerTag.PER, NerTag.PER, NerTag.O);
  }

  @Test
  void lowerCaseAfterHyphen_variousTokens_detectsCompounds() {
    assertThat(TagDecoder.lowerCaseAfterHyphen("NHL-lockoutade")).isTrue();
    assertThat(TagDecoder.lowerCaseAfterHyphen("Anna-Karin")).isFalse();
    assertThat(TagDecoder.lowerCaseAfterHyphen("Mark-")).isFalse();
    assertThat(TagDecoder.lowerCaseAfterHyphen("-a")).isFalse();
    assertThat(TagDecoder.lowerCaseAfterHyphen("Karin")).isFalse();
  }
}
