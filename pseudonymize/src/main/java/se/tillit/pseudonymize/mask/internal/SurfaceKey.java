package se.tillit.pseudonymize.mask.internal;

import java.text.Normalizer;
import java.util.Locale;
import se.tillit.pseudonymize.EntityType;

/**
 * The normalised form of an entity's text that decides whether two mentions are the same entity.
 * Keys live only in memory while one document is masked.
 *
 * <ul>
 *   <li>Personnummer, samordningsnummer: the digits; a 12-digit form drops its century, so
 *       {@code 19850101-1234}, {@code 850101-1234} and {@code 8501011234} are one number.
 *   <li>Interim numbers: letters and digits, upper case; 12-character form drops the century.
 *   <li>Phone numbers: the digits in national form: {@code +46 70-123 45 67}, {@code 0046701234567}
 *       and {@code 070-123 45 67} are one number (also {@code +46 (0)70...}).
 *   <li>Organisationsnummer, bankgiro, plusgiro, bank accounts, postal codes: the digits
 *       (organisationsnummer drops a leading {@code 16} of the 12-digit form).
 *   <li>IBAN: letters and digits, upper case.
 *   <li>Everything else (names, places, e-mail, addresses): Unicode NFKC, lower case, runs of
 *       whitespace as one space, trimmed.
 * </ul>
 */
public final class SurfaceKey {
  private SurfaceKey() {}

  public static String of(EntityType type, CharSequence surface) {
    String s = surface.toString();
    String key =
        switch (type) {
          case PERSONNUMMER, SAMORDNINGSNUMMER -> dropCentury(digits(s), 12);
          case INTERIM_NUMBER -> dropCentury(alnumUpper(s), 12);
          case PHONE -> phone(s);
          case ORGANISATIONSNUMMER -> {
            String d = digits(s);
            yield d.length() == 12 && d.startsWith("16") ? d.substring(2) : d;
          }
          case BANKGIRO, PLUSGIRO, BANK_ACCOUNT, POSTAL_CODE -> digits(s);
          case IBAN -> alnumUpper(s);
          default -> "";
        };
    return key.isEmpty() ? text(s) : key;
  }

  /** Generic text normalisation: NFKC, lower case, collapsed whitespace. */
  public static String text(String s) {
    String n =
        (Normalizer.isNormalized(s, Normalizer.Form.NFKC)
                ? s
                : Normalizer.normalize(s, Normalizer.Form.NFKC))
            .toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(n.length());
    boolean space = false;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String dropCentury(String s, int fullLength) {
    return s.length() == fullLength ? s.substring(2) : s;
  }

  private static String digits(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String alnumUpper(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
        b.append(c);
      } else if (c >= 'a' && c <= 'z') {
        b.append((char) (c - 'a' + 'A'));
      }
    }
    return b.toString();
  }

  private static String phone(String s) {
    String trimmed = s.strip();
    String d = digits(trimmed);
    if (trimmed.startsWith("+46")) {
      d = "0" + d.substring(2);
    } else if (d.startsWith("0046")) {
      d = "0" + d.substring(4);
    }
    if (d.startsWith("00")) {
      d = d.substring(1); // +46 (0)70 ... written with the national trunk zero
    }
    return d;
  }
}
