package se.tillit.pseudonymize.mask;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import se.tillit.pseudonymize.mask.InputRejectedException.Reason;

/**
 * Reads a document to mask from bytes: plain text in a {@link TextEncoding}, or PDF. Every problem
 * becomes an {@link InputRejectedException} with a clear message that never quotes the input.
 *
 * <p>Checks, in order: size (bytes) and emptiness; a PDF is recognised by {@code %PDF-} in its
 * first 1024 bytes; known binary formats (ZIP/Office, images, gzip, executables) are rejected by
 * their signature; text is decoded strictly (an invalid byte sequence is an error naming its byte
 * offset, never replaced by U+FFFD); decoded text with a NUL character, or with more than 1% other
 * control characters (besides tab, line feed, vertical tab, form feed, carriage return), is
 * rejected as binary; then the character limit.
 *
 * <p>Immutable and thread-safe. Reads everything into memory: the limits bound that memory.
 */
public final class DocumentReader {
  /** Default byte limit: 10 MiB. */
  public static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
  /** Default limit on the decoded or extracted text: 10 million characters. */
  public static final int DEFAULT_MAX_CHARS = 10_000_000;
  /** Default limit on PDF pages. */
  public static final int DEFAULT_MAX_PAGES = 2_000;

  private final int maxBytes;
  private final int maxChars;
  private final int maxPages;

  private DocumentReader(Builder b) {
    this.maxBytes = b.maxBytes;
    this.maxChars = b.maxChars;
    this.maxPages = b.maxPages;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A reader with the default limits. */
  public static DocumentReader withDefaults() {
    return builder().build();
  }

  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Reads a whole stream, failing as soon as it exceeds the byte limit (so a huge input never
   * reaches memory).
   */
  public byte[] readAllBytes(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw tooLarge();
    }
    return bytes;
  }

  /** Reads a file: its size is checked before anything is read. The format is detected. */
  public Document read(Path file, TextEncoding encoding) throws IOException {
    if (Files.size(file) > maxBytes) {
      throw tooLarge();
    }
    return read(Files.readAllBytes(file), null, encoding);
  }

  /**
   * Reads a document.
   *
   * @param format {@code null} to detect it (PDF by its header, otherwise text)
   * @param encoding the encoding of text input (ignored for PDF)
   */
  public Document read(byte[] bytes, DocumentFormat format, TextEncoding encoding) {
    if (bytes.length > maxBytes) {
      throw tooLarge();
    }
    if (bytes.length == 0) {
      throw new InputRejectedException(Reason.EMPTY, "input is empty");
    }
    boolean looksPdf = isPdf(bytes);
    DocumentFormat f = format != null ? format : looksPdf ? DocumentFormat.PDF : DocumentFormat.TEXT;
    if (f == DocumentFormat.PDF) {
      if (!looksPdf) {
        throw new InputRejectedException(
            Reason.PDF_UNREADABLE, "input was declared as PDF but does not start with %PDF-");
      }
      return readPdf(bytes);
    }
    if (looksPdf) {
      throw new InputRejectedException(
          Reason.BINARY, "input is a PDF but was declared as plain text; send it as PDF");
    }
    return readText(bytes, encoding == null ? TextEncoding.UTF_8 : encoding);
  }

  /** Whether {@code %PDF-} occurs within the first 1024 bytes. */
  public static boolean isPdf(byte[] b) {
    int end = Math.min(b.length - 5, 1024);
    for (int i = 0; i <= end; i++) {
      if (b[i] == '%' && b[i + 1] == 'P' && b[i + 2] == 'D' && b[i + 3] == 'F' && b[i + 4] == '-') {
        return true;
      }
    }
    return false;
  }

