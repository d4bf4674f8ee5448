package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Patterns;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A Swedish street address: a street name with a Swedish street ending ({@code -gatan},
 * {@code -vägen}, {@code -gränd}, {@code -stigen}, {@code -backen}, {@code -torget}, {@code -allén},
 * {@code -plan}, {@code -leden}, {@code -väg}, {@code -gata}, ...) or a multi-word name ending in a
 * street word ({@code Birger Jarls gata}), a house number (1..999) with optional entrance letter,
 * optional floor or flat ({@code 2 tr}, {@code lgh 1102}), and optionally a postal code and a city:
 * {@code Storgatan 12 B, 2 tr, 123 45 Stockholm}.
 *
 * <p>This is a shape check, not a lookup in a street register; ordinary compounds with the same
 * endings ({@code Handlingsplan 2}) are rejected from a list.
 */
public final class StreetAddress {
  private static final Pattern FORM = Pattern.compile(Patterns.streetAddress());

  private final String street;
  private final String number;
  private final String postalCode;
  private final String city;

  private StreetAddress(String street, String number, String postalCode, String city) {
    this.street = street;
    this.number = number;
    this.postalCode = postalCode;
    this.city = city;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a street address (message without input)
   */
  public static StreetAddress parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("street address must not be null. Provided value: null");
    }
    Matcher m = FORM.matcher(input.strip());
    if (!m.matches() || Patterns.isOrdinaryStreetWord(m.group("street"))) {
      throw Text.invalid("street address", "a street name, a house number, optionally postal code and city");
    }
    String postal = m.group("postal");
    return new StreetAddress(
        m.group("street"),
        m.group("number"),
        postal == null ? null : PostalCode.parse(postal).normalize(),
        m.group("city"));
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<StreetAddress> tryParse(String input) {
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

  /** The street name as written, e.g. {@code Storgatan}. */
  public String street() {
    return street;
  }

  /** The house number with any entrance letter, as written, e.g. {@code 12 B}. */
  public String number() {
    return number;
  }

  /** The postal code as {@code NNN NN}, if given. */
  public Optional<String> postalCode() {
    return Optional.ofNullable(postalCode);
  }

  /** The city, if given. */
  public Optional<String> city() {
    return Optional.ofNullable(city);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreetAddress a
        && a.street.equals(street)
        && a.number.equals(number)
        && java.util.Objects.equals(a.postalCode, postalCode)
        && java.util.Objects.equals(a.city, city);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(street, number, postalCode, city);
  }

  @Override
  public String toString() {
    return "StreetAddress[redacted]";
  }
}
