package se.tillit.synth.io;

/**
 * A CSV file that cannot be read as a table. The message names the row and column (1-based; the
 * header is line 1) and what was wrong, never a cell value.
 */
public final class CsvFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CsvFormatException(String message) {
    super(message);
  }

  public CsvFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
