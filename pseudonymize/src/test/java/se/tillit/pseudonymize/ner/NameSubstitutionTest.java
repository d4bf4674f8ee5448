package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.ner.internal.FeatureHasher;

class NameSubstitutionTest {
  private static final NerTag O = NerTag.O;
  private static final NerTag P = NerTag.PER;

  private static LabeledSentence sentence(List<String> tokens, List<NerTag> tags) {
    return new LabeledSentence(tokens, tags);
  }

  private static final LabeledSentence WITH_NAME =
      sentence(List.of("–", "Jag", "vet", "inte", ",", "säger", "Karin", "von", "Lindqvist", "."),
          List.of(O, O, O, O, O, O, P, P, P, O));
  private static final LabeledSentence WITHOUT_NAME =
      sentence(List.of("Regeringen", "höjer", "skatten", "."), List.of(NerTag.ORG, O, O, O));

  @Test
  void augment_addsOneCopyPerSentenceWithNameAndCopy() {
    List<LabeledSentence> out =
        NameSubstitution.augment(List.of(WITH_NAME, WITHOUT_NAME), 3, new Random(1));

    assertThat(out).hasSize(2 + 3);
    assertThat(out.subList(0, 2)).containsExactly(WITH_NAME, WITHOUT_NAME);
    for (LabeledSentence copy : out.subList(2, 5)) {
      assertThat(copy.tags()).isEqualTo(WITH_NAME.tags());
      assertThat(copy.tokens().subList(0, 6)).isEqualTo(WITH_NAME.tokens().subList(0, 6));
      assertThat(copy.tokens().get(7)).isEqualTo("von");
      assertThat(copy.tokens().get(9)).isEqualTo(".");
      assertThat(copy.tokens().get(6)).isNotEqualTo("Karin");
      assertThat(Character.isUpperCase(copy.tokens().get(6).charAt(0))).isTrue();
      assertThat(Character.isUpperCase(copy.tokens().get(8).charAt(0))).isTrue();
    }
  }

  @Test
  void augment_zeroCopies_returnsInput() {
    List<LabeledSentence> in = List.of(WITH_NAME);
    assertThat(NameSubstitution.augment(in, 0, new Random(1))).isSameAs(in);
  }

  @Test
  void augment_sameSeed_sameOutput_otherSeed_otherNames() {
    List<LabeledSentence> in = List.of(WITH_NAME);
    assertThat(NameSubstitution.augment(in, 5, new Random(7)))
        .isEqualTo(NameSubstitution.augment(in, 5, new Random(7)));
    assertThat(NameSubstitution.augment(in, 5, new Random(7)))
        .isNotEqualTo(NameSubstitution.augment(in, 5, new Random(8)));
  }

  @Test
  void augment_manyCopies_mixesListedAndNewNamesNeverOrdinaryWords() {
    // "Lind" looks like a name but is a lower-case word of this corpus: never generated.
    LabeledSentence words =
        sentence(List.of("en", "lind", "och", "en", "ek"), List.of(O, O, O, O, O));
    LabeledSentence one = sentence(List.of("Persson", "kom"), List.of(P, O));
    List<LabeledSentence> in = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      in.add(one);
    }
    in.add(words);
    List<LabeledSentence> out = NameSubstitution.augment(in, 1, new Random(3));
    Set<String> listed = new HashSet<>(FeatureHasher.givenNames());
    listed.addAll(FeatureHasher.surnames());
    int fromLists = 0;
    int generated = 0;
    for (LabeledSentence s : out.subList(in.size(), out.size())) {
      String name = s.tokens().get(0).toLowerCase(java.util.Locale.ROOT);
      assertThat(name).isNotIn("lind", "och", "ek", "en").hasSizeGreaterThanOrEqualTo(2);
      if (listed.contains(name)) {
        fromLists++;
      } else {
        generated++;
      }
    }
    assertThat(fromLists).isBetween(60, 140);
    assertThat(generated).isBetween(60, 140);
  }

  @Test
  void substitute_keepsGenitiveAllCapitalsAndInitials() {
    LabeledSentence s =
        sentence(List.of("ANDERS", "W", "JONSSON", "och", "Svenssons", "bok"),
            List.of(P, P, P, O, P, O));
    for (int seed = 0; seed < 20; seed++) {
      LabeledSentence out = NameSubstitution.augment(List.of(s), 1, new Random(seed)).get(1);
      assertThat(out.tokens().get(0)).isUpperCase();
      assertThat(out.tokens().get(1)).isEqualTo("W");
      assertThat(out.tokens().get(2)).isUpperCase();
      assertThat(out.tokens().get(4)).matches(".*[sxz]");
    }
  }

  @Test
  void augment_swapMentions_copiesEverySentenceWithAnEntityAndDrawsSameTypeMentions() {
    LabeledSentence places =
        sentence(List.of("Hon", "flyttade", "från", "Umeå", "till", "Nya", "Zeeland", "."),
            List.of(O, O, O, NerTag.LOC, O, NerTag.LOC, NerTag.LOC, O));
    List<LabeledSentence> in = List.of(WITH_NAME, WITHOUT_NAME, places);
    List<LabeledSentence> out = NameSubstitution.augment(in, 2, true, new Random(5));

    assertThat(out).hasSize(3 + 2 * 3);
    Set<List<String>> seenPlaces = new HashSet<>();
    for (LabeledSentence copy : out.subList(3, out.size())) {
      assertThat(copy.tokens()).hasSameSizeAs(copy.tags());
      if (copy.tokens().get(0).equals("Hon")) {
        // Each place mention is one of the corpus's place mentions, with its length.
        int first = copy.tags().indexOf(NerTag.LOC);
        int end = first;
        while (copy.tags().get(end) == NerTag.LOC) {
          end++;
        }
        List<String> place = copy.tokens().subList(first, end);
        assertThat(place).isIn(List.of("Umeå"), List.of("Nya", "Zeeland"));
        seenPlaces.add(List.copyOf(place));
      }
      if (copy.tags().get(0) == NerTag.ORG) {
        assertThat(copy).isEqualTo(WITHOUT_NAME); // the only organisation mention
      }
    }
    assertThat(seenPlaces).isNotEmpty();
  }

  @Test
  void augment_badCount_isRefused() {
    assertThatThrownBy(() -> NameSubstitution.augment(List.of(WITH_NAME), 11, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name copies must be >= 0 and <= 10");
  }
}
