package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Luhn;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A bankgiro number: 7 or 8 digits, the last a Luhn check digit over the others, written
 * {@code NNN-NNNN} or {@code NNNN-NNNN} (or without the hyphen). The first digit is never 0.
 */
public final class Bankgiro {
  private static final Pattern FORM = Pattern.compile("[1-9]\\d{2,3}-?\\d{4}");

  private final String digits;

  private Bankgiro(String digits) {
    this.digits = digits;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a valid bankgiro number (message without input)
   */
  public static Bankgiro parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("bankgiro must not be null. Provided value: null");
    }
    String s = input.strip();
    if (!FORM.matcher(s).matches()) {
      throw Text.invalid("bankgiro", "7 or 8 digits written NNN-NNNN or NNNN-NNNN");
    }
    String d = Text.strip(s, "-");
    if (!Luhn.isValid(d)) {
      throw Text.invalid("bankgiro check digit", "the Luhn digit of the preceding digits");
    }
    return new Bankgiro(d);
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<Bankgiro> tryParse(String input) {
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

  /** The digits without hyphen. */
  public String normalize() {
    return digits;
  }

  /** The written form with a hyphen before the last four digits. */
  public String format() {
    int k = digits.length() - 4;
    return digits.substring(0, k) + "-" + digits.substring(k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bankgiro b && b.digits.equals(digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  @Override
  public String toString() {
    return "Bankgiro[redacted]";
  }
}
