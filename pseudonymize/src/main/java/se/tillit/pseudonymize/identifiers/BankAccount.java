package se.tillit.pseudonymize.identifiers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A Swedish bank account number: a clearing number and an account number. Only the format is
 * checked (the banks' per-clearing-range check-digit rules are not).
 *
 * <p>Clearing number: four digits, first digit 1..9, or for Swedbank five digits {@code 8NNN-N}.
 * Account number: 6 to 10 digits, optionally grouped by single spaces or hyphens. Separator between
 * them: a hyphen, a space, or a comma (optionally followed by a space). Examples:
 * {@code 5000-1234567}, {@code 6789-123 456 789}, {@code 8327-9, 123 456 789-0},
 * {@code 3300-7001011234}.
 */
public final class BankAccount {
  private static final Pattern FORM =
      Pattern.compile("(8\\d{3}-\\d|[1-9]\\d{3})(?:-|,\\s?|\\s)(\\d(?:[ -]?\\d){5,9})");

  private final String clearing;
  private final String account;

  private BankAccount(String clearing, String account) {
    this.clearing = clearing;
    this.account = account;
  }

  /**
   * Parses {@code input}.
   *
   * @throws IllegalArgumentException if it is not a well-formed account (message without input)
   */
  public static BankAccount parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("bank account must not be null. Provided value: null");
    }
    Matcher m = FORM.matcher(input.strip());
    if (!m.matches()) {
      throw Text.invalid(
          "bank account", "a clearing number (NNNN or 8NNN-N) and an account number of 6..10 digits");
    }
    return new BankAccount(Text.strip(m.group(1), "-"), Text.strip(m.group(2), " -"));
  }

  /** Like {@link #parse}, but empty instead of an exception. */
  public static Optional<BankAccount> tryParse(String input) {
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

  /** The clearing number, 4 or 5 digits. */
  public String clearingNumber() {
    return clearing;
  }

  /** The account number, digits only. */
  public String accountNumber() {
    return account;
  }

  /** The form {@code clearing-account}, digits only on each side. */
  public String normalize() {
    return clearing + "-" + account;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BankAccount b && b.clearing.equals(clearing) && b.account.equals(account);
  }

  @Override
  public int hashCode() {
    return normalize().hashCode();
  }

  @Override
  public String toString() {
    return "BankAccount[redacted]";
  }
}
