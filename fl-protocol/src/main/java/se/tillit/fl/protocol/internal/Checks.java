package se.tillit.fl.protocol.internal;

/**
 * Parameter checks of the fl-protocol module, with one message shape:
 * {@code "<name> must be <constraint>. Provided value: <value>"}.
 *
 * <p>Internal: not part of the module's API. Names echoed in messages are first checked with
 * {@link #describeName}, so that a peer cannot smuggle control characters or megabytes of text
 * into a log line.
 */
public final class Checks {
  /** Longest tensor name, in UTF-16 code units. */
  public static final int MAX_NAME_LENGTH = 256;
  /** Longest identifier (run, client, message, transfer), in characters. */
  public static final int MAX_ID_LENGTH = 128;

  private Checks() {}

  /** {@code min <= value <= max}, or {@link IllegalArgumentException}. */
  public static long checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be >= " + min + " and <= " + max + ". Provided value: " + value);
    }
    return value;
  }

  /** A tensor name: 1 to 256 characters, none of them a control character. */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** An identifier: 1 to 128 printable ASCII characters, no spaces. */
  public static boolean isValidId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** The name quoted, if it is a valid name; otherwise a placeholder that echoes nothing. */
  public static String describeName(String name) {
    return isValidName(name) ? "'" + name + "'" : "<invalid name>";
  }

  /** The identifier quoted, if it is a valid identifier; otherwise a placeholder. */
  public static String describeId(String id) {
    return isValidId(id) ? "'" + id + "'" : "<invalid id>";
  }

  /** A tensor name, or {@link IllegalArgumentException}. */
  public static String checkName(String what, String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + MAX_NAME_LENGTH + " characters without control characters."
              + " Provided value: " + (name == null ? "null" : "a string of length " + name.length()));
    }
    return name;
  }

  /** An identifier, or {@link IllegalArgumentException}. */
  public static String checkId(String what, String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters without spaces."
              + " Provided value: " + (id == null ? "null" : describeId(id)));
    }
    return id;
  }
}
