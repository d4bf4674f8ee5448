package se.tillit.pseudonymize.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

class TextMaskerTest {
  private static final TextMasker MASKER =
      TextMasker.builder()
          .addRecognizer(new TestEmailRecognizer())
          .addRecognizer(new TestPersonnummerRecognizer())
          .addRecognizer(new TestNameRecognizer())
          .build();

  private static TextMasker fixed(EntitySpan... spans) {
    return TextMasker.builder().addRecognizer(new FixedSpansRecognizer(spans)).build();
  }

  private static EntitySpan rule(int s, int e, EntityType t) {
    return new EntitySpan(s, e, t, EntitySpan.RULE, 1.0);
  }

  private static EntitySpan model(int s, int e, EntityType t, double c) {
    return new EntitySpan(s, e, t, EntitySpan.MODEL, c);
  }

  @Test
  void mask_swedishLetter_replacesEveryEntityWithTypedPlaceholder() {
    String text =
        "Hej Anna Svensson!\nDitt ärende hos Försäkringskassan (19850101-1234) är klart. "
            + "Svara till handlaggare@forsakringskassan.se eller ring oss i Malmö.";
    MaskResult r = MASKER.mask(text);
    assertThat(r.text())
        .isEqualTo(
            "Hej [PERSON_1]!\nDitt ärende hos [ORGANISATION_1] ([PERSONNUMMER_1]) är klart. "
                + "Svara till [EMAIL_1] eller ring oss i [PLACE_1].");
    assertThat(r.entities()).extracting(MaskedEntity::source)
        .containsExactly("model", "model", "rule", "rule", "model");
  }

  @Test
  void mask_offsets_referToOriginalAndMaskedText() {
    String text = "Anna Svensson, anna@example.se; åter Erik Johansson och anna@example.se.";
    MaskResult r = MASKER.mask(text);
    List<String> originals = new ArrayList<>();
    for (MaskedEntity e : r.entities()) {
      originals.add(text.substring(e.start(), e.end()));
      assertThat(r.text().substring(e.maskedStart(), e.maskedEnd())).isEqualTo(e.placeholder());
    }
    assertThat(originals)
        .containsExactly("Anna Svensson", "anna@example.se", "Erik Johansson", "anna@example.se");
    assertThat(r.entities()).extracting(MaskedEntity::placeholder)
        .containsExactly("[PERSON_1]", "[EMAIL_1]", "[PERSON_2]", "[EMAIL_1]");
  }

  @Test
  void mask_sameNameDifferentCaseAndSpacing_samePlaceholder() {
    String text = "Anna Svensson ringde. Sedan kom ANNA   svensson.";
    MaskResult r = fixed(model(0, 13, EntityType.PERSON, 0.9), model(32, 47, EntityType.PERSON, 0.8))
        .mask(text);
    assertThat(r.text()).isEqualTo("[PERSON_1] ringde. Sedan kom [PERSON_1].");
  }

  @Test
  void mask_personnummerInThreeForms_samePlaceholder() {
    String text = "Pnr 19850101-1234, även 850101-1234 och 8501011234; annan 900202-5678.";
    MaskResult r = MASKER.mask(text);
    assertThat(r.text())
        .isEqualTo(
            "Pnr [PERSONNUMMER_1], även [PERSONNUMMER_1] och [PERSONNUMMER_1];"
                + " annan [PERSONNUMMER_2].");
  }

  @Test
  void mask_phoneNationalAndInternational_samePlaceholder() {
    String text = "070-123 45 67 eller +46 70 123 45 67 eller 0046701234567 eller 08-555 000";
    int a = text.indexOf("+46");
    int b = text.indexOf("0046");
    int c = text.indexOf("08-");
    MaskResult r =
        fixed(
                rule(0, 13, EntityType.PHONE),
                rule(a, a + 16, EntityType.PHONE),
                rule(b, b + 13, EntityType.PHONE),
                rule(c, text.length(), EntityType.PHONE))
            .mask(text);
    assertThat(r.text())
        .isEqualTo("[PHONE_1] eller [PHONE_1] eller [PHONE_1] eller [PHONE_2]");
  }

