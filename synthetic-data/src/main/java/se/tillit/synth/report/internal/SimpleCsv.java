package se.tillit.synth.report.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import se.tillit.synth.data.Table;

/**
 * A minimal RFC 4180 CSV reader for the report: a header line, comma-separated fields, fields in
 * double quotes may hold commas, line breaks and doubled quotes. Unquoted fields are stripped of
 * surrounding white space (Adult's values start with a space). The tokens {@code ""}, {@code "?"}
 * and {@code "NA"} (unquoted, after stripping) are missing values (null). Empty lines are skipped.
 *
 * <p>To be replaced by se.tillit.synth.io.Csv once merged.
 */
public final class SimpleCsv {
  private static final Set<String> MISSING = Set.of("", "?", "NA");

  private SimpleCsv() {}

  /** Reads {@code file}; {@code label} names the input in error messages (e.g. "--real"). */
  public static Table read(Path file, String label) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          label + " must be a readable CSV file. Provided value: " + file);
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, label);
    }
  }

  /** Reads CSV text from {@code in}. */
  public static Table read(Reader in, String label) throws IOException {
    Parser p = new Parser(in.markSupported() ? in : new BufferedReader(in));
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    List<Field> record;
    while ((record = p.next()) != null) {
      if (record.size() == 1 && !record.get(0).quoted && record.get(0).text.isBlank()) {
        continue; // an empty line
      }
      if (header == null) {
        header = new ArrayList<>();
        for (Field f : record) {
          String name = f.text.strip();
          if (header.isEmpty() && name.startsWith("\uFEFF")) {
            name = name.substring(1);
          }
          if (name.isEmpty()) {
            throw new IllegalArgumentException(
                label + " header must name every column. Provided value: column "
                    + (header.size() + 1) + " has an empty name");
          }
          header.add(name);
        }
        continue;
      }
      if (record.size() != header.size()) {
        throw new IllegalArgumentException(
            label + " must have " + header.size() + " fields on every line (ragged CSV)."
                + " Provided value: line " + p.recordStartLine + " has " + record.size());
      }
      String[] row = new String[record.size()];
      for (int i = 0; i < row.length; i++) {
        Field f = record.get(i);
        String v = f.quoted ? f.text : f.text.strip();
        row[i] = !f.quoted && MISSING.contains(v) ? null : v;
      }
      rows.add(row);
    }
    if (header == null) {
      throw new IllegalArgumentException(
          label + " must have a header line and at least one data row. Provided value: an empty file");
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          label + " must have at least one data row. Provided value: a header only");
    }
    return Table.of(header, rows);
  }

  private record Field(String text, boolean quoted) {}

  /** Splits the character stream into records of fields, following RFC 4180. */
  private static final class Parser {
    private final Reader in;
    private int line = 1;
    int recordStartLine;
    private boolean eof;

    Parser(Reader in) {
      this.in = in;
    }

    List<Field> next() throws IOException {
      if (eof) {
        return null;
      }
      recordStartLine = line;
      List<Field> fields = new ArrayList<>();
      StringBuilder sb = new StringBuilder();
      boolean quoted = false;
      boolean inQuotes = false;
      boolean any = false;
      while (true) {
        int c = in.read();
        if (c < 0) {
          eof = true;
          if (inQuotes) {
            throw new IllegalArgumentException(
                "CSV must close every quoted field. Provided value: a quote opened at line "
                    + recordStartLine + " is never closed");
          }
          if (!any && fields.isEmpty()) {
            return null;
          }
          fields.add(new Field(sb.toString(), quoted));
          return fields;
        }
        any = true;
        if (inQuotes) {
          if (c == '"') {
            in.mark(1);
            int d = in.read();
            if (d == '"') {
              sb.append('"');
            } else {
              inQuotes = false;
              if (d >= 0) {
                in.reset();
              }
            }
          } else {
            if (c == '\n') {
              line++;
            }
            sb.append((char) c);
          }
          continue;
        }
        switch (c) {
          case ',' -> {
            fields.add(new Field(sb.toString(), quoted));
            sb.setLength(0);
            quoted = false;
          }
          case '"' -> {
            if (sb.toString().isBlank() && !quoted) {
              sb.setLength(0);
              quoted = true;
              inQuotes = true;
            } else {
              sb.append('"'); // a stray quote inside an unquoted field is kept as text
            }
          }
          case '\r' -> {
            // part of CRLF; a lone CR is ignored as well
          }
          case '\n' -> {
            line++;
            fields.add(new Field(sb.toString(), quoted));
            return fields;
          }
          default -> sb.append((char) c);
        }
      }
    }
  }
}
