package se.tillit.dp.ledger;

/**
 * The ledger's database failed (unreachable, lock timeout, ...). The operation was rolled back:
 * nothing of it was stored. The cause holds the driver's error.
 */
public final class LedgerStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
