package se.tillit.pseudonymize.identifiers.internal;

/**
 * The Luhn (mod 10) check used by personnummer, organisationsnummer, bankgiro and plusgiro: from
 * the right, every second digit is doubled (subtracting 9 when the product exceeds 9) and the sum
 * must be a multiple of 10.
 */
public final class Luhn {
  private Luhn() {}

  /** True when {@code digits} (ASCII digits only, check digit last) passes the Luhn check. */
  public static boolean isValid(CharSequence digits) {
    int n = digits.length();
    if (n < 2) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = n - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** The check digit to append to {@code payload} (ASCII digits) so that the result is valid. */
  public static int checkDigit(CharSequence payload) {
    int sum = 0;
    boolean dbl = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (d < 0 || d > 9) {
        throw new IllegalArgumentException(
            "payload must contain ASCII digits only. Provided value: a non-digit at index " + i);
      }
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }
}
