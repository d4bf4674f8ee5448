package se.tillit.pseudonymize.table;

/**
 * A keystore that cannot be used: wrong password, not a PKCS#12 file, missing key, key of the wrong
 * kind, or (on re-identification) a value that the key did not produce. Messages never contain key
 * material, passwords or data values.
 */
public final class KeyStoreAccessException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public KeyStoreAccessException(String message) {
    super(message);
  }

  public KeyStoreAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
