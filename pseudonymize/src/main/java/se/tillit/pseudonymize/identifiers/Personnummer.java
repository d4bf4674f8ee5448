package se.tillit.pseudonymize.identifiers;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.identifiers.internal.Luhn;
import se.tillit.pseudonymize.identifiers.internal.Text;

/**
 * A Swedish personal identity number (personnummer), coordination number (samordningsnummer) or
 * interim number, parsed and validated.
 *
 * <p>Accepted written forms: {@code YYMMDDNNNC}, {@code YYMMDD-NNNC}, {@code YYMMDD+NNNC},
 * {@code YYYYMMDDNNNC}, {@code YYYYMMDD-NNNC} and {@code YYYYMMDD+NNNC}; surrounding white space is
 * ignored, any other separator (a space inside the number, for instance) is rejected.
 *
 * <p>Rules checked (Skatteverket, SKV 704):
 *
 * <ul>
 *   <li>the date is a real calendar date (leap years included); a coordination number has the day
 *       increased by 60 (61..91);
 *   <li>the serial number {@code NNN} is not {@code 000} (never assigned);
 *   <li>the check digit {@code C} is the Luhn digit over the ten-digit form {@code YYMMDDNNN};
 *   <li>in the ten-digit form the century is not written: with {@code -} (or no separator) it is
 *       the one that makes the holder younger than 100 on the reference date, with {@code +} the
 *       one that makes them 100 or older. The reference date comes from a {@link Clock} (the
 *       system clock in Europe/Stockholm unless one is given);
 *   <li>in the twelve-digit form the century must be 18, 19 or 20 and the separator, if any, is
 *       not checked against the age;
 *   <li>an interim number has one of the letters {@code T R S U W X J K L M N} as first serial
 *       character; the letter counts as {@code 1} in the Luhn sum.
 * </ul>
 *
 * <p>Instances are immutable. {@link #toString()} never shows the number.
 */
public final class Personnummer {

  /** What kind of number this is. */
  public enum Kind {
    /** An ordinary personnummer. */
    PERSONNUMMER,
    /** A samordningsnummer (day + 60). */
    SAMORDNINGSNUMMER,
    /** An interim number (a letter as first serial character). */
    INTERIM
  }

  private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
  private static final String INTERIM_LETTERS = "TRSUWXJKLMN";
  private static final Pattern FORM =
      Pattern.compile("(\\d{2})?(\\d{2})(\\d{2})(\\d{2})([-+]?)([0-9TRSUWXJKLMNtrsuwxjklmn])(\\d{2})(\\d)");

  private final int year;
  private final int month;
  private final int writtenDay;
  private final String serial; // three characters, the first may be an interim letter
  private final char check;
  private final LocalDate referenceDate;

  private Personnummer(
      int year, int month, int writtenDay, String serial, char check, LocalDate referenceDate) {
    this.year = year;
    this.month = month;
    this.writtenDay = writtenDay;
    this.serial = serial;
    this.check = check;
    this.referenceDate = referenceDate;
  }

  /** Parses {@code input} with today's date in Sweden as the reference date. */
  public static Personnummer parse(String input) {
    return parse(input, Clock.system(SWEDEN));
  }

  /**
   * Parses {@code input}, taking the reference date for the century of ten-digit forms from
   * {@code clock}.
   *
   * @throws IllegalArgumentException if the input is not a valid number; the message names the
   *     rule that failed and never contains the input
   */
  public static Personnummer parse(String input, Clock clock) {
    return parse(input, clock, true);
  }

