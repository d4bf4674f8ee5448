package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Luhn;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A plusgiro (formerly postgiro) number: 2 to 8 digits, the last a Luhn check digit over the
 * others. Written forms: compact ({@code 1234567}), with a hyphen before the check digit
 * ({@code 123456-7}), or with the digits before the hyphen in pairs counted from the right
 * ({@code 12 34 56-7}, {@code 1 23 45-6}, {@code 90 01 22-3}).
 */
public final class Plusgiro {
  private static final Pattern FORM =
      Pattern.compile("\\d{1,2}(?: \\d{2}){1,3}-\\d|\\d{1,7}-\\d|\\d{2,8}");

  private final String digits;

  private Plusgiro(String digits) {
    this.digits = digits;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a valid plusgiro number (message without input)
   */
  public static Plusgiro parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("plusgiro must not be null. Provided value: null");
    }
    String s = input.strip();
    if (!FORM.matcher(s).matches()) {
      throw Text.invalid("plusgiro", "2..8 digits written like 12 34 56-7 or 1234567-8");
    }
    String d = Text.strip(s, " -");
    if (d.length() < 2 || d.length() > 8) {
      throw Text.invalid("plusgiro length", "2..8 digits");
    }
    if (!Luhn.isValid(d)) {
      throw Text.invalid("plusgiro check digit", "the Luhn digit of the preceding digits");
    }
    return new Plusgiro(d);
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<Plusgiro> tryParse(String input) {
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

  /** The digits without separators. */
  public String normalize() {
    return digits;
  }

  /** The written form: pairs from the right, a hyphen before the check digit. */
  public String format() {
    String body = digits.substring(0, digits.length() - 1);
    StringBuilder b = new StringBuilder();
    int first = body.length() % 2 == 0 ? 2 : 1;
    b.append(body, 0, Math.min(first, body.length()));
    for (int i = first; i < body.length(); i += 2) {
      b.append(' ').append(body, i, i + 2);
    }
    return b.append('-').append(digits.charAt(digits.length() - 1)).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plusgiro p && p.digits.equals(digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  @Override
  public String toString() {
    return "Plusgiro[redacted]";
  }
}
