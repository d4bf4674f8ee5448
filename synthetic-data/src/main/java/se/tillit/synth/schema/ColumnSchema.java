package se.tillit.synth.schema;

import java.util.List;
import se.tillit.synth.data.ColumnType;

/**
 * One column of a {@link Schema}. The domain is public knowledge (given or approved by the data
 * owner), so the DP synthesizers can discretise without spending privacy on data-dependent bounds.
 *
 * @param name column name as in the CSV header
 * @param type how values are understood
 * @param categories CATEGORICAL: the allowed labels in a fixed order; empty for other types
 * @param min NUMERIC/INTEGER: lower bound; DATE: epoch day; null for CATEGORICAL
 * @param max NUMERIC/INTEGER: upper bound; DATE: epoch day; null for CATEGORICAL
 * @param bins NUMERIC/INTEGER/DATE: number of equal-width bins used by the marginal-based (DP)
 *     synthesizers; null for CATEGORICAL
 * @param nullable whether missing values occur (a missing value gets its own code)
 */
public record ColumnSchema(
    String name,
    ColumnType type,
    List<String> categories,
    Double min,
    Double max,
    Integer bins,
    boolean nullable) {
  public ColumnSchema {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("column name must be non-empty. Provided value: " + name);
    }
    if (type == null) {
      throw new IllegalArgumentException(
          "type of column '" + name + "' must be one of NUMERIC, INTEGER, CATEGORICAL, DATE."
              + " Provided value: null");
    }
    categories = categories == null ? List.of() : List.copyOf(categories);
    if (type == ColumnType.CATEGORICAL) {
      if (categories.isEmpty()) {
        throw new IllegalArgumentException(
            "categorical column '" + name + "' must list at least one category. Provided value: []");
      }
    } else {
      if (min == null || max == null || Double.isNaN(min) || Double.isNaN(max) || min > max
          || Double.isInfinite(min) || Double.isInfinite(max)) {
        throw new IllegalArgumentException(
            "column '" + name + "' must have finite min <= max. Provided value: min=" + min
                + ", max=" + max);
      }
      if (bins == null || bins < 1) {
        throw new IllegalArgumentException(
            "column '" + name + "' must have bins >= 1. Provided value: " + bins);
      }
    }
  }

  /** Number of codes in the integer-coded domain, including one for "missing" if nullable. */
  public int domainSize() {
    int base = type == ColumnType.CATEGORICAL ? categories.size() : bins;
    return nullable ? base + 1 : base;
  }
}
