package se.tillit.pseudonymize.table.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import se.tillit.pseudonymize.table.TransformKind;

/** One column's validated policy entry: transform, key alias and typed parameters. */
public final class ColumnSpec {
  private final String column;
  private final TransformKind kind;
  private final int line;
  private final String keyAlias;
  private final Map<String, Object> params;

  public ColumnSpec(String column, TransformKind kind, int line, String keyAlias, Map<String, Object> params) {
    this.column = column;
    this.kind = kind;
    this.line = line;
    this.keyAlias = keyAlias;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public String column() {
    return column;
  }

  public TransformKind kind() {
    return kind;
  }

  public int line() {
    return line;
  }

  /** Key alias, or null for transforms without a key. */
  public String keyAlias() {
    return keyAlias;
  }

  public Map<String, Object> params() {
    return params;
  }

  public String string(String name) {
    return (String) params.get(name);
  }

  public int integer(String name) {
    return (Integer) params.get(name);
  }

  public Integer optionalInteger(String name) {
    return (Integer) params.get(name);
  }

  /** Whether this column is absent from the output (suppress with mode drop). */
  public boolean dropped() {
    return kind == TransformKind.SUPPRESS && "drop".equals(params.get("mode"));
  }
}
