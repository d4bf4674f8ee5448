package se.tillit.cli;

/** A request that was valid but refused (for example by the privacy budget ledger): exit code 3. */
public final class RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
