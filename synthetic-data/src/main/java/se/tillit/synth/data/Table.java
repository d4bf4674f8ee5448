package se.tillit.synth.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory table of raw string cells with a header. A missing value is {@code null}. Rows are
 * stored row-major; the table is immutable once built.
 *
 * <p>{@link #toString()} shows only the shape, never cell values.
 */
public final class Table {
  private final List<String> columns;
  private final Map<String, Integer> index;
  private final List<String[]> rows;

  private Table(List<String> columns, List<String[]> rows) {
    this.columns = List.copyOf(columns);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < this.columns.size(); i++) {
      if (idx.put(this.columns.get(i), i) != null) {
        throw new IllegalArgumentException(
            "column names must be unique. Provided value: duplicate column '"
                + this.columns.get(i) + "'");
      }
    }
    this.index = Map.copyOf(idx);
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).length != this.columns.size()) {
        throw new IllegalArgumentException(
            "every row must have " + this.columns.size() + " cells. Provided value: row "
                + (r + 1) + " has " + rows.get(r).length);
      }
    }
    this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
  }

  /** A table from a header and rows; each row must have one cell per column (null = missing). */
  public static Table of(List<String> columns, List<String[]> rows) {
    return new Table(columns, rows);
  }

  public List<String> columns() {
    return columns;
  }

  public int columnCount() {
    return columns.size();
  }

  public int rowCount() {
    return rows.size();
  }

  /** The index of {@code column}, or throws naming the column and the known ones. */
  public int columnIndex(String column) {
    Integer i = index.get(column);
    if (i == null) {
      throw new IllegalArgumentException(
          "column must be one of " + columns + ". Provided value: '" + column + "'");
    }
    return i;
  }

  public boolean hasColumn(String column) {
    return index.containsKey(column);
  }

  /** The cell at (row, column); null when missing. */
  public String get(int row, int column) {
    return rows.get(row)[column];
  }

  /** A copy of one row. */
  public String[] row(int row) {
    return rows.get(row).clone();
  }

  /** A copy of one column's values. */
  public String[] column(int column) {
    String[] out = new String[rows.size()];
    for (int r = 0; r < out.length; r++) {
      out[r] = rows.get(r)[column];
    }
    return out;
  }

  /** The rows with the given indices, in that order. */
  public Table select(int[] rowIndices) {
    List<String[]> out = new ArrayList<>(rowIndices.length);
    for (int r : rowIndices) {
      out.add(rows.get(r));
    }
    return new Table(columns, out);
  }

  @Override
  public String toString() {
    return "Table[" + rows.size() + " rows x " + columns.size() + " columns]";
  }
}
