package se.tillit.pseudonymize.table;

/**
 * Input data that cannot be processed: malformed CSV, ragged rows, binary or non-UTF-8 input, or a
 * cell a transform cannot handle. The message names the row (the header is row 1), the line it
 * starts on and the column, never a cell value.
 */
public final class TableDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final long row;
  private final String column;

  public TableDataException(String message, long row, String column) {
    super(message);
    this.row = row;
    this.column = column;
  }

  /** Row number (header = 1), or 0 if the problem is not in one row. */
  public long row() {
    return row;
  }

  /** Column name, or null if the problem is not in one column. */
  public String column() {
    return column;
  }
}
