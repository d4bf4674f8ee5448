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

  @Test
  void caseNote_samordningsInterimAndTwelveDigitForms_found() {
    String text =
        """
        Journalanteckning 2025-03-14, ärende 4711/25

        Klienten, samordningsnummer 701063-2391, besökte mottagningen kl 09:15 tillsammans med
        sin bror (19121212+1212) och en kollega med interimsnummer 751103-W119 samt
        900523-T213. Klientens dotter har personnummer 200002292399 och sonen 0002292399.
        Adress enligt folkbokföringen: Sveavägen 44, 113 50 Stockholm. Klienten bor på
        Drottninggatan sedan 2019. Nytt mobilnummer 0701234567, e-post åsa.öberg@örebro.se.
        Vikten var 72,5 kg och blodtrycket 120/80. Nästa besök 2025-04-01 kl. 10.30.
        """;
    List<EntitySpan> spans =
        assertFinds(
            text,
            e("701063-2391", EntityType.SAMORDNINGSNUMMER),
            e("19121212+1212", EntityType.PERSONNUMMER),
            e("751103-W119", EntityType.INTERIM_NUMBER),
            e("900523-T213", EntityType.INTERIM_NUMBER),
            e("200002292399", EntityType.PERSONNUMMER),
            e("0002292399", 1, EntityType.PERSONNUMMER),
            e("Sveavägen 44, 113 50 Stockholm", EntityType.ADDRESS),
            e("113 50", EntityType.POSTAL_CODE),
            e("Drottninggatan", EntityType.ADDRESS),
            e("0701234567", EntityType.PHONE),
            e("åsa.öberg@örebro.se", EntityType.EMAIL));
    assertThat(spans)
        .filteredOn(s -> s.type() == EntityType.PERSONNUMMER)
        .allMatch(s -> s.confidence() == 1.0);
  }

  @Test
  void meetingMinutes_giroIbanAndContactDetails_found() {
    String text =
        """
        Protokoll fört vid styrelsemöte i Föreningen Grannhjälpen, org.nr 802479-6123
        Tid: 2024-11-05 kl. 18.00–20.15. Plats: Stora salen, Kyrkogränd 1, Uppsala.

        § 1 Kassören redogjorde för ekonomin: intäkter 45 300 kr, kostnader 38 950 kr,
        en ökning med 3,2 procent. Medlemsavgiften (250 kr) betalas till bankgiro 5050-1055
        eller plusgiro 90 01 22-3. Utländska givare använder IBAN SE45 5000 0000 0583 9825 7466
        eller DE89 3704 0044 0532 0130 00.
        § 2 Ordföranden Per Nilsson (070-765 43 21, per.nilsson@grannhjalpen.se) valdes om.
        Nästa möte hålls på Ekstigen 7 i Sollentuna den 3 december. Handlingsplan 2 antogs.
        Justeras: Karin Berg, tel 031-12 34 56. Bg 991-2346 avslutas. Pg 1234567-4 behålls.
        """;
    assertFinds(
        text,
        e("802479-6123", EntityType.ORGANISATIONSNUMMER),
        e("Kyrkogränd 1", EntityType.ADDRESS),
        e("5050-1055", EntityType.BANKGIRO),
        e("90 01 22-3", EntityType.PLUSGIRO),
        e("SE45 5000 0000 0583 9825 7466", EntityType.IBAN),
        e("DE89 3704 0044 0532 0130 00", EntityType.IBAN),
        e("070-765 43 21", EntityType.PHONE),
        e("per.nilsson@grannhjalpen.se", EntityType.EMAIL),
        e("Ekstigen 7", EntityType.ADDRESS),
        e("031-12 34 56", EntityType.PHONE),
        e("991-2346", EntityType.BANKGIRO),
        e("1234567-4", EntityType.PLUSGIRO));
  }

  @Test
  void invoice_compactFormsAndPrefixes_found_ocrAndAmountsNot() {
    String text =
        """
        FAKTURA nr 20240517                      Fakturadatum 2024-05-17
        Byggservice i Norr AB, Organisationsnummer 5560360793
        Industrivägen 3, SE-851 02 Sundsvall. Telefon 060-12 34 56, 0046 60 12 34 57
        Kund: Lars Svensson, Linnés allé 4, 41319 Göteborg, kundnummer 4711

        Arbete 12 h à 650 kr                          7 800,00 kr
        Material                                      1 250,50 kr
        Moms 25 %                                     2 262,63 kr
        Att betala                                   11 313,13 SEK
        Betalas senast 2024-06-16 till bankgironummer 50501055, OCR 1234567897.
        Vid frågor: faktura@byggservice.se eller +47 22 33 44 55 (Oslokontoret).
        Återbetalning görs till kundens kontonummer 3300-8112189876 (Nordea personkonto).
        """;
    assertFinds(
        text,
        e("5560360793", EntityType.ORGANISATIONSNUMMER),
        e("Industrivägen 3, SE-851 02 Sundsvall", EntityType.ADDRESS),
        e("SE-851 02", EntityType.POSTAL_CODE),
        e("060-12 34 56", EntityType.PHONE),
        e("0046 60 12 34 57", EntityType.PHONE),
        e("Linnés allé 4, 41319 Göteborg", EntityType.ADDRESS),
        e("41319", EntityType.POSTAL_CODE),
        e("50501055", EntityType.BANKGIRO),
        e("faktura@byggservice.se", EntityType.EMAIL),
        e("+47 22 33 44 55", EntityType.PHONE),
        e("3300-8112189876", EntityType.BANK_ACCOUNT),
        e("8112189876", EntityType.PERSONNUMMER));
  }

  @Test
  void ordinaryText_datesAmountsCaseNumbersTimesPercentages_notFlagged() {
    String text =
        """
        År 2024 ökade kostnaderna med 12,5 % till 1 250 000 kr (SEK 1 250 000). Mål nr T 1234-23
        och Dnr 2024/1234 avgjordes 2024-05-01 respektive 01.05.2024 kl. 14:30 och 08.15.
        Budgeten för 2025–2027 är 3 400 000 kronor, varav 45 000 till planen. Telefontid 9–12.
        Handlingsplan 2 och Översiktsplan 2030 antogs. Vägen 3 km bort stängs 20240501.
        Vi gick 100 meter. Lagen (2010:110) gäller. Tabell 3.2, sidan 123 45 rader. Ref 556677.
        Rapport 1/2024, bilaga 12-14, version 2.3.1, 1 000 000 besökare, 0,5 promille, 99,9 %.
        """;
    assertThat(RULES.recognize(text)).isEmpty();
  }

  @Test
  void checkDigitFails_contextDecidesConfidence() {
    String withContext = "Sökandens personnummer: 19811218-9877.";
    List<EntitySpan> a = RULES.recognize(withContext);
    assertThat(a).singleElement().satisfies(s -> {
      assertThat(s.type()).isEqualTo(EntityType.PERSONNUMMER);
      assertThat(s.confidence()).isEqualTo(0.6);
    });
    List<EntitySpan> b = RULES.recognize("Uppgiften 811218-9877 saknades.");
    assertThat(b).singleElement().satisfies(s -> assertThat(s.confidence()).isEqualTo(0.4));
    assertThat(RULES.recognize("Uppgiften 8112189877 saknades.")).isEmpty();
    assertThat(RULES.recognize("Bankgiro 5050-1056").get(0).confidence()).isEqualTo(0.6);
  }

  @Test
  void vectors_inText_validOnesFoundWithCheckDigitConfidence() {
    String[] valid = {"190905271474", "0905271474", "090527+1474", "19090527+1474",
        "730288-9931", "19730288-9931", "210791-9967", "20000101-T220"};
    for (String v : valid) {
      String text = "Personen med nummer " + v + " kontaktades.";
      assertThat(RULES.recognize(text)).as(v).singleElement().satisfies(s -> {
        assertThat(text.substring(s.start(), s.end())).isEqualTo(v);
        assertThat(s.confidence()).isEqualTo(1.0);
      });
    }
    for (String org : new String[] {"857209-0606", "802005-1952", "855104-0721"}) {
      assertThat(RULES.recognize("Fonden " + org + " svarade.")).singleElement()
          .satisfies(s -> assertThat(s.type()).isEqualTo(EntityType.ORGANISATIONSNUMMER));
    }
  }

  @Test
  void phoneContext_tenDigitsStartingWithZero_isPhoneNotPersonnummer() {
    // 0905271474 is a valid personnummer and also a plausible Umeå number (090-527 14 74)
    assertThat(RULES.recognize("pnr 0905271474").get(0).type()).isEqualTo(EntityType.PERSONNUMMER);
    assertThat(RULES.recognize("tel 0905271474").get(0).type()).isEqualTo(EntityType.PHONE);
  }

  @Test
  void builder_types_filtersOutput_andRejectsBadValues() {
    RuleRecognizer onlyEmail =
        RuleRecognizer.builder().clock(CLOCK).types(EnumSet.of(EntityType.EMAIL)).build();
    assertThat(onlyEmail.recognize("pnr 811218-9876, a@b.se")).singleElement()
        .satisfies(s -> assertThat(s.type()).isEqualTo(EntityType.EMAIL));
    assertThat(RULES.name()).isEqualTo("rules");
    assertThat(RULES.types()).isEqualTo(RuleRecognizer.supportedTypes()).hasSize(12);
    assertThatThrownBy(() -> RuleRecognizer.builder().types(EnumSet.of(EntityType.PERSON)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("types must be");
    assertThatThrownBy(() -> RULES.recognize(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(RULES.recognize("")).isEmpty();
  }
}
