package se.tillit.pseudonymize.table.internal;

/** A transform of one column's cells. Implementations are not thread-safe. */
public interface CellTransform {
  /**
   * Transforms a non-empty cell value.
   *
   * @param value the cell
   * @param row the whole input row (for transforms that read another column)
   * @throws CellException with a reason that never contains the value
   */
  String apply(String value, String[] row) throws CellException;

  /** Inverts {@link #apply} for reversible transforms. */
  default String reverse(String value) throws CellException {
    throw new UnsupportedOperationException("transform is not reversible");
  }

  /** A cell that cannot be transformed; the reason never contains the cell value. */
  final class CellException extends Exception {
    private static final long serialVersionUID = 1L;

    public CellException(String reason) {
      super(reason, null, false, false);
    }
  }
}