  @Test
  void mask_surnameAfterFullName_samePersonPlaceholder() {
    String text = "Anna Svensson kom in. Svensson berättade att Erik Johansson ringt.";
    MaskResult r = MASKER.mask(text);
    assertThat(r.text())
        .isEqualTo("[PERSON_1] kom in. [PERSON_1] berättade att [PERSON_2] ringt.");
  }

  @Test
  void mask_surnameBeforeFullName_getsItsOwnPlaceholder() {
    String text = "Svensson ringde. Anna Svensson kom sedan.";
    assertThat(MASKER.mask(text).text()).isEqualTo("[PERSON_1] ringde. [PERSON_2] kom sedan.");
  }

  @Test
  void mask_ambiguousSurname_getsItsOwnPlaceholder() {
    String text = "Anna Svensson och Erik Svensson. Svensson svarade.";
    TextMasker m =
        TextMasker.builder()
            .addRecognizer(
                new TestNameRecognizer(
                    java.util.Map.of(
                        "Anna Svensson", EntityType.PERSON,
                        "Erik Svensson", EntityType.PERSON,
                        "Svensson", EntityType.PERSON)))
            .build();
    assertThat(m.mask(text).text()).isEqualTo("[PERSON_1] och [PERSON_2]. [PERSON_3] svarade.");
  }

  @Test
  void mask_genitive_mapsToKnownEntity() {
    String text = "Anna Svensson och Anna Svenssons bil. Svenssons granne. Malmö och Malmös hamn.";
    assertThat(MASKER.mask(text).text())
        .isEqualTo("[PERSON_1] och [PERSON_1] bil. [PERSON_1] granne. [PLACE_1] och [PLACE_1] hamn.");
  }

