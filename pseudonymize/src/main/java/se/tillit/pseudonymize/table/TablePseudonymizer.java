package se.tillit.pseudonymize.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import se.tillit.pseudonymize.table.internal.CellTransform;
import se.tillit.pseudonymize.table.internal.ColumnSpec;
import se.tillit.pseudonymize.table.internal.TableEngine;
import se.tillit.pseudonymize.table.internal.Transforms;

/**
 * Pseudonymises a CSV table (RFC 4180, UTF-8, header row) by a {@link TablePolicy}, streaming row
 * by row, and measures k-anonymity and l-diversity of the output over the policy's
 * quasi-identifiers.
 *
 * <p>Every key the policy names is read when the pseudonymizer is created, so a missing or wrong
 * kind of key fails before any data is read. Errors name rows and columns, never values. An
 * instance can run several tables one after another; it is not thread-safe.
 */
public final class TablePseudonymizer {
  private final TablePolicy policy;
  private final Map<String, TableKey> keys;

  private TablePseudonymizer(TablePolicy policy, Map<String, TableKey> keys) {
    this.policy = policy;
    this.keys = keys;
  }

  /**
   * @param keys source of the policy's keys; may be null only if the policy uses no keys
   * @throws KeyStoreAccessException if a key is missing or of the wrong kind
   */
  public static TablePseudonymizer create(TablePolicy policy, TableKeys keys) {
    Objects.requireNonNull(policy, "policy");
    Map<String, TableKey> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, KeyPurpose> e : policy.requiredKeys().entrySet()) {
      if (keys == null) {
        throw new KeyStoreAccessException(
            "policy " + policy.sourceName() + " uses key '" + e.getKey() + "' but no keystore was given");
      }
      resolved.put(e.getKey(), keys.get(e.getKey(), e.getValue()));
    }
    return new TablePseudonymizer(policy, resolved);
  }

  public TablePolicy policy() {
    return policy;
  }

  /**
   * Reads CSV from {@code in}, writes the pseudonymised CSV to {@code out} (UTF-8, CRLF). Streams
   * are not closed.
   *
   * @throws TableDataException for malformed input, naming row and column
   * @throws PolicyException if the policy and the input's header do not match
   */
  public TableRunResult pseudonymize(InputStream in, OutputStream out) throws IOException {
    long start = System.nanoTime();
    List<String> qi = policy.quasiIdentifiers();
    String sensitive = policy.sensitive().orElse(null);
    AnonymityAnalyzer analyzer = new AnonymityAnalyzer(qi, sensitive);
    int[] qiIdx = new int[qi.size()];
    int[] sensIdx = {-1};
    TableEngine.Pass pass =
        TableEngine.run(
            in,
            out,
            (header, index) -> {
              List<TableEngine.Output> plan = plan(header, index);
              List<String> outNames = plan.stream().map(TableEngine.Output::name).toList();
              for (int i = 0; i < qi.size(); i++) {
                qiIdx[i] = outputIndex(outNames, qi.get(i), "quasi_identifiers");
              }
              if (sensitive != null) {
                sensIdx[0] = outputIndex(outNames, sensitive, "sensitive");
              }
              return plan;
            },
            row -> {
              String[] q = new String[qiIdx.length];
              for (int i = 0; i < q.length; i++) {
                q[i] = row[qiIdx[i]];
              }
              analyzer.add(q, sensIdx[0] < 0 ? null : row[sensIdx[0]]);
            });
    return new TableRunResult(pass.rows(), pass.columns(), System.nanoTime() - start,
        analyzer.report(policy.k(), policy.l()));
  }

  private int outputIndex(List<String> outNames, String column, String field) {
    int i = outNames.indexOf(column);
    if (i < 0) {
      throw new PolicyException(policy.sourceName(), 0, field,
          "names column '" + column + "', which is not in the output");
    }
    return i;
  }

  private List<TableEngine.Output> plan(String[] header, Map<String, Integer> index) {
    Map<String, ColumnSpec> specs = policy.specs();
    List<String> missing = new ArrayList<>();
    for (String c : specs.keySet()) {
      if (!index.containsKey(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new PolicyException(policy.sourceName(), specs.get(missing.get(0)).line(),
          "columns." + missing.get(0),
          "the policy names column(s) " + missing + " that the input does not have; the input's"
              + " columns are " + List.of(header));
    }
    TableKeys byAlias = (alias, purpose) -> keys.get(alias);
    List<TableEngine.Output> plan = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      ColumnSpec spec = specs.get(header[i]);
      if (spec == null) {
        switch (policy.unlistedColumns()) {
          case KEEP:
            plan.add(new TableEngine.Output(header[i], i, null, false));
            continue;
          case DROP:
            continue;
          default:
            throw new PolicyException(policy.sourceName(), 0, "columns",
                "input column '" + header[i] + "' is not named in the policy; give it a transform"
                    + " (keep, suppress, ...) or set unlisted_columns: keep | drop");
        }
      }
      if (spec.dropped()) {
        continue;
      }
      CellTransform t = Transforms.create(spec, byAlias, index);
      plan.add(new TableEngine.Output(header[i], i, t, false));
    }
    return plan;
  }

  @Override
  public String toString() {
    return "TablePseudonymizer{policy=" + policy.sourceName() + ", keys=" + keys.keySet() + "}";
  }
}
