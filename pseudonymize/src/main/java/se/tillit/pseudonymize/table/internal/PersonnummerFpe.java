package se.tillit.pseudonymize.table.internal;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Format-preserving encryption of Swedish personnummer and samordningsnummer with FF1.
 *
 * <p>Design: the birth date and the three-digit serial number are encrypted together. The pair is
 * numbered as {@code dayIndex * 1000 + serial}, where {@code dayIndex} counts days from the start
 * of a fixed date range, and FF1 (8 decimal digits, cycle walking) permutes that numbering. The
 * result is decoded back to a date and a serial, and the Luhn check digit is recomputed. So every
 * output is a well-formed number with a real calendar date and a valid check digit, and the
 * mapping is a bijection that the key holder can invert.
 *
 * <p>Trade-off: the output birth date is unrelated to the real one, so age cannot be read from
 * the pseudonym (good for privacy; keep a generalised age column if analysts need age). Keeping
 * the real birth date and encrypting only the serial would leave a domain of 1000 values per day,
 * far below the 10^6 minimum of SP 800-38G Rev. 1, and would leak the birth date.
 *
 * <p>Form is preserved: 12 digits stay 12 digits (date range 1900-01-01 to 2099-12-31), 10 digits
 * stay 10 digits with the same separator ({@code -}, {@code +} or none; two-digit years are read
 * in the range 2000-2099 for calendar validity, which accepts every real YYMMDD). A samordningsnummer
 * (day + 60) stays a samordningsnummer. The 10- and 12-digit forms of one number map to different
 * pseudonyms. Not thread-safe.
 */
public final class PersonnummerFpe {
  private static final LocalDate LONG_START = LocalDate.of(1900, 1, 1);
  private static final LocalDate LONG_END = LocalDate.of(2099, 12, 31);
  private static final LocalDate SHORT_START = LocalDate.of(2000, 1, 1);
  private static final LocalDate SHORT_END = LocalDate.of(2099, 12, 31);
  private static final int DIGITS = 8;

  private final Ff1 ff1;

  /** Thrown for a value that is not a valid personnummer; the message never holds the value. */
  public static final class InvalidPersonnummerException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidPersonnummerException(String reason) {
      super(reason);
    }
  }

  public PersonnummerFpe(byte[] key, byte[] tweak) {
    this.ff1 = new Ff1(key, 10, tweak);
  }

  public String encrypt(String value) {
    return transform(value, true);
  }

  public String decrypt(String value) {
    return transform(value, false);
  }

  private String transform(String value, boolean encrypt) {
    Parsed p = parse(value);
    LocalDate start = p.longForm ? LONG_START : SHORT_START;
    LocalDate end = p.longForm ? LONG_END : SHORT_END;
    if (p.date.isBefore(start) || p.date.isAfter(end)) {
      throw new InvalidPersonnummerException(
          "personnummer birth date outside the supported range " + start + " to " + end);
    }
    long days = end.toEpochDay() - start.toEpochDay() + 1;
    long bound = days * 1000;
    long index = (p.date.toEpochDay() - start.toEpochDay()) * 1000 + p.serial;
    long mapped = encrypt ? ff1.encryptBelow(index, bound, DIGITS) : ff1.decryptBelow(index, bound, DIGITS);
    LocalDate date = start.plusDays(mapped / 1000);
    int serial = (int) (mapped % 1000);
    return format(date, serial, p);
  }

  private static String format(LocalDate date, int serial, Parsed p) {
    int day = date.getDayOfMonth() + (p.coordination ? 60 : 0);
    String yymmdd =
        two(date.getYear() % 100) + two(date.getMonthValue()) + two(day);
    String nnn = String.format("%03d", serial);
    int check = luhnCheckDigit(yymmdd + nnn);
    StringBuilder sb = new StringBuilder(13);
    if (p.longForm) {
      sb.append(date.getYear() / 100);
    }
    sb.append(yymmdd);
    if (p.separator != 0) {
      sb.append(p.separator);
    }
    return sb.append(nnn).append(check).toString();
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  /** Luhn check digit of nine digits (weights 2,1,2,...), as used for personnummer. */
  public static int luhnCheckDigit(CharSequence nineDigits) {
    int sum = 0;
    for (int i = 0; i < nineDigits.length(); i++) {
      int d = nineDigits.charAt(i) - '0';
      int p = (i % 2 == 0) ? d * 2 : d;
      sum += p > 9 ? p - 9 : p;
    }
    return (10 - sum % 10) % 10;
  }

  /** True if the value is a well-formed personnummer or samordningsnummer with a valid check digit. */
  public static boolean isValid(String value) {
    try {
      parse(value);
      return true;
    } catch (InvalidPersonnummerException e) {
      return false;
    }
  }

  private record Parsed(LocalDate date, int serial, boolean longForm, char separator, boolean coordination) {}

  private static Parsed parse(String value) {
    String v = value.strip();
    int n = v.length();
    boolean longForm;
    char sep = 0;
    String digits;
    if (n == 13 || n == 11) {
      sep = v.charAt(n - 5);
      if (sep != '-' && sep != '+') {
        throw new InvalidPersonnummerException("personnummer separator must be '-' or '+'");
      }
      digits = v.substring(0, n - 5) + v.substring(n - 4);
      longForm = n == 13;
    } else if (n == 12 || n == 10) {
      digits = v;
      longForm = n == 12;
    } else {
      throw new InvalidPersonnummerException(
          "personnummer must have 10 or 12 digits (optionally with '-' or '+' before the last four)");
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidPersonnummerException("personnummer must contain only digits and one separator");
      }
    }
    String ten = longForm ? digits.substring(2) : digits;
    int year = longForm ? Integer.parseInt(digits.substring(0, 4)) : 2000 + Integer.parseInt(ten.substring(0, 2));
    int month = Integer.parseInt(ten.substring(2, 4));
    int day = Integer.parseInt(ten.substring(4, 6));
    boolean coordination = day > 60;
    if (coordination) {
      day -= 60;
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new InvalidPersonnummerException("personnummer does not contain a valid date");
    }
    if (luhnCheckDigit(ten.substring(0, 9)) != ten.charAt(9) - '0') {
      throw new InvalidPersonnummerException("personnummer check digit is wrong");
    }
    return new Parsed(date, Integer.parseInt(ten.substring(6, 9)), longForm, sep, coordination);
  }
}
