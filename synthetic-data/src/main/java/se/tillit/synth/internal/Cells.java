package se.tillit.synth.internal;

import se.tillit.synth.data.ColumnType;
import se.tillit.synth.schema.ColumnSchema;

/** Converts cells to numbers and back for one column; errors name row and column, not values. */
public final class Cells {
  private Cells() {}

  /**
   * The numeric value of a present cell of a NUMERIC, INTEGER or DATE column (DATE: epoch day).
   *
   * @param row 1-based data row, for the message
   */
  public static double number(ColumnSchema c, String cell, int row) {
    switch (c.type()) {
      case INTEGER -> {
        if (Values.isInteger(cell)) {
          return Long.parseLong(cell);
        }
        throw bad(c, row, "a whole number");
      }
      case NUMERIC -> {
        if (Values.isNumber(cell)) {
          return Double.parseDouble(cell);
        }
        throw bad(c, row, "a number");
      }
      case DATE -> {
        if (Values.isDate(cell)) {
          return Values.epochDay(cell);
        }
        throw bad(c, row, "an ISO date yyyy-MM-dd");
      }
      default -> throw new IllegalStateException("not a numeric column: " + c.name());
    }
  }

  /** The category index of a present cell of a CATEGORICAL column. */
  public static int category(ColumnSchema c, java.util.Map<String, Integer> index, String cell,
      int row) {
    Integer i = index.get(cell);
    if (i == null) {
      throw new IllegalArgumentException(
          "row " + row + ", column '" + c.name() + "': the value is not one of the schema's "
              + c.categories().size() + " categories (value not shown); add it to the schema"
              + " or mark it missing");
    }
    return i;
  }

  /** A missing cell in a column the schema declares non-nullable. */
  public static IllegalArgumentException missing(ColumnSchema c, int row) {
    return new IllegalArgumentException(
        "row " + row + ", column '" + c.name() + "' is missing, but the schema says the column"
            + " is not nullable");
  }

  /** Text of a numeric value for a column of this type. */
  public static String format(ColumnType type, double v) {
    return switch (type) {
      case INTEGER -> Values.formatLong(Math.round(v));
      case DATE -> Values.formatDate(Math.round(v));
      case NUMERIC -> Values.formatDouble(v);
      case CATEGORICAL -> throw new IllegalStateException("categorical");
    };
  }

  private static IllegalArgumentException bad(ColumnSchema c, int row, String what) {
    return new IllegalArgumentException(
        "row " + row + ", column '" + c.name() + "' must be " + what + " (value not shown)");
  }
}
