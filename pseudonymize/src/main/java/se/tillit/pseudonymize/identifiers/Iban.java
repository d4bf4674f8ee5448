package se.tillit.pseudonymize.identifiers;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * An International Bank Account Number (ISO 13616) checked with ISO 7064 MOD 97-10.
 *
 * <p>Accepted written forms: the electronic form ({@code SE4550000000058398257466}) and the paper
 * form in groups of four separated by single spaces; letters may be lower case. The country must
 * be in {@link #lengthFor(String)}'s table (the SEPA countries and the other common IBAN
 * countries) and the length must match it. For Sweden the BBAN must also be all digits (3-digit
 * bank code and 17-digit account).
 */
public final class Iban {
  /** IBAN lengths per country, from the SWIFT IBAN registry. */
  private static final Map<String, Integer> LENGTHS =
      Map.ofEntries(
          Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20),
          Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22),
          Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("CH", 21), Map.entry("CR", 22),
          Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18),
          Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("ES", 24), Map.entry("FI", 18),
          Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
          Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
          Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23),
          Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30),
          Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21), Map.entry("LT", 20),
          Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
          Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31),
          Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24),
          Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
          Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SE", 24),
          Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24),
          Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22), Map.entry("VG", 24),
          Map.entry("XK", 20));

  private final String electronic;

  private Iban(String electronic) {
    this.electronic = electronic;
  }

  /**
   * The IBAN length for a two-letter country code, or {@code -1} when the country is not in the
   * table.
   */
  public static int lengthFor(String countryCode) {
    Integer n = countryCode == null ? null : LENGTHS.get(countryCode.toUpperCase(Locale.ROOT));
    return n == null ? -1 : n;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a valid IBAN; the message never contains it
   */
  public static Iban parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("IBAN must not be null. Provided value: null");
    }
    String s = input.strip();
    if (s.contains("  ")) {
      throw Text.invalid("IBAN", "written without double spaces");
    }
    s = Text.strip(s, " ").toUpperCase(Locale.ROOT);
    if (s.length() < 5 || s.length() > 34) {
      throw Text.invalid("IBAN length", "5..34 characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z';
      boolean digit = c >= '0' && c <= '9';
      if (i < 2 ? !letter : (i < 4 ? !digit : !(letter || digit))) {
        throw Text.invalid("IBAN", "two letters, two check digits and an alphanumeric BBAN");
      }
    }
    int expected = lengthFor(s.substring(0, 2));
    if (expected < 0) {
      throw Text.invalid("IBAN country", "one of the IBAN countries known to Tillit");
    }
    if (s.length() != expected) {
      throw Text.invalid("IBAN length", "the length registered for its country");
    }
    if (s.startsWith("SE") && !Text.isDigits(s.substring(4))) {
      throw Text.invalid("Swedish IBAN", "numeric after the country code");
    }
    if (mod97(s) != 1) {
      throw Text.invalid("IBAN check digits", "such that the ISO 7064 MOD 97-10 remainder is 1");
    }
    return new Iban(s);
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<Iban> tryParse(String input) {
    try {
      return Optional.of(parse(input));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** True when {@code input} parses. */
  public static boolean isValid(String input) {
    return tryParse(input).isPresent();
  }

  /** ISO 7064 MOD 97-10 over the rearranged IBAN (first four characters moved to the end). */
  private static int mod97(String s) {
    String r = s.substring(4) + s.substring(0, 4);
    int rem = 0;
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c >= '0' && c <= '9') {
        rem = (rem * 10 + (c - '0')) % 97;
      } else {
        int v = c - 'A' + 10;
        rem = (rem * 100 + v) % 97;
      }
    }
    return rem;
  }

  /** The electronic form: upper case, no spaces. */
  public String normalize() {
    return electronic;
  }

  /** The paper form: groups of four separated by spaces. */
  public String formatPrint() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < electronic.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(electronic, i, Math.min(i + 4, electronic.length()));
    }
    return b.toString();
  }

  /** The two-letter country code. */
  public String countryCode() {
    return electronic.substring(0, 2);
  }

  /** The basic bank account number (everything after the check digits). */
  public String bban() {
    return electronic.substring(4);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Iban other && other.electronic.equals(electronic);
  }

  @Override
  public int hashCode() {
    return electronic.hashCode();
  }

  @Override
  public String toString() {
    return "Iban[" + countryCode() + ", redacted]";
  }
}
