package se.tillit.pseudonymize.identifiers;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Patterns;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * An e-mail address in the common dot-atom form: local part of letters (any script, so
 * {@code åsa.öberg}), digits and {@code ._%+-} without leading, trailing or doubled dots, at most
 * 64 characters; a domain of at least two labels of letters, digits and inner hyphens, the last
 * (top-level) label at least two letters; at most 254 characters in all. Quoted local parts and
 * IP-literal domains are not accepted.
 */
public final class Email {
  private static final Pattern FORM =
      Pattern.compile("(" + Patterns.EMAIL.replace("@", ")@(") + ")");

  private final String local;
  private final String domain;

  private Email(String local, String domain) {
    this.local = local;
    this.domain = domain;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not an e-mail address (message without input)
   */
  public static Email parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("e-mail address must not be null. Provided value: null");
    }
    String s = input.strip();
    Matcher m = FORM.matcher(s);
    if (!m.matches() || s.length() > 254 || m.group(1).length() > 64) {
      throw Text.invalid("e-mail address", "local@domain.tld in dot-atom form");
    }
    return new Email(m.group(1), m.group(2).toLowerCase(Locale.ROOT));
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<Email> tryParse(String input) {
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

  /** The address with the domain in lower case (the local part is kept as written). */
  public String normalize() {
    return local + "@" + domain;
  }

  /** The domain, lower case. */
  public String domain() {
    return domain;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Email e && e.normalize().equals(normalize());
  }

  @Override
  public int hashCode() {
    return normalize().hashCode();
  }

  @Override
  public String toString() {
    return "Email[redacted]";
  }
}
