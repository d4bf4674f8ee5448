package se.tillit.dp.audit;

/** The audit log's database could not be read or written; the cause holds the driver's error. */
public final class AuditStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
