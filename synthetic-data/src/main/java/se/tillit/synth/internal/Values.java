package se.tillit.synth.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parsing and formatting of cell values; shared by inference, encoding and the synthesizers. */
public final class Values {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,15}");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Values() {}

  public static boolean isInteger(String s) {
    return INTEGER.matcher(s).matches();
  }

  public static boolean isNumber(String s) {
    if (!DECIMAL.matcher(s).matches()) {
      return false;
    }
    double d = Double.parseDouble(s);
    return !Double.isInfinite(d);
  }

  public static boolean isDate(String s) {
    if (!DATE.matcher(s).matches()) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Epoch day of an ISO date. */
  public static long epochDay(String s) {
    return LocalDate.parse(s).toEpochDay();
  }

  public static String formatDate(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  /** Shortest text for a long. */
  public static String formatLong(long v) {
    return Long.toString(v);
  }

  /** A double with at most 6 significant digits after rounding, without exponent for usual sizes. */
  public static String formatDouble(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e15) {
      java.math.BigDecimal bd = new java.math.BigDecimal(v).round(new java.math.MathContext(6));
      return bd.stripTrailingZeros().toPlainString();
    }
    return Double.toString(v);
  }
}
