package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A Swedish phone number in national form ({@code 08-123 456 78}, {@code 031-12 34 56},
 * {@code 070-123 45 67}, {@code 0701234567}) or international form ({@code +46 70 123 45 67},
 * {@code +46 (0)8-123 456 78}, {@code 0046 70 123 45 67}), normalised to E.164
 * ({@code +46701234567}).
 *
 * <p>Rules: separators are spaces and hyphens (parentheses only around the area code or around a
 * {@code 0} after {@code +46}); the national significant number (without the leading 0) has 7 to
 * 9 digits and starts with 1..9; a number starting with 7 (mobile and other 07x services) has 9.
 */
public final class PhoneNumber {
  private static final Pattern CHARS = Pattern.compile("\\+?[0-9 ()-]+");

  private final String nsn; // national significant number

  private PhoneNumber(String nsn) {
    this.nsn = nsn;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a Swedish phone number (message without input)
   */
  public static PhoneNumber parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("phone number must not be null. Provided value: null");
    }
    String s = input.strip();
    if (!CHARS.matcher(s).matches()) {
      throw Text.invalid("phone number", "digits, spaces, hyphens, parentheses and a leading +");
    }
    String rest;
    if (s.startsWith("+46")) {
      rest = s.substring(3).strip();
      if (rest.startsWith("(0)")) {
        rest = rest.substring(3);
      }
    } else if (s.startsWith("0046")) {
      rest = s.substring(4);
    } else if (s.startsWith("0") || s.startsWith("(0")) {
      rest = s.substring(s.indexOf('0') + 1);
    } else {
      throw Text.invalid("phone number", "national (0...) or international (+46, 0046) form");
    }
    String n = Text.strip(rest, " -()");
    if (!Text.isDigits(n) || n.length() < 7 || n.length() > 9 || n.charAt(0) == '0') {
      throw Text.invalid("phone number", "7..9 digits after the trunk prefix 0, not starting 0");
    }
    if (n.charAt(0) == '7' && n.length() != 9) {
      throw Text.invalid("07x number", "10 digits in national form");
    }
    if (s.indexOf('+', 1) >= 0 || count(s, '(') != count(s, ')') || count(s, '(') > 1) {
      throw Text.invalid("phone number", "at most one pair of parentheses and a single leading +");
    }
    return new PhoneNumber(n);
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        k++;
      }
    }
    return k;
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<PhoneNumber> tryParse(String input) {
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

  /** The E.164 form, e.g. {@code +46701234567}. */
  public String normalize() {
    return "+46" + nsn;
  }

  /** The national form without separators, e.g. {@code 0701234567}. */
  public String nationalDigits() {
    return "0" + nsn;
  }

  /** True for a mobile number (070, 072, 073, 076, 079). */
  public boolean isMobile() {
    return nsn.length() == 9
        && nsn.charAt(0) == '7'
        && "02369".indexOf(nsn.charAt(1)) >= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhoneNumber p && p.nsn.equals(nsn);
  }

  @Override
  public int hashCode() {
    return nsn.hashCode();
  }

  @Override
  public String toString() {
    return "PhoneNumber[redacted]";
  }
}
