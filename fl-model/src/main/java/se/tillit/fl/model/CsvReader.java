package se.tillit.fl.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as RFC 4180 describes it: the first record is the header; fields are separated by
 * commas; a field may be quoted with {@code "}, inside which commas, line breaks and doubled
 * quotes ({@code ""}) are literal; records end with CRLF or LF. A trailing empty line is ignored.
 * Cells are kept exactly as written (no trimming); an empty unquoted cell is read as the empty
 * string, which the encoder treats as missing.
 *
 * <p>Errors ({@link IllegalArgumentException}) name the line number and what was wrong, never the
 * cell contents: a record with more or fewer fields than the header, an unterminated quoted field,
 * a quote inside an unquoted field, an empty file.
 */
public final class CsvReader {
  private CsvReader() {}

  /** Reads a UTF-8 CSV file. */
  public static Table read(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads CSV text. */
  public static Table parse(String text) {
    try {
      return read(new StringReader(text), "CSV text");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads CSV from {@code in}; {@code source} names it in error messages. */
  public static Table read(Reader in, String source) throws IOException {
    Reader r = in instanceof BufferedReader ? in : new BufferedReader(in);
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int recordLine = 1;
    boolean quoted = false; // inside a quoted field
    boolean wasQuoted = false; // current field was quoted (and closed)
    boolean fieldStarted = false;
    int c = r.read();
    if (c == 0xFEFF) { // byte order mark
      c = r.read();
    }
    boolean any = false;
    while (true) {
      if (c == -1) {
        if (quoted) {
          throw new IllegalArgumentException(source + ": line " + recordLine
              + ": a quoted field is not closed before the end of the file");
        }
        if (fieldStarted || !fields.isEmpty()) {
          fields.add(field.toString());
          header = endRecord(source, header, rows, fields, recordLine);
        }
        break;
      }
      any = true;
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          int next = r.read();
          if (next == '"') {
            field.append('"');
            c = r.read();
            continue;
          }
          quoted = false;
          wasQuoted = true;
          c = next;
          continue;
        }
        if (ch == '\n') {
          line++;
        }
        field.append(ch);
        c = r.read();
        continue;
      }
      switch (ch) {
        case ',' -> {
          fields.add(field.toString());
          field.setLength(0);
          wasQuoted = false;
          fieldStarted = true;
        }
        case '\r', '\n' -> {
          if (ch == '\r') {
            int next = r.read();
            if (next != '\n') {
              throw new IllegalArgumentException(source + ": line " + line
                  + ": a carriage return must be followed by a line feed");
            }
          }
          if (fieldStarted || field.length() > 0 || wasQuoted) {
            fields.add(field.toString());
            header = endRecord(source, header, rows, fields, recordLine);
          } else if (header != null && header.size() == 1) {
            // An empty line is an empty one-field record only for one-column files; skip it.
            fields.clear();
          }
          field.setLength(0);
          fields.clear();
          wasQuoted = false;
          fieldStarted = false;
          line++;
          recordLine = line;
        }
        case '"' -> {
          if (field.length() > 0 || wasQuoted) {
            throw new IllegalArgumentException(source + ": line " + line
                + ", field " + (fields.size() + 1)
                + ": a quote must open the field or be doubled inside a quoted field");
          }
          quoted = true;
          fieldStarted = true;
        }
        default -> {
          if (wasQuoted) {
            throw new IllegalArgumentException(source + ": line " + line + ", field "
                + (fields.size() + 1) + ": characters after the closing quote of a field");
          }
          field.append(ch);
          fieldStarted = true;
        }
      }
      c = r.read();
    }
    if (!any || header == null) {
      throw new IllegalArgumentException(source + ": the CSV must have a header row. Provided"
          + " value: an empty file");
    }
    return Table.trusted(header, rows);
  }

  private static List<String> endRecord(String source, List<String> header, List<String[]> rows,
      List<String> fields, int line) {
    if (header == null) {
      List<String> h = new ArrayList<>(fields.size());
      for (String f : fields) {
        h.add(f.strip());
      }
      fields.clear();
      return h;
    }
    if (fields.size() != header.size()) {
      throw new IllegalArgumentException(source + ": line " + line + " must have "
          + header.size() + " fields as the header has. Provided value: " + fields.size()
          + " fields");
    }
    rows.add(fields.toArray(new String[0]));
    fields.clear();
    return header;
  }
}