  private Document readText(byte[] bytes, TextEncoding encoding) {
    String known = knownBinaryFormat(bytes);
    if (known != null) {
      throw new InputRejectedException(
          Reason.BINARY,
          "input is binary (" + known + "); only plain text and PDF can be masked");
    }
    boolean utf16Bom =
        bytes.length >= 2
            && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    int offset = 0;
    switch (encoding) {
      case UTF_8 -> {
        if (utf16Bom) {
          throw new InputRejectedException(
              Reason.INVALID_ENCODING,
              "input starts with a UTF-16 byte-order mark; choose the encoding UTF-16");
        }
        if (bytes.length >= 3
            && bytes[0] == (byte) 0xEF
            && bytes[1] == (byte) 0xBB
            && bytes[2] == (byte) 0xBF) {
          offset = 3;
        }
      }
      case UTF_16 -> {
        if (!utf16Bom) {
          throw new InputRejectedException(
              Reason.INVALID_ENCODING,
              "UTF-16 input must start with a byte-order mark (FE FF or FF FE)");
        }
      }
      case ISO_8859_1 -> {
        for (int i = 0; i < bytes.length; i++) {
          int v = bytes[i] & 0xFF;
          if (v >= 0x80 && v <= 0x9F) {
            throw new InputRejectedException(
                Reason.INVALID_ENCODING,
                "input has byte 0x" + Integer.toHexString(v).toUpperCase(Locale.ROOT)
                    + " at byte offset " + i
                    + ", which ISO-8859-1 text does not use; it is probably windows-1252");
          }
        }
      }
      default -> {}
    }
    if (encoding != TextEncoding.UTF_16) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          throw nulFound("byte offset " + i, encoding);
        }
      }
    }
    String text = decode(bytes, offset, encoding);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    checkControls(text, encoding);
    if (text.isBlank()) {
      throw new InputRejectedException(Reason.EMPTY, "input contains only whitespace");
    }
    if (text.length() > maxChars) {
      throw new InputRejectedException(
          Reason.TOO_LARGE,
          "input has " + text.length() + " characters, more than the limit of " + maxChars);
    }
    return new Document(text, DocumentFormat.TEXT, 0);
  }

  private static String decode(byte[] bytes, int offset, TextEncoding encoding) {
    CharsetDecoder dec =
        encoding
            .charset()
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L,
        (long) Math.ceil((bytes.length - offset) * (double) dec.maxCharsPerByte()) + 1));
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      boolean utf8 = encoding == TextEncoding.UTF_8;
      throw new InputRejectedException(
          Reason.INVALID_ENCODING,
          "input is not valid " + encoding.label() + " (invalid byte sequence at byte offset "
              + in.position() + ")"
              + (utf8
                  ? "; if the text is in another encoding, choose it explicitly"
                      + " (ISO-8859-1, windows-1252 or UTF-16)"
                  : ""));
    }
    out.flip();
    return out.toString();
  }

  private static void checkControls(String text, TextEncoding encoding) {
    int controls = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw nulFound("character " + i, encoding);
      }
      if (c < 0x20 && c != '\t' && c != '\n' && c != 0x0B && c != '\f' && c != '\r') {
        controls++;
      }
    }
    if (controls > text.length() / 100) {
      throw new InputRejectedException(
          Reason.BINARY,
          "input contains " + controls + " control characters in " + text.length()
              + ": it is binary, not text");
    }
  }

  private static InputRejectedException nulFound(String where, TextEncoding encoding) {
    return new InputRejectedException(
        Reason.BINARY,
        "input contains NUL characters (first at " + where + "): it is binary"
            + (encoding == TextEncoding.UTF_16 ? "" : ", or UTF-16 without a byte-order mark"));
  }

  private static String knownBinaryFormat(byte[] b) {
    if (startsWith(b, 0x50, 0x4B, 0x03, 0x04)) {
      return "a ZIP archive, e.g. .docx, .xlsx or .odt";
    }
    if (startsWith(b, 0xD0, 0xCF, 0x11, 0xE0)) {
      return "an old Microsoft Office file, e.g. .doc or .xls";
    }
    if (startsWith(b, 0x89, 'P', 'N', 'G')) {
      return "a PNG image";
    }
    if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
      return "a JPEG image";
    }
    if (startsWith(b, 'G', 'I', 'F', '8')) {
      return "a GIF image";
    }
    if (startsWith(b, 0x1F, 0x8B)) {
      return "gzip-compressed";
    }
    if (startsWith(b, 0x7F, 'E', 'L', 'F')) {
      return "an executable";
    }
    return null;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private Document readPdf(byte[] bytes) {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
        throw new InputRejectedException(
            Reason.PDF_ENCRYPTED,
            "PDF is encrypted and does not permit text extraction; remove the protection first");
      }
      int pages = doc.getNumberOfPages();
      if (pages > maxPages) {
        throw new InputRejectedException(
            Reason.TOO_LARGE, "PDF has " + pages + " pages, more than the limit of " + maxPages);
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      stripper.setPageEnd("\n");
      stripper.setSortByPosition(false);
      String text = stripper.getText(doc);
      if (text.length() > maxChars) {
        throw new InputRejectedException(
            Reason.TOO_LARGE,
            "PDF text has " + text.length() + " characters, more than the limit of " + maxChars);
      }
      if (text.isBlank()) {
        throw new InputRejectedException(
            Reason.PDF_NO_TEXT,
            "PDF has no text layer (a scanned image?); text recognition (OCR) is not supported");
      }
      return new Document(text, DocumentFormat.PDF, pages);
    } catch (InvalidPasswordException e) {
      throw new InputRejectedException(
          Reason.PDF_ENCRYPTED, "PDF is protected by a password; remove the protection first");
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputRejectedException ire) {
        throw ire;
      }
      throw new InputRejectedException(
          Reason.PDF_UNREADABLE,
          "PDF could not be read (damaged or not a PDF: " + e.getClass().getSimpleName() + ")");
    }
  }

  private InputRejectedException tooLarge() {
    return new InputRejectedException(
        Reason.TOO_LARGE, "input is larger than the limit of " + maxBytes + " bytes");
  }

  @Override
  public String toString() {
    return "DocumentReader{maxBytes=" + maxBytes + ", maxChars=" + maxChars
        + ", maxPages=" + maxPages + "}";
  }

  /** Builds a {@link DocumentReader}; every limit has a default. */
  public static final class Builder {
    private int maxBytes = DEFAULT_MAX_BYTES;
    private int maxChars = DEFAULT_MAX_CHARS;
    private int maxPages = DEFAULT_MAX_PAGES;

    private Builder() {}

    /** Largest input in bytes, 1 to 1 GiB. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1 || maxBytes > (1L << 30)) {
        throw new IllegalArgumentException(
            "maxBytes must be >= 1 and <= 1073741824. Provided value: " + maxBytes);
      }
      this.maxBytes = (int) maxBytes;
      return this;
    }

    /** Largest decoded or extracted text in characters, at least 1. */
    public Builder maxChars(int maxChars) {
      if (maxChars < 1) {
        throw new IllegalArgumentException("maxChars must be >= 1. Provided value: " + maxChars);
      }
      this.maxChars = maxChars;
      return this;
    }

    /** Most PDF pages, at least 1. */
    public Builder maxPages(int maxPages) {
      if (maxPages < 1) {
        throw new IllegalArgumentException("maxPages must be >= 1. Provided value: " + maxPages);
      }
      this.maxPages = maxPages;
      return this;
    }

    public DocumentReader build() {
      return new DocumentReader(this);
    }
  }
}
