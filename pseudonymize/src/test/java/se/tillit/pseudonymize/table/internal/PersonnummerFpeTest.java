package se.tillit.pseudonymize.table.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersonnummerFpeTest {
  private static final byte[] KEY = new byte[32];
  private static final byte[] OTHER_KEY = new byte[32];

  static {
    new SecureRandom().nextBytes(KEY);
    OTHER_KEY[0] = 7;
  }

  /** A random valid personnummer in one of the accepted forms. */
  static String randomPnr(Random r, int form) {
    LocalDate d = LocalDate.of(1900, 1, 1).plusDays(r.nextInt(73049));
    if (form >= 2) {
      d = LocalDate.of(2000 + d.getYear() % 100, d.getMonthValue(), Math.min(d.getDayOfMonth(), 28));
    }
    boolean coordination = r.nextInt(5) == 0;
    String yymmdd = String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(),
        d.getDayOfMonth() + (coordination ? 60 : 0));
    String nnn = String.format("%03d", r.nextInt(1000));
    int c = PersonnummerFpe.luhnCheckDigit(yymmdd + nnn);
    String century = Integer.toString(d.getYear() / 100);
    switch (form) {
      case 0:
        return century + yymmdd + nnn + c;
      case 1:
        return century + yymmdd + "-" + nnn + c;
      case 2:
        return yymmdd + (r.nextBoolean() ? "-" : "+") + nnn + c;
      default:
        return yymmdd + nnn + c;
    }
  }

  @Test
  void luhnCheckDigit_knownValidNumber() {
    // 811218-9876 is the usual documentation example of a valid personnummer.
    assertThat(PersonnummerFpe.luhnCheckDigit("811218987")).isEqualTo(6);
    assertThat(PersonnummerFpe.isValid("811218-9876")).isTrue();
    assertThat(PersonnummerFpe.isValid("811218-9875")).isFalse();
    assertThat(PersonnummerFpe.isValid("19811218-9876")).isTrue();
    assertThat(PersonnummerFpe.isValid("811278-9873")).isTrue(); // samordningsnummer, day 18 + 60
  }

  @Test
  void encrypt_manyRandomInputs_alwaysValidSameFormAndReversible() {
    PersonnummerFpe fpe = new PersonnummerFpe(KEY, new byte[0]);
    Random r = new Random(42); // test data only; keys come from SecureRandom
    for (int i = 0; i < 5000; i++) {
      String in = randomPnr(r, i % 4);
      assertThat(PersonnummerFpe.isValid(in)).as("generated input %s", in).isTrue();
      String out = fpe.encrypt(in);
      assertThat(PersonnummerFpe.isValid(out)).as("output for %s", in).isTrue();
      assertThat(out).hasSameSizeAs(in);
      assertThat(out.replaceAll("[0-9]", "9")).isEqualTo(in.replaceAll("[0-9]", "9"));
      int dayIn = Integer.parseInt(in.substring(in.length() - (in.length() % 2 == 1 ? 7 : 6), in.length() - (in.length() % 2 == 1 ? 5 : 4)));
      int dayOut = Integer.parseInt(out.substring(out.length() - (out.length() % 2 == 1 ? 7 : 6), out.length() - (out.length() % 2 == 1 ? 5 : 4)));
      assertThat(dayOut > 60).as("samordningsnummer kept for %s", in).isEqualTo(dayIn > 60);
      assertThat(fpe.decrypt(out)).isEqualTo(in);
      assertThat(fpe.encrypt(in)).isEqualTo(out);
    }
  }

  @Test
  void encrypt_differentKeys_differentOutputs() {
    PersonnummerFpe a = new PersonnummerFpe(KEY, new byte[0]);
    PersonnummerFpe b = new PersonnummerFpe(OTHER_KEY, new byte[0]);
    int same = 0;
    Random r = new Random(1);
    for (int i = 0; i < 200; i++) {
      String in = randomPnr(r, 1);
      if (a.encrypt(in).equals(b.encrypt(in))) {
        same++;
      }
    }
    assertThat(same).isLessThan(3);
  }

  @Test
  void encrypt_invalidInput_throwsWithoutValue() {
    PersonnummerFpe fpe = new PersonnummerFpe(KEY, new byte[0]);
    for (String bad : new String[] {"811218-9875", "811318-9876", "12345", "81121x-9876", "811218*9876"}) {
      assertThatThrownBy(() -> fpe.encrypt(bad))
          .isInstanceOf(PersonnummerFpe.InvalidPersonnummerException.class)
          .message()
          .doesNotContain(bad)
          .doesNotContain("9876");
    }
    String old = "18900101-001" + PersonnummerFpe.luhnCheckDigit("900101001");
    assertThatThrownBy(() -> fpe.encrypt(old)).hasMessageContaining("range");
  }
}
