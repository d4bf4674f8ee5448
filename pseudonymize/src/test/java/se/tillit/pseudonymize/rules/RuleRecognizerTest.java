package se.tillit.pseudonymize.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

class RuleRecognizerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
  private static final RuleRecognizer RULES = RuleRecognizer.builder().clock(CLOCK).build();

  /** Expected finding: the n-th occurrence (0-based) of {@code needle} in the text. */
  private record Expect(String needle, int occurrence, EntityType type) {}

  private static Expect e(String needle, EntityType type) {
    return new Expect(needle, 0, type);
  }

  private static Expect e(String needle, int occurrence, EntityType type) {
    return new Expect(needle, occurrence, type);
  }

  /** "start-end TYPE" strings, for readable failure messages. */
  private static List<String> expected(String text, Expect... expects) {
    List<String> out = new ArrayList<>();
    for (Expect x : expects) {
      int at = -1;
      for (int i = 0; i <= x.occurrence(); i++) {
        at = text.indexOf(x.needle(), at + 1);
        assertThat(at).as("test text contains %s", x.needle()).isGreaterThanOrEqualTo(0);
      }
      out.add(at + "-" + (at + x.needle().length()) + " " + x.type() + " " + x.needle());
    }
    return out;
  }

  private static List<String> actual(String text, List<EntitySpan> spans) {
    List<String> out = new ArrayList<>();
    for (EntitySpan s : spans) {
      assertThat(s.source()).isEqualTo(EntitySpan.RULE);
      out.add(s.start() + "-" + s.end() + " " + s.type() + " " + text.substring(s.start(), s.end()));
    }
    return out;
  }

  /** Exactly the expected spans are found: nothing missed, nothing else flagged. */
  private static List<EntitySpan> assertFinds(String text, Expect... expects) {
    List<EntitySpan> spans = RULES.recognize(text);
    assertThat(actual(text, spans)).containsExactlyInAnyOrderElementsOf(expected(text, expects));
    return spans;
  }

  @Test
  void agencyLetter_everyIdentifierFound_ordinaryNumbersLeftAlone() {
    String text =
        """
        Försäkringskassan
        Box 1164, 621 22 Visby
        Dnr 2024/1234-56                                     Datum: 2024-05-01

        Anna Andersson
        Storgatan 12 B, 2 tr, 123 45 Stockholm

        Beslut om bostadsbidrag

        Du ansökte den 12 april 2024 om bostadsbidrag för dig (personnummer 19811218-9876)
        och ditt barn, pnr 121212-1212. Vi har beviljat 1 250 000 kr för perioden, det vill
        säga 12,5 % mer än 2023. Beloppet betalas ut till ditt konto i Swedbank 8327-9, 123 456 789-0
        den 25:e varje månad kl. 14.30.

        Har du frågor? Ring oss på 0771-524 524 eller skriv till anna.andersson@exempel.se.
        Din handläggare nås på tel. 08-123 456 78 eller mobil +46 70 123 45 67.
        Vänliga hälsningar, Försäkringskassan, org.nr 202100-5521
        """;
    assertFinds(
        text,
        e("Box 1164, 621 22 Visby", EntityType.ADDRESS),
        e("621 22", EntityType.POSTAL_CODE),
        e("Storgatan 12 B, 2 tr, 123 45 Stockholm", EntityType.ADDRESS),
        e("123 45", EntityType.POSTAL_CODE),
        e("19811218-9876", EntityType.PERSONNUMMER),
        e("121212-1212", EntityType.PERSONNUMMER),
        e("8327-9, 123 456 789-0", EntityType.BANK_ACCOUNT),
        e("0771-524 524", EntityType.PHONE),
        e("anna.andersson@exempel.se", EntityType.EMAIL),
        e("08-123 456 78", EntityType.PHONE),
        e("+46 70 123 45 67", EntityType.PHONE),
        e("202100-5521", EntityType.ORGANISATIONSNUMMER));
  }
}
