package se.tillit.fl.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table of text cells with named columns, as read from a CSV file. Immutable once built: rows
 * are copied in and handed out as copies. {@link #toString} shows only the shape, never cells.
 */
public final class Table {
  private final List<String> columns;
  private final Map<String, Integer> index;
  private final List<String[]> rows;

  private Table(List<String> columns, List<String[]> rows) {
    this.columns = List.copyOf(columns);
    this.index = new HashMap<>();
    for (int i = 0; i < this.columns.size(); i++) {
      if (this.index.put(this.columns.get(i), i) != null) {
        throw new IllegalArgumentException(
            "column names must be unique. Provided value: '" + this.columns.get(i) + "' twice");
      }
    }
    this.rows = rows;
  }

  /**
   * A table with these columns and rows (each row as long as the column list; null means missing).
   *
   * @throws IllegalArgumentException for a duplicate column name or a row of the wrong length
   */
  public static Table of(List<String> columns, List<String[]> rows) {
    Objects.requireNonNull(columns, "columns");
    List<String[]> copy = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      if (row.length != columns.size()) {
        throw new IllegalArgumentException("row " + r + " must have " + columns.size()
            + " cells (one per column). Provided value: " + row.length + " cells");
      }
      copy.add(row.clone());
    }
    return new Table(columns, copy);
  }

  /** Column names in order. */
  public List<String> columns() {
    return columns;
  }

  public int rowCount() {
    return rows.size();
  }

  /** The position of a column; {@link IllegalArgumentException} naming the columns if absent. */
  public int columnIndex(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "column '" + name + "' must be one of the table's columns " + columns);
    }
    return i;
  }

  public boolean hasColumn(String name) {
    return index.containsKey(name);
  }

  /** One cell; may be null (missing). */
  public String cell(int row, int column) {
    return rows.get(row)[column];
  }

  /** A copy of one row. */
  public String[] row(int row) {
    return rows.get(row).clone();
  }

  /** The rows at these positions, in this order (positions may repeat). */
  public Table select(int[] rowIndices) {
    List<String[]> out = new ArrayList<>(rowIndices.length);
    for (int r : rowIndices) {
      out.add(rows.get(r));
    }
    return new Table(columns, out);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
  public Table slice(int from, int to) {
    return new Table(columns, new ArrayList<>(rows.subList(from, to)));
  }

  /** This table's rows followed by {@code other}'s, which must have the same columns. */
  public Table concat(Table other) {
    if (!columns.equals(other.columns)) {
      throw new IllegalArgumentException("tables must have the same columns to be joined."
          + " Provided value: " + other.columns + " against " + columns);
    }
    List<String[]> out = new ArrayList<>(rows.size() + other.rows.size());
    out.addAll(rows);
    out.addAll(other.rows);
    return new Table(columns, out);
  }

  /** Column names and row count; never cells. */
  @Override
  public String toString() {
    return "Table[" + rows.size() + " rows, columns=" + columns + "]";
  }

  static Table trusted(List<String> columns, List<String[]> rows) {
    return new Table(columns, rows);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Table t) || !columns.equals(t.columns) || rows.size() != t.rows.size()) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      if (!Arrays.equals(rows.get(i), t.rows.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + rows.size();
  }
}
