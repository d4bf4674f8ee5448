package se.tillit.dp.ledger.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Formats epsilons for messages. Internal: not part of the public API. */
public final class Numbers {
  private Numbers() {}

  /** Up to 6 significant digits, without trailing zeros; "infinity" for an infinite value. */
  public static String epsilon(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "infinity" : "-infinity";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded =
        new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    String text = rounded.toPlainString();
    return text.length() <= 14 ? text : rounded.toString();
  }

  /**
   * Formats {@code value} so that it reads differently from {@code reference} whenever the two
   * differ (so that a refusal never reads "budget 1; this charge would make it 1").
   */
  public static String epsilonDistinctFrom(double value, double reference) {
    String a = epsilon(value);
    return value != reference && a.equals(epsilon(reference)) ? Double.toString(value) : a;
  }
}
