package se.tillit.pseudonymize.table.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 CSV reader: comma separated, fields optionally in double quotes (a quote inside
 * is doubled), quoted fields may hold commas and line breaks, records end with CRLF or LF. Input is
 * strict UTF-8 (a leading byte order mark is skipped). Errors name the record ("row", the header
 * being row 1), the line where it starts and the column, never the content.
 */
public final class CsvReader implements Closeable {
  /** Longest field accepted, in characters; protects memory against garbage input. */
  public static final int MAX_FIELD_CHARS = 1 << 20;
  /** Most fields accepted in one record. */
  public static final int MAX_FIELDS = 10_000;

  /** A malformed input; the message names row, line and column but never cell content. */
  public static final class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long row;
    private final int fieldIndex;

    CsvFormatException(String message, long row, int fieldIndex) {
      super(message);
      this.row = row;
      this.fieldIndex = fieldIndex;
    }

    public long row() {
      return row;
    }

    /** Zero-based field index the error is in, or -1 when it concerns the whole record. */
    public int fieldIndex() {
      return fieldIndex;
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
  private final char[] buf = new char[1 << 16];
  private final CharBuffer chars = CharBuffer.wrap(buf);
  private boolean bytesEof;
  private boolean pendingDecodingError;
  private boolean inRecord;
  private int pos;
  private int len;
  private boolean eof;
  private boolean started;
  private long line = 1;
  private long row;
  private long rowStartLine;
  private String[] header;

  public CsvReader(InputStream input) {
    this.in = input;
    this.decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** Names used in error messages for field positions (set after reading the header). */
  public void setHeader(String[] header) {
    this.header = header.clone();
  }

  /** The row number of the record last returned (header = 1). */
  public long row() {
    return row;
  }

  /** The line on which the record last returned started. */
  public long rowStartLine() {
    return rowStartLine;
  }

  /** Reads the next record, or returns null at the end of the input. */
  public String[] next() throws IOException {
    if (!started) {
      started = true;
      if (fill() && buf[pos] == '\uFEFF') {
        pos++;
      }
    }
    inRecord = false;
    if (!ensure()) {
      return null;
    }
    row++;
    inRecord = true;
    rowStartLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      // start of a field
      if (fields.size() >= MAX_FIELDS) {
        throw error("has more than " + MAX_FIELDS + " fields", -1);
      }
      int index = fields.size();
      field.setLength(0);
      boolean quoted = ensure() && buf[pos] == '"';
      if (quoted) {
        pos++;
        while (true) {
          if (!ensure()) {
            throw error("has a quoted field that is never closed (unexpected end of input)", index);
          }
          char c = buf[pos++];
          if (c == '"') {
            if (ensure() && buf[pos] == '"') {
              pos++;
              append(field, '"', index);
            } else {
              break;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            append(field, c, index);
          }
        }
        // after the closing quote: separator, end of line or end of input
        if (!ensure()) {
          fields.add(field.toString());
          return fields.toArray(new String[0]);
        }
        char c = buf[pos];
        if (c == ',') {
          pos++;
          fields.add(field.toString());
          continue;
        }
        if (endOfLine()) {
          fields.add(field.toString());
          return fields.toArray(new String[0]);
        }
        throw error("has characters after the closing quote of a quoted field", index);
      }
      while (true) {
        if (!ensure()) {
          fields.add(field.toString());
          return fields.toArray(new String[0]);
        }
        char c = buf[pos];
        if (c == ',') {
          pos++;
          fields.add(field.toString());
          break;
        }
        if (endOfLine()) {
          fields.add(field.toString());
          return fields.toArray(new String[0]);
        }
        if (c == '"') {
          throw error("has a double quote inside an unquoted field (quote the whole field and double the quote)", index);
        }
        pos++;
        append(field, c, index);
      }
    }
  }

  /** Consumes a line ending at pos if there is one. */
  private boolean endOfLine() throws IOException {
    char c = buf[pos];
    if (c == '\n') {
      pos++;
      line++;
      return true;
    }
    if (c == '\r') {
      pos++;
      if (ensure() && buf[pos] == '\n') {
        pos++;
      }
      line++;
      return true;
    }
    return false;
  }

  private void append(StringBuilder field, char c, int index) {
    if (c == 0) {
      throw error("contains a NUL character: the input looks like a binary file, not CSV text", index);
    }
    if (field.length() >= MAX_FIELD_CHARS) {
      throw error("has a field longer than " + MAX_FIELD_CHARS + " characters", index);
    }
    field.append(c);
  }

  private boolean ensure() throws IOException {
    return pos < len || fill();
  }

  /**
   * Decodes the next chunk of characters. Decoding is done here rather than by a Reader so that a
   * malformed byte is reported at the record it belongs to: the characters before it are served
   * first, and the error is thrown when they are used up.
   */
  private boolean fill() throws IOException {
    if (pendingDecodingError) {
      throw decodingError();
    }
    if (eof) {
      return false;
    }
    chars.clear();
    while (chars.position() == 0) {
      CoderResult r = decoder.decode(bytes, chars, bytesEof);
      if (r.isError()) {
        pendingDecodingError = true;
        if (chars.position() == 0) {
          throw decodingError();
        }
        break;
      }
      if (r.isOverflow()) {
        break;
      }
      if (bytesEof) {
        decoder.flush(chars);
        if (chars.position() == 0) {
          eof = true;
          return false;
        }
        break;
      }
      bytes.compact();
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        bytesEof = true;
      } else {
        bytes.position(bytes.position() + n);
      }
      bytes.flip();
    }
    pos = 0;
    len = chars.position();
    return true;
  }

  private CsvFormatException decodingError() {
    long r = inRecord ? row : row + 1;
    return new CsvFormatException(
        "input row " + r + " (line " + line + ") is not valid UTF-8: a binary file, or text in"
            + " another encoding such as Latin-1 or Windows-1252 (convert it to UTF-8)",
        r,
        -1);
  }

  private CsvFormatException error(String what, int index) {
    String where = "row " + row + " (starting at line " + rowStartLine + ")";
    if (index >= 0) {
      where += ", column " + columnName(index);
    }
    return new CsvFormatException("input " + where + " " + what, row, index);
  }

  private String columnName(int index) {
    if (header != null && index < header.length) {
      return "'" + header[index] + "'";
    }
    return "#" + (index + 1);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
