package se.tillit.pseudonymize.table;

import java.util.List;
import java.util.Optional;

/** What one pass over a table did: rows written, output columns, time, and (if asked) the report. */
public final class TableRunResult {
  private final long rows;
  private final List<String> outputColumns;
  private final long nanos;
  private final AnonymityReport report;

  TableRunResult(long rows, List<String> outputColumns, long nanos, AnonymityReport report) {
    this.rows = rows;
    this.outputColumns = List.copyOf(outputColumns);
    this.nanos = nanos;
    this.report = report;
  }

  /** Data rows written (the header not counted). */
  public long rows() {
    return rows;
  }

  public List<String> outputColumns() {
    return outputColumns;
  }

  public double seconds() {
    return nanos / 1e9;
  }

  public double rowsPerSecond() {
    return nanos == 0 ? 0 : rows / seconds();
  }

  /** The k-anonymity / l-diversity report of the output (pseudonymisation only). */
  public Optional<AnonymityReport> report() {
    return Optional.ofNullable(report);
  }

  @Override
  public String toString() {
    return "TableRunResult{rows=" + rows + ", columns=" + outputColumns + ", seconds=" + seconds() + "}";
  }
}
