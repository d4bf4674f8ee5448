package se.tillit.pseudonymize.mask;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The text encodings accepted for plain-text input. UTF-8 is the default. */
public enum TextEncoding {
  /** UTF-8, strictly validated; a leading byte-order mark is removed. */
  UTF_8("UTF-8", StandardCharsets.UTF_8),
  /** UTF-16 with a byte-order mark (FE FF or FF FE) that gives the byte order. */
  UTF_16("UTF-16", StandardCharsets.UTF_16),
  /** ISO-8859-1 (Latin-1). Bytes 0x80-0x9F are rejected: they mean the text is windows-1252. */
  ISO_8859_1("ISO-8859-1", StandardCharsets.ISO_8859_1),
  /** windows-1252, the Latin-1 superset used by older Windows programs. */
  WINDOWS_1252("windows-1252", Charset.forName("windows-1252"));

  private final String label;
  private final Charset charset;

  TextEncoding(String label, Charset charset) {
    this.label = label;
    this.charset = charset;
  }

  /** The usual name, e.g. {@code UTF-8}. */
  public String label() {
    return label;
  }

  public Charset charset() {
    return charset;
  }

  /**
   * The encoding with this name, ignoring case; also accepts {@code utf8}, {@code utf16},
   * {@code latin1}, {@code latin-1}, {@code cp1252}.
   *
   * @throws IllegalArgumentException naming the accepted encodings
   */
  public static TextEncoding parse(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (n) {
      case "utf-8", "utf8":
        return UTF_8;
      case "utf-16", "utf16":
        return UTF_16;
      case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
        return ISO_8859_1;
      case "windows-1252", "cp1252":
        return WINDOWS_1252;
      default:
        throw new IllegalArgumentException(
            "encoding must be one of "
                + Arrays.stream(values()).map(TextEncoding::label).toList()
                + ". Provided value: "
                + name);
    }
  }
}
