package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Luhn;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A Swedish organisation number (organisationsnummer) of a legal person.
 *
 * <p>Accepted written forms: {@code NNNNNNNNNN}, {@code NNNNNN-NNNN}, and the same with the
 * twelve-digit prefix {@code 16} used in some registers ({@code 16NNNNNNNNNN},
 * {@code 16NNNNNN-NNNN}, {@code 16-NNNNNN-NNNN}).
 *
 * <p>Rules (Skatteverket, SKV 709): ten digits; the first digit is the group number (1..9); the
 * third digit is at least 2 (so the "month" is at least 20, which keeps organisation numbers and
 * personnummer apart); the last digit is the Luhn check digit. A sole trader uses their
 * personnummer as organisation number: that is a {@link Personnummer}, not an instance of this
 * class.
 */
public final class Organisationsnummer {
  private static final Pattern FORM = Pattern.compile("(?:16-?)?(\\d{6})-?(\\d{4})");

  private final String digits;

  private Organisationsnummer(String digits) {
    this.digits = digits;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a valid organisation number; the message never
   *     contains the input
   */
  public static Organisationsnummer parse(String input) {
    return parse(input, true);
  }

  /** True when {@code input} has an organisation number's form, whatever its check digit. */
  public static boolean isWellFormed(String input) {
    try {
      parse(input, false);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Organisationsnummer parse(String input, boolean checkLuhn) {
    if (input == null) {
      throw new IllegalArgumentException(
          "organisationsnummer must not be null. Provided value: null");
    }
    Matcher m = FORM.matcher(input.strip());
    if (!m.matches()) {
      throw Text.invalid("organisationsnummer", "10 digits as NNNNNN-NNNN, optionally prefixed 16");
    }
    String d = m.group(1) + m.group(2);
    if (d.charAt(0) == '0') {
      throw Text.invalid("organisationsnummer group digit", "1..9");
    }
    if (d.charAt(2) < '2') {
      throw Text.invalid("organisationsnummer third digit", ">= 2");
    }
    if (checkLuhn && !Luhn.isValid(d)) {
      throw Text.invalid("organisationsnummer check digit", "the Luhn digit of the first nine");
    }
    return new Organisationsnummer(d);
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<Organisationsnummer> tryParse(String input) {
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

  /** The ten digits without separator. */
  public String normalize() {
    return digits;
  }

  /** The form {@code NNNNNN-NNNN}. */
  public String format() {
    return digits.substring(0, 6) + "-" + digits.substring(6);
  }

  /** The twelve-digit register form {@code 16NNNNNNNNNN}. */
  public String format12() {
    return "16" + digits;
  }

  /** The group digit (the first digit), e.g. 5 for an aktiebolag. */
  public int groupDigit() {
    return digits.charAt(0) - '0';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Organisationsnummer other && other.digits.equals(digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  @Override
  public String toString() {
    return "Organisationsnummer[redacted]";
  }
}
