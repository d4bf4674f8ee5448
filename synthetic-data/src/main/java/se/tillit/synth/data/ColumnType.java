package se.tillit.synth.data;

/** How a column's values are understood. */
public enum ColumnType {
  /** Real numbers (continuous). */
  NUMERIC,
  /** Whole numbers (counts, ages). */
  INTEGER,
  /** A finite set of labels. */
  CATEGORICAL,
  /** Calendar dates (ISO yyyy-MM-dd). */
  DATE
}
