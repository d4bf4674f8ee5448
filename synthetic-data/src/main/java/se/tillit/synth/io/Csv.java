package se.tillit.synth.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import se.tillit.synth.data.Table;

/**
 * Reads and writes CSV tables as in RFC 4180: a header line, comma-separated fields, fields in
 * double quotes may hold delimiters, quotes (doubled) and line breaks; CRLF or LF line ends.
 * Files are UTF-8; a leading byte-order mark is skipped. Empty lines are skipped.
 *
 * <p>Unquoted cells equal to a missing token (after trimming) are missing ({@code null}); quoted
 * cells are always kept as written, so {@link #write} round-trips every non-null value.
 *
 * <p>Errors ({@link CsvFormatException}) name the row and column but never a cell value: a ragged
 * row, an empty file, a file that looks binary (a NUL character), bytes that are not UTF-8, an
 * unterminated quote, an empty or duplicate header name.
 */
public final class Csv {
  private Csv() {}

  /** Reads a UTF-8 CSV file. */
  public static Table read(Path path, CsvOptions options) throws IOException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    InputStream in;
    try {
      in = Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("input file does not exist: " + path);
    }
    try (Reader r = new InputStreamReader(in, decoder)) {
      return read(r, options);
    }
  }

  /** Reads CSV text from {@code reader} (decoding is the caller's). */
  public static Table read(Reader reader, CsvOptions options) throws IOException {
    Parser p = new Parser(new BufferedReader(reader, 1 << 16), options);
    try {
      List<String> header = p.nextRecord();
      if (header == null) {
        throw new CsvFormatException("the CSV input is empty: expected a header line");
      }
      Set<String> seen = new HashSet<>();
      for (int c = 0; c < header.size(); c++) {
        String name = header.get(c).trim();
        header.set(c, name);
        if (name.isEmpty()) {
          throw new CsvFormatException("header column " + (c + 1) + " has an empty name");
        }
        if (!seen.add(name)) {
          throw new CsvFormatException(
              "header names must be unique. Provided value: duplicate '" + name + "'");
        }
      }
      List<String[]> rows = new ArrayList<>();
      List<String> rec;
      while ((rec = p.nextRecordCells()) != null) {
        if (rec.size() != header.size()) {
          throw new CsvFormatException(
              "row " + (rows.size() + 1) + " (line " + p.recordLine + ") has " + rec.size()
                  + " fields; the header has " + header.size());
        }
        rows.add(rec.toArray(new String[0]));
      }
      return Table.of(header, rows);
    } catch (CharacterCodingException e) {
      throw new CsvFormatException(
          "the input is not valid UTF-8 (near line " + p.line + "); save it as UTF-8", e);
    }
  }

  /** Writes {@code table} as UTF-8 CSV; missing values are written as empty fields. */
  public static void write(Table table, Path path) throws IOException {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(table, w);
    }
  }

  /** Writes the header and rows of {@code table}. */
  public static void write(Table table, Writer writer) throws IOException {
    writeHeader(table.columns(), writer);
    appendRows(table, writer);
  }

  /** Writes only a header line (for writing a large table in chunks). */
  public static void writeHeader(List<String> columns, Writer writer) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      if (c > 0) {
        sb.append(',');
      }
      appendField(sb, columns.get(c));
    }
    sb.append("\r\n");
    writer.write(sb.toString());
  }

  /** Appends the rows of {@code table} without a header. */
  public static void appendRows(Table table, Writer writer) throws IOException {
    Writer w = writer instanceof BufferedWriter ? writer : new BufferedWriter(writer, 1 << 16);
    StringBuilder sb = new StringBuilder(256);
    int cols = table.columnCount();
    for (int r = 0; r < table.rowCount(); r++) {
      sb.setLength(0);
      for (int c = 0; c < cols; c++) {
        if (c > 0) {
          sb.append(',');
        }
        String v = table.get(r, c);
        if (v != null) {
          appendField(sb, v);
        }
      }
      sb.append("\r\n");
      w.write(sb.toString());
    }
    w.flush();
  }

  private static void appendField(StringBuilder sb, String v) {
    boolean quote = v.isEmpty()
        || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0 || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '
        || v.equals("?") || v.equals("NA");
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == '"') {
        sb.append('"');
      }
      sb.append(ch);
    }
    sb.append('"');
  }

  /** A small RFC 4180 state machine over characters. */
  private static final class Parser {
    private final BufferedReader in;
    private final CsvOptions options;
    private final char delimiter;
    private boolean first = true;
    private int pushback = -2;
    long line = 1;
    long recordLine;

    Parser(BufferedReader in, CsvOptions options) {
      this.in = in;
      this.options = options;
      this.delimiter = options.delimiter();
    }

    private int read() throws IOException {
      int ch;
      if (pushback != -2) {
        ch = pushback;
        pushback = -2;
      } else {
        ch = in.read();
      }
      if (first) {
        first = false;
        if (ch == '\uFEFF') {
          ch = in.read();
        }
      }
      if (ch == 0) {
        throw new CsvFormatException(
            "the input looks binary (a NUL character on line " + line + "); expected CSV text");
      }
      return ch;
    }

    /** Raw fields (no missing-token mapping), or null at the end; skips empty lines. */
    List<String> nextRecord() throws IOException {
      return next(false);
    }

    /** Fields with missing tokens mapped to null. */
    List<String> nextRecordCells() throws IOException {
      return next(true);
    }

    private List<String> next(boolean cells) throws IOException {
      while (true) {
        int ch = read();
        if (ch == -1) {
          return null;
        }
        if (ch == '\n') {
          line++;
          continue;
        }
        if (ch == '\r') {
          int n = read();
          if (n != '\n' && n != -1) {
            pushback = n;
          }
          line++;
          continue;
        }
        pushback = ch;
        break;
      }
      recordLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder sb = new StringBuilder();
      while (true) {
        // start of a field
        int ch = read();
        boolean quoted = false;
        sb.setLength(0);
        // leading spaces before a quote are allowed when trimming
        if (options.trim()) {
          StringBuilder spaces = new StringBuilder();
          while (ch == ' ' || ch == '\t') {
            spaces.append((char) ch);
            ch = read();
          }
          if (ch != '"') {
            sb.append(spaces);
          }
        }
        if (ch == '"') {
          quoted = true;
          while (true) {
            int c = read();
            if (c == -1) {
              throw new CsvFormatException(
                  "row starting on line " + recordLine + ", column " + (fields.size() + 1)
                      + ": a quoted field is not closed");
            }
            if (c == '"') {
              int d = read();
              if (d == '"') {
                sb.append('"');
                continue;
              }
              ch = d;
              break;
            }
            if (c == '\n') {
              line++;
            }
            sb.append((char) c);
          }
          // after the closing quote: optional spaces, then delimiter or line end
          while (ch == ' ' || ch == '\t') {
            ch = read();
          }
          if (ch != delimiter && ch != '\n' && ch != '\r' && ch != -1) {
            throw new CsvFormatException(
                "line " + line + ", column " + (fields.size() + 1)
                    + ": unexpected character after a closing quote");
          }
        } else {
          while (ch != delimiter && ch != '\n' && ch != '\r' && ch != -1) {
            sb.append((char) ch);
            ch = read();
          }
        }
        String v = sb.toString();
        if (!quoted && options.trim()) {
          v = v.strip();
        }
        if (cells && !quoted && options.isMissing(v)) {
          fields.add(null);
        } else {
          fields.add(v);
        }
        if (ch == delimiter) {
          continue;
        }
        if (ch == '\r') {
          int n = read();
          if (n != '\n' && n != -1) {
            pushback = n;
          }
        }
        if (ch != -1) {
          line++;
        }
        return fields;
      }
    }
  }
}
