package se.tillit.fl.simulation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table as text cells with a header, the form in which a simulation hands each simulated agency
 * its local data (the same form a client reads from its CSV file). Empty cells are missing values.
 */
public record Rows(List<String> columns, List<String[]> rows) {
  public Rows {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length != columns.size()) {
        throw new IllegalArgumentException("row " + (i + 1) + " has " + rows.get(i).length
            + " cells; the header has " + columns.size());
      }
    }
  }

  public int size() {
    return rows.size();
  }

  /** The position of {@code column}, or an error naming the columns that exist. */
  public int indexOf(String column) {
    int i = columns.indexOf(Objects.requireNonNull(column, "column"));
    if (i < 0) {
      throw new IllegalArgumentException(
          "column '" + column + "' does not exist; the columns are " + columns);
    }
    return i;
  }

  /** The rows at {@code indices}, in that order. */
  public Rows select(List<Integer> indices) {
    List<String[]> out = new ArrayList<>(indices.size());
    for (int i : indices) {
      out.add(rows.get(i));
    }
    return new Rows(columns, out);
  }

  /** Writes RFC 4180 CSV (UTF-8, header first, cells quoted when needed). */
  public void writeCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeLine(w, columns.toArray(String[]::new));
      for (String[] row : rows) {
        writeLine(w, row);
      }
    }
  }

  private static void writeLine(Writer w, String[] cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        w.write(',');
      }
      String c = cells[i] == null ? "" : cells[i];
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        w.write('"');
        w.write(c.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(c);
      }
    }
    w.write('\n');
  }

  @Override
  public String toString() {
    return "Rows{columns=" + columns.size() + ", rows=" + rows.size() + "}";
  }
}
