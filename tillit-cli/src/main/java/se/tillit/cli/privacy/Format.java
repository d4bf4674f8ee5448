package se.tillit.cli.privacy;

import java.util.Locale;

/** Number formatting for human-readable answers. */
final class Format {
  private Format() {}

  /** Up to 6 significant digits, scientific for very small or large values. */
  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e6)) {
      return String.format(Locale.ROOT, "%.4g", v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains(".") && !s.contains("e")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
