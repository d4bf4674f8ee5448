package se.tillit.synth.classical.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.internal.Cells;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;

/**
 * A table as numbers, column-major: categorical cells are category indices (missing = the
 * number of categories), other cells their value (DATE: epoch day; missing = NaN).
 */
public final class Columns {
  private Columns() {}

  public static double[][] of(Table table, Schema schema) {
    List<ColumnSchema> cols = schema.columns();
    int n = table.rowCount();
    double[][] x = new double[cols.size()][n];
    for (int j = 0; j < cols.size(); j++) {
      ColumnSchema c = cols.get(j);
      int t = table.columnIndex(c.name());
      Map<String, Integer> idx = new HashMap<>();
      for (int k = 0; k < c.categories().size(); k++) {
        idx.put(c.categories().get(k), k);
      }
      for (int r = 0; r < n; r++) {
        String cell = table.get(r, t);
        if (cell == null) {
          if (!c.nullable()) {
            throw Cells.missing(c, r + 1);
          }
          x[j][r] = c.type() == ColumnType.CATEGORICAL ? c.categories().size() : Double.NaN;
        } else if (c.type() == ColumnType.CATEGORICAL) {
          x[j][r] = Cells.category(c, idx, cell, r + 1);
        } else {
          x[j][r] = Cells.number(c, cell, r + 1);
        }
      }
    }
    return x;
  }

  /** Text of value {@code v} in column {@code c}; null for missing. */
  public static String text(ColumnSchema c, double v) {
    if (c.type() == ColumnType.CATEGORICAL) {
      int k = (int) v;
      return k >= c.categories().size() ? null : c.categories().get(k);
    }
    if (Double.isNaN(v)) {
      return null;
    }
    return Cells.format(c.type(), v);
  }

  /** Rows as strings from column-major numbers. */
  public static Table toTable(Schema schema, double[][] x, int rows) {
    List<ColumnSchema> cols = schema.columns();
    java.util.ArrayList<String[]> out = new java.util.ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      String[] row = new String[cols.size()];
      for (int j = 0; j < row.length; j++) {
        row[j] = text(cols.get(j), x[j][r]);
      }
      out.add(row);
    }
    return Table.of(schema.names(), out);
  }
}
