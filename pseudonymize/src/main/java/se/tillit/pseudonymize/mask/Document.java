package se.tillit.pseudonymize.mask;

/**
 * The text of one input document, ready to mask. For a PDF, {@code text} is the extracted text
 * (pages in order, each ending with a line break) and entity offsets refer to it.
 *
 * <p>{@link #toString()} never shows the text.
 */
public record Document(String text, DocumentFormat format, int pages) {
  @Override
  public String toString() {
    return "Document{format=" + format + ", pages=" + pages + ", chars=" + text.length() + "}";
  }
}
