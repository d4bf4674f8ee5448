package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A Swedish postal code: five digits, the first 1..9, written {@code NNN NN} (also accepted:
 * {@code NNNNN} and the prefixes {@code SE-} and {@code S-}).
 */
public final class PostalCode {
  private static final Pattern FORM = Pattern.compile("(?:SE-?|S-)?([1-9]\\d{2}) ?(\\d{2})");

  private final String digits;

  private PostalCode(String digits) {
    this.digits = digits;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a postal code (message without input)
   */
  public static PostalCode parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("postal code must not be null. Provided value: null");
    }
    Matcher m = FORM.matcher(input.strip());
    if (!m.matches()) {
      throw Text.invalid("postal code", "NNN NN with the first digit 1..9");
    }
    return new PostalCode(m.group(1) + m.group(2));
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<PostalCode> tryParse(String input) {
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

  /** The form {@code NNN NN}. */
  public String normalize() {
    return digits.substring(0, 3) + " " + digits.substring(3);
  }

  /** The five digits. */
  public String digits() {
    return digits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PostalCode p && p.digits.equals(digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  @Override
  public String toString() {
    return "PostalCode[redacted]";
  }
}