  /**
   * True when {@code input} has a personnummer's form, a real date and a serial other than 000,
   * whether or not its check digit is right: a mistyped number still identifies a person.
   */
  public static boolean isWellFormed(String input, Clock clock) {
    try {
      parse(input, clock, false);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Personnummer parse(String input, Clock clock, boolean checkLuhn) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null. Provided value: null");
    }
    if (input == null) {
      throw new IllegalArgumentException("personnummer must not be null. Provided value: null");
    }
    Matcher m = FORM.matcher(input.strip());
    if (!m.matches()) {
      throw Text.invalid(
          "personnummer", "10 or 12 digits as YYMMDD[-+]NNNC or YYYYMMDD[-+]NNNC");
    }
    LocalDate ref = LocalDate.now(clock);
    int yy = Integer.parseInt(m.group(2));
    int month = Integer.parseInt(m.group(3));
    int day = Integer.parseInt(m.group(4));
    boolean plus = "+".equals(m.group(5));
    if (month < 1 || month > 12) {
      throw Text.invalid("personnummer month", "01..12");
    }
    int realDay = day > 60 ? day - 60 : day;
    if (realDay < 1 || realDay > 31) {
      throw Text.invalid("personnummer day", "01..31, or 61..91 for a samordningsnummer");
    }
    int year;
    if (m.group(1) != null) {
      int cc = Integer.parseInt(m.group(1));
      if (cc < 18 || cc > 20) {
        throw Text.invalid("personnummer century", "18, 19 or 20");
      }
      year = cc * 100 + yy;
    } else {
      year = ref.getYear() - Math.floorMod(ref.getYear() - yy, 100);
      if (year == ref.getYear()
          && (month > ref.getMonthValue()
              || (month == ref.getMonthValue() && realDay > ref.getDayOfMonth()))) {
        year -= 100; // born this year but after the reference date: a century earlier
      }
      if (plus) {
        year -= 100;
      }
    }
    try {
      LocalDate.of(year, month, realDay);
    } catch (DateTimeException e) {
      throw Text.invalid("personnummer date", "a real calendar date");
    }
    String serial = m.group(6).toUpperCase(java.util.Locale.ROOT) + m.group(7);
    if ("000".equals(serial)) {
      throw Text.invalid("personnummer serial number", "other than 000");
    }
    char check = m.group(8).charAt(0);
    String ten = twoDigits(yy) + twoDigits(month) + twoDigits(day) + luhnSerial(serial) + check;
    if (checkLuhn && !Luhn.isValid(ten)) {
      throw Text.invalid("personnummer check digit", "the Luhn digit of the first nine digits");
    }
    return new Personnummer(year, month, day, serial, check, ref);
  }

  /** Like {@link #parse(String)}, but empty instead of an exception. */
  public static Optional<Personnummer> tryParse(String input) {
    return tryParse(input, Clock.system(SWEDEN));
  }

  /** Like {@link #parse(String, Clock)}, but empty instead of an exception. */
  public static Optional<Personnummer> tryParse(String input, Clock clock) {
    try {
      return Optional.of(parse(input, clock));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** True when {@code input} parses (reference date: today in Sweden). */
  public static boolean isValid(String input) {
    return tryParse(input).isPresent();
  }

  /** True when {@code input} parses with the reference date from {@code clock}. */
  public static boolean isValid(String input, Clock clock) {
    return tryParse(input, clock).isPresent();
  }

  /** The twelve-character form {@code YYYYMMDDNNNC} (an interim letter is kept). */
  public String normalize() {
    return year + twoDigits(month) + twoDigits(writtenDay) + serial + check;
  }

  /** The ten-digit form {@code YYMMDD-NNNC}, with {@code +} if the holder is 100 or older. */
  public String format10() {
    char sep = isCentenarianOn(referenceDate) ? '+' : '-';
    return twoDigits(year % 100) + twoDigits(month) + twoDigits(writtenDay) + sep + serial + check;
  }

  /** The twelve-digit form {@code YYYYMMDD-NNNC}. */
  public String format12() {
    return year + twoDigits(month) + twoDigits(writtenDay) + "-" + serial + check;
  }

  /** The century, e.g. 19 for someone born in 1957. */
  public int century() {
    return year / 100;
  }

  /** The date of birth (for a samordningsnummer: the written day minus 60). */
  public LocalDate birthDate() {
    return LocalDate.of(year, month, realDay());
  }

  /** The kind of number. */
  public Kind kind() {
    if (isInterim()) {
      return Kind.INTERIM;
    }
    return isSamordningsnummer() ? Kind.SAMORDNINGSNUMMER : Kind.PERSONNUMMER;
  }

  /** True for a samordningsnummer (day + 60). */
  public boolean isSamordningsnummer() {
    return writtenDay > 60;
  }

  /** True for an interim number (letter as first serial character). */
  public boolean isInterim() {
    return INTERIM_LETTERS.indexOf(serial.charAt(0)) >= 0;
  }

  /** True when the ninth digit (last of the serial number) is odd. */
  public boolean isMale() {
    return (serial.charAt(2) - '0') % 2 == 1;
  }

  /** True when the ninth digit (last of the serial number) is even. */
  public boolean isFemale() {
    return !isMale();
  }

  /** The age in whole years on {@code date}. */
  public int ageOn(LocalDate date) {
    return java.time.Period.between(birthDate(), date).getYears();
  }

  private boolean isCentenarianOn(LocalDate date) {
    return ageOn(date) >= 100;
  }

  private int realDay() {
    return writtenDay > 60 ? writtenDay - 60 : writtenDay;
  }

  private static String luhnSerial(String serial) {
    char c = serial.charAt(0);
    return INTERIM_LETTERS.indexOf(c) >= 0 ? "1" + serial.substring(1) : serial;
  }

  private static String twoDigits(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Personnummer p && p.normalize().equals(normalize());
  }

  @Override
  public int hashCode() {
    return normalize().hashCode();
  }

  /** Never shows the number. */
  @Override
  public String toString() {
    return "Personnummer[" + kind() + ", redacted]";
  }
}
