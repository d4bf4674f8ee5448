package se.tillit.pseudonymize.mask;

/** The kinds of document that can be masked. */
public enum DocumentFormat {
  /** Plain text in one of the {@link TextEncoding}s. */
  TEXT,
  /** PDF with a text layer; its text is extracted page by page in page order. */
  PDF
}
