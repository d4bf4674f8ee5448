package se.tillit.cli.privacy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for human-readable answers. */
final class Format {
  private Format() {}

  /** Up to 6 significant digits without trailing zeros: 5.19262, 0.00001, 1e-9, 3. */
  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == 0) {
      return "0";
    }
    String s = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
    if (s.contains("E")) {
      s = s.replace("E+", "e").replace("E", "e");
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
