package se.tillit.pseudonymize.mask;

/**
 * An input document that cannot be masked: empty, too large, binary, in the wrong encoding, or an
 * unreadable or protected PDF. The message says what is wrong and what to do; it never quotes the
 * input (it may name a byte offset or a size).
 */
public final class InputRejectedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why the input was rejected. */
  public enum Reason {
    /** No bytes, or only whitespace. */
    EMPTY,
    /** More bytes, characters or pages than the configured limit. */
    TOO_LARGE,
    /** Not text: NUL bytes, control characters, or a known binary format (ZIP, image, ...). */
    BINARY,
    /** Not valid in the chosen text encoding. */
    INVALID_ENCODING,
    /** A PDF that needs a password, or forbids text extraction. */
    PDF_ENCRYPTED,
    /** A PDF that cannot be parsed. */
    PDF_UNREADABLE,
    /** A PDF without a text layer (e.g. a scan). */
    PDF_NO_TEXT,
    /** A declared format or encoding that is not supported. */
    UNSUPPORTED
  }

  private final Reason reason;

  public InputRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public InputRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
