package se.tillit.pseudonymize.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);

  private static Clock at(String date) {
    return Clock.fixed(Instant.parse(date + "T12:00:00Z"), ZoneOffset.UTC);
  }

  // Personnummer. 811218-9876 and 701063-2391 are Skatteverket's published examples.

  @Test
  void personnummer_tenDigitsWithDash_normalizesAndFormats() {
    Personnummer p = Personnummer.parse("811218-9876", CLOCK);
    assertThat(p.normalize()).isEqualTo("198112189876");
    assertThat(p.format10()).isEqualTo("811218-9876");
    assertThat(p.format12()).isEqualTo("19811218-9876");
    assertThat(p.century()).isEqualTo(19);
    assertThat(p.birthDate()).isEqualTo(LocalDate.of(1981, 12, 18));
    assertThat(p.isMale()).isTrue();
    assertThat(p.kind()).isEqualTo(Personnummer.Kind.PERSONNUMMER);
  }

  @Test
  void personnummer_plusSeparator_meansHundredOrOlder() {
    Personnummer p = Personnummer.parse("121212+1212", CLOCK);
    assertThat(p.birthDate()).isEqualTo(LocalDate.of(1912, 12, 12));
    assertThat(p.format10()).isEqualTo("121212+1212");
    assertThat(Personnummer.parse("121212-1212", CLOCK).birthDate().getYear()).isEqualTo(2012);
    assertThat(Personnummer.parse("191212121212", CLOCK).format10()).isEqualTo("121212+1212");
  }

  @Test
  void personnummer_centuryFollowsTheClock() {
    // born 12 December: on 1 December 2012 a "121212-" holder must be from 1912
    assertThat(Personnummer.parse("121212-1212", at("2012-12-01")).century()).isEqualTo(19);
    assertThat(Personnummer.parse("121212-1212", at("2012-12-12")).century()).isEqualTo(20);
  }

  @Test
  void personnummer_samordningsnummer_dayMinusSixty() {
    Personnummer p = Personnummer.parse("701063-2391", CLOCK);
    assertThat(p.isSamordningsnummer()).isTrue();
    assertThat(p.kind()).isEqualTo(Personnummer.Kind.SAMORDNINGSNUMMER);
    assertThat(p.birthDate()).isEqualTo(LocalDate.of(1970, 10, 3));
    assertThat(p.normalize()).isEqualTo("197010632391");
  }

  @Test
  void personnummer_leapDay_onlyInLeapYears() {
    assertThat(Personnummer.isValid("20000229-2399", CLOCK)).isTrue();
    // 1900 is not a leap year; the check digit is right, the date is not
    assertThat(Personnummer.isValid("19000229-2392", CLOCK)).isFalse();
  }

  @Test
  void personnummer_badInput_rejectedWithoutEchoingIt() {
    for (String bad :
        new String[] {
          "811218-9877", "811318-9876", "811232-9876", "8112189876x", "81121-89876",
          "811218 9876", "171218-9876x", "", "151218-0006", "99999999-9999"
        }) {
      assertThat(Personnummer.isValid(bad, CLOCK)).as(bad).isFalse();
    }
    assertThatThrownBy(() -> Personnummer.parse("811218-9877", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("811218")
        .hasMessageContaining("check digit");
    assertThat(Personnummer.parse("811218-9876", CLOCK).toString()).doesNotContain("8112");
  }

  @Test
  void personnummer_wellFormed_ignoresOnlyTheCheckDigit() {
    assertThat(Personnummer.isWellFormed("811218-9877", CLOCK)).isTrue();
    assertThat(Personnummer.isWellFormed("811318-9877", CLOCK)).isFalse();
  }

  @Test
  void personnummer_interim_letterCountsAsOne() {
    Personnummer p = Personnummer.parse("751103-W119", CLOCK);
    assertThat(p.isInterim()).isTrue();
    assertThat(p.normalize()).isEqualTo("19751103W119");
    assertThat(Personnummer.isValid("751103-W118", CLOCK)).isFalse();
    assertThat(Personnummer.isValid("751103-A119", CLOCK)).isFalse();
  }

  // Organisationsnummer. 556036-0793 and 212000-0142 are published organisation numbers.

  @Test
  void organisationsnummer_forms_acceptedAndNormalized() {
    for (String s :
        new String[] {"556036-0793", "5560360793", "165560360793", "16556036-0793", "16-556036-0793"}) {
      Organisationsnummer o = Organisationsnummer.parse(s);
      assertThat(o.normalize()).isEqualTo("5560360793");
      assertThat(o.format()).isEqualTo("556036-0793");
      assertThat(o.format12()).isEqualTo("165560360793");
      assertThat(o.groupDigit()).isEqualTo(5);
    }
    assertThat(Organisationsnummer.isValid("212000-0142")).isTrue();
  }

  @Test
  void organisationsnummer_thirdDigitBelowTwoOrBadCheck_rejected() {
    assertThat(Organisationsnummer.isValid("811218-9876")).isFalse(); // a personnummer
    assertThat(Organisationsnummer.isValid("556036-0794")).isFalse();
    assertThat(Organisationsnummer.isValid("176036-0793")).isFalse();
    assertThat(Organisationsnummer.isWellFormed("556036-0794")).isTrue();
  }

  // IBAN examples: SWIFT IBAN registry, as listed in skwasjer/IbanNet SupportedRegions.md.

  @Test
  void iban_registryExamples_valid() {
    for (String s :
        new String[] {
          "SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466",
          "se45 5000 0000 0583 9825 7466", "DE89 3704 0044 0532 0130 00",
          "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606",
          "NO93 8601 1117 947", "DK50 0040 0440 1162 43", "FI21 1234 5600 0007 85",
          "NL91 ABNA 0417 1643 00", "ES91 2100 0418 4502 0005 1332", "BE68 5390 0754 7034"
        }) {
      assertThat(Iban.isValid(s)).as(s).isTrue();
    }
    Iban i = Iban.parse("SE45 5000 0000 0583 9825 7466");
    assertThat(i.normalize()).isEqualTo("SE4550000000058398257466");
    assertThat(i.formatPrint()).isEqualTo("SE45 5000 0000 0583 9825 7466");
    assertThat(i.countryCode()).isEqualTo("SE");
    assertThat(Iban.lengthFor("SE")).isEqualTo(24);
  }

  @Test
  void iban_wrongCheckLengthOrCountry_rejected() {
    assertThat(Iban.isValid("SE46 5000 0000 0583 9825 7466")).isFalse();
    assertThat(Iban.isValid("SE45 5000 0000 0583 9825 746")).isFalse();
    assertThat(Iban.isValid("XX45 5000 0000 0583 9825 7466")).isFalse();
    assertThat(Iban.isValid("SE45  5000 0000 0583 9825 7466")).isFalse();
  }

  @Test
  void bankgiro_sevenAndEightDigits_luhnChecked() {
    assertThat(Bankgiro.parse("5050-1055").normalize()).isEqualTo("50501055");
    assertThat(Bankgiro.parse("991-2346").format()).isEqualTo("991-2346");
    assertThat(Bankgiro.isValid("50501055")).isTrue();
    assertThat(Bankgiro.isValid("5050-1056")).isFalse();
    assertThat(Bankgiro.isValid("50-501055")).isFalse();
    assertThat(Bankgiro.isValid("0991-2346")).isFalse();
  }

  @Test
  void plusgiro_pairsFromTheRight_luhnChecked() {
    assertThat(Plusgiro.parse("90 01 22-3").normalize()).isEqualTo("9001223");
    assertThat(Plusgiro.parse("9001223").format()).isEqualTo("90 01 22-3");
    assertThat(Plusgiro.parse("900122-3").format()).isEqualTo("90 01 22-3");
    assertThat(Plusgiro.parse("1234567-4").format()).isEqualTo("1 23 45 67-4");
    assertThat(Plusgiro.isValid("29765-5")).isTrue();
    assertThat(Plusgiro.isValid("90 01 22-4")).isFalse();
    assertThat(Plusgiro.isValid("9 001 22-3")).isFalse();
    assertThat(Plusgiro.isValid("123456789-7")).isFalse();
  }

  @Test
  void bankAccount_commonForms_parsed() {
    assertThat(BankAccount.parse("5000-1234567").normalize()).isEqualTo("5000-1234567");
    assertThat(BankAccount.parse("6789-123 456 789").accountNumber()).isEqualTo("123456789");
    BankAccount swedbank = BankAccount.parse("8327-9, 123 456 789-0");
    assertThat(swedbank.clearingNumber()).isEqualTo("83279");
    assertThat(swedbank.accountNumber()).isEqualTo("1234567890");
    assertThat(BankAccount.isValid("3300-8112189876")).isTrue();
    assertThat(BankAccount.isValid("0300-1234567")).isFalse();
    assertThat(BankAccount.isValid("5000-12345")).isFalse();
  }

  @Test
  void phoneNumber_nationalAndInternational_normalizedToE164() {
    String[][] cases = {
      {"070-123 45 67", "+46701234567"}, {"0701234567", "+46701234567"},
      {"+46 70 123 45 67", "+46701234567"}, {"+46 (0)70-123 45 67", "+46701234567"},
      {"0046 70 123 45 67", "+46701234567"}, {"08-123 456 78", "+46812345678"},
      {"031-12 34 56", "+4631123456"}, {"0480-123 45", "+4648012345"},
      {"(08) 123 456 78", "+46812345678"}
    };
    for (String[] c : cases) {
      assertThat(PhoneNumber.parse(c[0]).normalize()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(PhoneNumber.parse("070-123 45 67").isMobile()).isTrue();
    assertThat(PhoneNumber.parse("08-123 456 78").isMobile()).isFalse();
    for (String bad : new String[] {"070-123 45 6", "12345678", "08-12", "+47 22 33 44 55", "070 12a"}) {
      assertThat(PhoneNumber.isValid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void email_commonAndSwedishLetters_acceptedAndDomainLowerCased() {
    assertThat(Email.parse("Anna.Andersson@Kommun.SE").normalize())
        .isEqualTo("Anna.Andersson@kommun.se");
    assertThat(Email.isValid("åsa.öberg@örebro.se")).isTrue();
    assertThat(Email.isValid("a+tag@sub.example.org")).isTrue();
    for (String bad : new String[] {"anna@", "@kommun.se", "anna..b@kommun.se", "anna@kommun", "a b@c.se"}) {
      assertThat(Email.isValid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void postalCode_forms_normalizedToSpaced() {
    assertThat(PostalCode.parse("123 45").normalize()).isEqualTo("123 45");
    assertThat(PostalCode.parse("12345").normalize()).isEqualTo("123 45");
    assertThat(PostalCode.parse("SE-851 02").normalize()).isEqualTo("851 02");
    assertThat(PostalCode.isValid("023 45")).isFalse();
    assertThat(PostalCode.isValid("1234")).isFalse();
  }

  @Test
  void streetAddress_streetNumberPostalCity_parsed() {
    StreetAddress a = StreetAddress.parse("Storgatan 12 B, 2 tr, 123 45 Stockholm");
    assertThat(a.street()).isEqualTo("Storgatan");
    assertThat(a.number()).isEqualTo("12 B");
    assertThat(a.postalCode()).contains("123 45");
    assertThat(a.city()).contains("Stockholm");
    for (String s :
        new String[] {
          "Sveavägen 44", "S:t Eriksgatan 5", "Birger Jarls gata 14", "Norra Strandgatan 3",
          "Kyrkogränd 1", "Ekstigen 7", "Slottsbacken 2", "Stortorget 3", "Linnés allé 4",
          "Stureplan 4", "Kungsleden 12", "Ringväg 3", "Storgata 9 lgh 1102",
          "Björkvägen 3, 451 50 Uddevalla", "Parkallén 1, 194 34 Upplands Väsby"
        }) {
      assertThat(StreetAddress.isValid(s)).as(s).isTrue();
    }
    for (String s : new String[] {"Handlingsplan 2", "Vägen 3", "Storgatan", "storgatan 12", "Storgatan 0"}) {
      assertThat(StreetAddress.isValid(s)).as(s).isFalse();
    }
  }
}
