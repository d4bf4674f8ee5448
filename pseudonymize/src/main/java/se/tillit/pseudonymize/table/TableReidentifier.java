package se.tillit.pseudonymize.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import se.tillit.pseudonymize.table.internal.ColumnSpec;
import se.tillit.pseudonymize.table.internal.TableEngine;
import se.tillit.pseudonymize.table.internal.Transforms;

/**
 * Restores the original values of chosen columns of a pseudonymised table, for users who hold the
 * keys. Only {@code encrypt} (AES-SIV) and {@code fpe} (FF1) columns can be restored; other
 * columns are copied unchanged. For {@code encrypt} a wrong key is detected (authentication
 * fails, the error names row and column); FF1 cannot detect a wrong key, it yields other
 * well-formed values.
 */
public final class TableReidentifier {
  private final TablePolicy policy;
  private final Set<String> columns;
  private final Map<String, TableKey> keys;

  private TableReidentifier(TablePolicy policy, Set<String> columns, Map<String, TableKey> keys) {
    this.policy = policy;
    this.columns = columns;
    this.keys = keys;
  }

  /**
   * @param columns the columns to restore (at least one); each must use encrypt or fpe
   * @throws IllegalArgumentException naming a column that cannot be restored
   * @throws KeyStoreAccessException if a key is missing or of the wrong kind
   */
  public static TableReidentifier create(TablePolicy policy, TableKeys keys, Collection<String> columns) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(keys, "keys");
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("columns must name at least one column to re-identify");
    }
    Set<String> cols = new LinkedHashSet<>(columns);
    Map<String, TableKey> resolved = new LinkedHashMap<>();
    for (String c : cols) {
      ColumnSpec spec = policy.specs().get(c);
      if (spec == null) {
        throw new IllegalArgumentException(
            "column '" + c + "' is not in policy " + policy.sourceName() + "; its columns are " + policy.columns());
      }
      if (!spec.kind().reversible()) {
        throw new IllegalArgumentException(
            "column '" + c + "' uses transform " + spec.kind().policyName()
                + ", which cannot be reversed; only encrypt and fpe columns can be re-identified");
      }
      resolved.computeIfAbsent(spec.keyAlias(), a -> keys.get(a, spec.kind().keyPurpose()));
    }
    return new TableReidentifier(policy, Set.copyOf(cols), resolved);
  }

  /** Reads a pseudonymised CSV and writes it with the chosen columns restored. */
  public TableRunResult reidentify(InputStream in, OutputStream out) throws IOException {
    long start = System.nanoTime();
    TableKeys byAlias = (alias, purpose) -> keys.get(alias);
    TableEngine.Pass pass =
        TableEngine.run(
            in,
            out,
            (header, index) -> {
              for (String c : columns) {
                if (!index.containsKey(c)) {
                  throw new IllegalArgumentException(
                      "column '" + c + "' is not in the input; its columns are " + List.of(header));
                }
              }
              List<TableEngine.Output> plan = new ArrayList<>();
              for (int i = 0; i < header.length; i++) {
                if (columns.contains(header[i])) {
                  ColumnSpec spec = policy.specs().get(header[i]);
                  plan.add(new TableEngine.Output(header[i], i, Transforms.create(spec, byAlias, index), true));
                } else {
                  plan.add(new TableEngine.Output(header[i], i, null, false));
                }
              }
              return plan;
            },
            null);
    return new TableRunResult(pass.rows(), pass.columns(), System.nanoTime() - start, null);
  }
}
