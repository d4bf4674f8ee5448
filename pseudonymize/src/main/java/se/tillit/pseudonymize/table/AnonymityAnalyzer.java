package se.tillit.pseudonymize.table;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Accumulates equivalence classes (records with equal quasi-identifier values) row by row and
 * measures k-anonymity and l-diversity. Memory grows with the number of distinct classes, not with
 * the number of rows. The analyzer holds values in memory only; reports contain counts, never
 * values. Not thread-safe.
 */
public final class AnonymityAnalyzer {
  private final List<String> quasiIdentifiers;
  private final String sensitive;
  private final Map<Key, Stats> classes = new HashMap<>();
  private long records;

  private static final class Key {
    final String[] values;
    final int hash;

    Key(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final class Stats {
    long count;
    Set<String> sensitive;
  }

  /**
   * @param quasiIdentifiers names of the quasi-identifier columns (may be empty: one class)
   * @param sensitive name of the sensitive column, or null for no l-diversity
   */
  public AnonymityAnalyzer(List<String> quasiIdentifiers, String sensitive) {
    this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    this.sensitive = sensitive;
  }

  /**
   * Adds one record.
   *
   * @param qiValues the record's quasi-identifier values, in the order given to the constructor
   * @param sensitiveValue the record's sensitive value (ignored if there is no sensitive column)
   */
  public void add(String[] qiValues, String sensitiveValue) {
    if (qiValues.length != quasiIdentifiers.size()) {
      throw new IllegalArgumentException("qiValues must have " + quasiIdentifiers.size()
          + " values. Provided count: " + qiValues.length);
    }
    Stats s = classes.computeIfAbsent(new Key(qiValues.clone()), k -> new Stats());
    s.count++;
    if (sensitive != null) {
      if (s.sensitive == null) {
        s.sensitive = new HashSet<>(4);
      }
      s.sensitive.add(Objects.requireNonNull(sensitiveValue, "sensitiveValue"));
    }
    records++;
  }

  /** The report at thresholds k and l (both >= 1). */
  public AnonymityReport report(int k, int l) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1. Provided value: " + k);
    }
    if (l < 1) {
      throw new IllegalArgumentException("l must be >= 1. Provided value: " + l);
    }
    long minSize = Long.MAX_VALUE;
    long classesBelowK = 0;
    long recordsBelowK = 0;
    long minL = Long.MAX_VALUE;
    long classesBelowL = 0;
    long recordsBelowL = 0;
    long[] bySize = new long[k]; // index i: records in classes of size i (1..k-1); [0] unused
    long recordsAtLeastK = 0;
    for (Stats s : classes.values()) {
      minSize = Math.min(minSize, s.count);
      if (s.count < k) {
        classesBelowK++;
        recordsBelowK += s.count;
        bySize[(int) s.count] += s.count;
      } else {
        recordsAtLeastK += s.count;
      }
      if (sensitive != null) {
        int distinct = s.sensitive.size();
        minL = Math.min(minL, distinct);
        if (distinct < l) {
          classesBelowL++;
          recordsBelowL += s.count;
        }
      }
    }
    if (classes.isEmpty()) {
      minSize = 0;
      minL = 0;
    }
    long[] histogram = Arrays.copyOf(bySize, k + 1);
    histogram[k] = recordsAtLeastK;
    return new AnonymityReport(
        quasiIdentifiers, sensitive, records, classes.size(), k, minSize, classesBelowK, recordsBelowK,
        histogram, l, sensitive == null ? -1 : minL, classesBelowL, recordsBelowL);
  }
}
