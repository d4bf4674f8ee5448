package se.tillit.pseudonymize.table;

/**
 * A table policy that cannot be used. The message names the policy file, the line and the field,
 * and for a bad value the values allowed.
 */
public final class PolicyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final String field;

  public PolicyException(String source, int line, String field, String message) {
    super(source + (line > 0 ? " line " + line : "") + (field.isEmpty() ? "" : ", " + field) + ": " + message);
    this.line = line;
    this.field = field;
  }

  /** 1-based line in the policy file, or 0 when the problem is not tied to one line. */
  public int line() {
    return line;
  }

  /** Dotted path of the field, e.g. {@code columns.pnr.transform}; empty for the whole file. */
  public String field() {
    return field;
  }
}
