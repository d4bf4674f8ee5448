package se.tillit.pseudonymize.table.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.tillit.pseudonymize.table.TableDataException;

/** The streaming loop shared by pseudonymisation and re-identification. */
public final class TableEngine {
  private TableEngine() {}

  /** Plans the output for a header: which transform per input column, which columns are kept. */
  public interface Planner {
    /** Returns one entry per OUTPUT column: the input index and the transform (null = copy). */
    List<Output> plan(String[] header, Map<String, Integer> index);
  }

  /** One output column. */
  public record Output(String name, int inputIndex, CellTransform transform, boolean reverse) {}

  /** Called with each output row (for the report). */
  public interface RowSink {
    void accept(String[] outputRow);
  }

  /** Result of a pass. */
  public record Pass(long rows, List<String> columns) {}

  public static Pass run(InputStream in, OutputStream out, Planner planner, RowSink sink) throws IOException {
    CsvReader reader = new CsvReader(in);
    CsvWriter writer = new CsvWriter(out);
    try {
      String[] header = readHeader(reader);
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        index.put(header[i], i);
      }
      List<Output> plan = planner.plan(header, index);
      String[] outHeader = plan.stream().map(Output::name).toArray(String[]::new);
      writer.write(outHeader);
      String[] outRow = new String[plan.size()];
      long rows = 0;
      String[] row;
      while ((row = reader.next()) != null) {
        if (row.length != header.length) {
          if (row.length == 1 && row[0].isEmpty()) {
            continue; // blank line
          }
          throw new TableDataException(
              "input row " + reader.row() + " (starting at line " + reader.rowStartLine() + ") has "
                  + row.length + " fields, but the header has " + header.length,
              reader.row(), null);
        }
        for (int j = 0; j < outRow.length; j++) {
          Output o = plan.get(j);
          String v = row[o.inputIndex()];
          if (o.transform() == null || v.isEmpty()) {
            outRow[j] = v;
            continue;
          }
          try {
            outRow[j] = o.reverse() ? o.transform().reverse(v) : o.transform().apply(v, row);
          } catch (CellTransform.CellException e) {
            throw new TableDataException(
                "input row " + reader.row() + " (starting at line " + reader.rowStartLine()
                    + "), column '" + header[o.inputIndex()] + "': the value " + e.getMessage(),
                reader.row(), header[o.inputIndex()]);
          }
        }
        writer.write(outRow);
        if (sink != null) {
          sink.accept(outRow);
        }
        rows++;
      }
      writer.flush();
      return new Pass(rows, List.of(outHeader));
    } catch (CsvReader.CsvFormatException e) {
      String col = null;
      throw new TableDataException(e.getMessage(), e.row(), col);
    }
  }

  private static String[] readHeader(CsvReader reader) throws IOException {
    String[] header = reader.next();
    if (header == null) {
      throw new TableDataException("input is empty: a header row is required", 0, null);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      String h = header[i].strip();
      header[i] = h;
      if (h.isEmpty()) {
        throw new TableDataException("input header: column #" + (i + 1) + " has no name", 1, null);
      }
      if (seen.put(h, i) != null) {
        throw new TableDataException("input header: column '" + h + "' appears twice", 1, h);
      }
    }
    reader.setHeader(header);
    return header;
  }
}
