package se.tillit.synth.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The columns of a table, in order, with their public domains. */
public record Schema(List<ColumnSchema> columns) {
  public Schema {
    columns = List.copyOf(columns);
    Set<String> seen = new HashSet<>();
    for (ColumnSchema c : columns) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException(
            "column names must be unique. Provided value: duplicate '" + c.name() + "'");
      }
    }
  }

  public ColumnSchema column(String name) {
    for (ColumnSchema c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "column must be one of " + names() + ". Provided value: '" + name + "'");
  }

  public List<String> names() {
    return columns.stream().map(ColumnSchema::name).toList();
  }

  public int[] domainSizes() {
    return columns.stream().mapToInt(ColumnSchema::domainSize).toArray();
  }
}