  @Test
  void mask_ruleIdentifierInsideModelName_ruleWinsAndRestOfNameStaysMasked() {
    //            0         1         2
    //            0123456789012345678901234567
    String text = "Anna 19850101-1234 bor här";
    MaskResult r =
        fixed(model(0, 18, EntityType.PERSON, 0.99), rule(5, 18, EntityType.PERSONNUMMER))
            .mask(text);
    assertThat(r.text()).isEqualTo("[PERSON_1] [PERSONNUMMER_1] bor här");
    assertThat(r.entities()).extracting(MaskedEntity::start, MaskedEntity::end)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 4),
            org.assertj.core.groups.Tuple.tuple(5, 18));
  }

  @Test
  void mask_overlappingModelSpans_longerWins() {
    String text = "Malmö stad beslutade";
    MaskResult r =
        fixed(model(0, 5, EntityType.PLACE, 0.99), model(0, 10, EntityType.ORGANISATION, 0.6))
            .mask(text);
    assertThat(r.text()).isEqualTo("[ORGANISATION_1] beslutade");
  }

  @Test
  void mask_sameLengthDifferentType_higherConfidenceWins() {
    String text = "Kiruna svarade";
    assertThat(
            fixed(model(0, 6, EntityType.PLACE, 0.7), model(0, 6, EntityType.PERSON, 0.8))
                .mask(text)
                .text())
        .isEqualTo("[PERSON_1] svarade");
  }

  @Test
  void mask_partialOverlapDifferentTypes_winnerKeptAndRemainderMasked() {
    String text = "Anna Svensson AB köpte";
    MaskResult r =
        fixed(model(0, 13, EntityType.PERSON, 0.9), model(5, 16, EntityType.ORGANISATION, 0.9))
            .mask(text);
    assertThat(r.text()).isEqualTo("[PERSON_1] [ORGANISATION_1] köpte");
  }

  @Test
  void mask_nestedAndOverlappingSameType_mergedIntoUnion() {
    String text = "Karin Maria Lindqvist var där";
    MaskResult r =
        fixed(
                model(0, 11, EntityType.PERSON, 0.6),
                model(6, 21, EntityType.PERSON, 0.9),
                model(6, 11, EntityType.PERSON, 0.5))
            .mask(text);
    assertThat(r.text()).isEqualTo("[PERSON_1] var där");
    assertThat(r.entities().get(0).confidence()).isEqualTo(0.9);
  }

  @Test
  void mask_adjacentNameTokens_mergedButNotAcrossPunctuationOrLines() {
    String text = "Anna Svensson, Erik\nJohansson";
    MaskResult r =
        fixed(
                model(0, 4, EntityType.PERSON, 0.9),
                model(5, 13, EntityType.PERSON, 0.9),
                model(15, 19, EntityType.PERSON, 0.9),
                model(20, 29, EntityType.PERSON, 0.9))
            .mask(text);
    assertThat(r.text()).isEqualTo("[PERSON_1], [PERSON_2]\n[PERSON_3]");
  }

  @Test
  void mask_adjacentIdentifiersOfSameType_notMergedAcrossSpace() {
    String text = "850101-1234 900202-5678";
    assertThat(MASKER.mask(text).text()).isEqualTo("[PERSONNUMMER_1] [PERSONNUMMER_2]");
  }

  @Test
  void mask_enabledTypes_onlyThoseAreMasked() {
    TextMasker m =
        TextMasker.builder()
            .addRecognizer(new TestEmailRecognizer())
            .addRecognizer(new TestNameRecognizer())
            .enabledTypes(Set.of(EntityType.EMAIL))
            .build();
    assertThat(m.mask("Anna Svensson <anna@example.se>").text()).isEqualTo("Anna Svensson <[EMAIL_1]>");
    assertThat(m.maskedTypes()).containsExactly(EntityType.EMAIL);
  }

  @Test
  void mask_requestTypes_narrowButNeverWiden() {
    TextMasker m =
        TextMasker.builder()
            .addRecognizer(new TestEmailRecognizer())
            .addRecognizer(new TestNameRecognizer())
            .enabledTypes(Set.of(EntityType.PERSON, EntityType.EMAIL))
            .build();
    String text = "Anna Svensson <anna@example.se> i Malmö";
    assertThat(m.mask(text, Set.of(EntityType.PERSON, EntityType.PLACE)).text())
        .isEqualTo("[PERSON_1] <anna@example.se> i Malmö");
  }

  @Test
  void mask_typeOnlyStyle_hidesNumbersButEntitiesKeepThem() {
    TextMasker m =
        TextMasker.builder()
            .addRecognizer(new TestNameRecognizer())
            .placeholderStyle(PlaceholderStyle.TYPE_ONLY)
            .build();
    MaskResult r = m.mask("Anna Svensson och Erik Johansson");
    assertThat(r.text()).isEqualTo("[PERSON] och [PERSON]");
    assertThat(r.entities()).extracting(MaskedEntity::placeholder)
        .containsExactly("[PERSON_1]", "[PERSON_2]");
    assertThat(r.entities().get(1).maskedStart()).isEqualTo(13);
  }

  @Test
  void mask_emptyTextOrNothingFound_returnsTextUnchanged() {
    assertThat(MASKER.mask("").text()).isEmpty();
    assertThat(MASKER.mask("Inga personuppgifter här.").text()).isEqualTo("Inga personuppgifter här.");
    assertThat(MASKER.mask("Inga personuppgifter här.").entities()).isEmpty();
  }

  @Test
  void mask_resultToString_containsNoText() {
    MaskResult r = MASKER.mask("Anna Svensson, anna@example.se");
    assertThat(r.toString()).doesNotContain("Anna").doesNotContain("example");
    assertThat(r.entities().get(0).toString()).doesNotContain("Anna");
  }

  @Test
  void mask_recognizerSpanOutsideText_throwsIllegalState() {
    TextMasker m = fixed(rule(0, 100, EntityType.EMAIL));
    assertThatThrownBy(() -> m.mask("short"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside the text");
  }

  @Test
  void mask_recognizerThrows_messageDoesNotRepeatItsText() {
    EntityRecognizer bad =
        new EntityRecognizer() {
          @Override
          public String name() {
            return "bad";
          }

          @Override
          public Set<EntityType> types() {
            return Set.of(EntityType.PERSON);
          }

          @Override
          public List<EntitySpan> recognize(String text) {
            throw new RuntimeException("secret " + text);
          }
        };
    TextMasker m = TextMasker.builder().addRecognizer(bad).build();
    assertThatThrownBy(() -> m.mask("Anna"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'bad'")
        .hasMessageNotContaining("Anna");
  }

  @Test
  void builder_invalidValues_rejectedWithNamedParameter() {
    assertThatThrownBy(() -> TextMasker.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recognizers");
    assertThatThrownBy(() -> TextMasker.builder().enabledTypes(Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enabledTypes");
    assertThatThrownBy(() -> TextMasker.builder().addRecognizer(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recognizer");
    assertThatThrownBy(() -> TextMasker.builder().placeholderStyle(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("placeholderStyle");
    assertThatThrownBy(() -> MASKER.mask(null)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Property: with random overlapping spans of random types and sources, the output is sorted and
   * non-overlapping, the masked text is the original with each output span replaced, and every
   * letter or digit covered by some input span is covered by some output span (nothing leaks).
   */
  @Test
  void mask_randomOverlappingSpans_nonOverlappingAndNothingFoundLeaks() {
    Random rnd = new Random(42); // test data only
    EntityType[] types = EntityType.values();
    for (int round = 0; round < 500; round++) {
      StringBuilder sb = new StringBuilder();
      int len = 20 + rnd.nextInt(80);
      String alphabet = "abcåäö 0123456789 ,.-\n";
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      List<EntitySpan> spans = new ArrayList<>();
      int n = rnd.nextInt(8);
      for (int i = 0; i < n; i++) {
        int s = rnd.nextInt(len - 1);
        int e = s + 1 + rnd.nextInt(Math.min(15, len - s));
        spans.add(
            new EntitySpan(s, e, types[rnd.nextInt(types.length)],
                rnd.nextBoolean() ? EntitySpan.RULE : EntitySpan.MODEL, rnd.nextDouble()));
      }
      MaskResult r = TextMasker.builder().addRecognizer(new FixedSpansRecognizer(spans)).build()
          .mask(text);
      boolean[] covered = new boolean[len];
      int prevEnd = 0;
      StringBuilder rebuilt = new StringBuilder();
      for (MaskedEntity e : r.entities()) {
        assertThat(e.start()).isGreaterThanOrEqualTo(prevEnd);
        rebuilt.append(text, prevEnd, e.start()).append(e.placeholder());
        prevEnd = e.end();
        for (int i = e.start(); i < e.end(); i++) {
          covered[i] = true;
        }
      }
      rebuilt.append(text.substring(prevEnd));
      assertThat(r.text()).isEqualTo(rebuilt.toString());
      for (EntitySpan s : spans) {
        for (int i = s.start(); i < s.end(); i++) {
          if (Character.isLetterOrDigit(text.charAt(i))) {
            assertThat(covered[i]).as("round %d char %d", round, i).isTrue();
          }
        }
      }
    }
  }

  @Test
  void maskerFactory_serviceLoader_findsRegisteredTestRecognizers() {
    TextMasker m = MaskerFactory.defaultMasker();
    assertThat(m.recognizers()).extracting(EntityRecognizer::name)
        .contains("test-email", "test-personnummer", "test-names");
    assertThat(MaskerFactory.defaultMasker(EnumSet.of(EntityType.EMAIL)).mask("Anna a@b.se").text())
        .isEqualTo("Anna [EMAIL_1]");
  }
}
