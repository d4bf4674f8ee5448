package se.tillit.pseudonymize.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * k-anonymity and l-diversity of a table over its quasi-identifiers. Holds counts only.
 *
 * <p>k is the size of the smallest equivalence class (records sharing all quasi-identifier
 * values); the table is k-anonymous for every threshold up to it. l is the smallest number of
 * distinct sensitive values within a class (distinct l-diversity).
 */
public final class AnonymityReport {
  private final List<String> quasiIdentifiers;
  private final String sensitive;
  private final long records;
  private final long equivalenceClasses;
  private final int kThreshold;
  private final long minClassSize;
  private final long classesBelowK;
  private final long recordsBelowK;
  private final long[] recordsByClassSize;
  private final int lThreshold;
  private final long minDistinctSensitive;
  private final long classesBelowL;
  private final long recordsBelowL;

  AnonymityReport(List<String> quasiIdentifiers, String sensitive, long records, long equivalenceClasses,
      int kThreshold, long minClassSize, long classesBelowK, long recordsBelowK, long[] recordsByClassSize,
      int lThreshold, long minDistinctSensitive, long classesBelowL, long recordsBelowL) {
    this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    this.sensitive = sensitive;
    this.records = records;
    this.equivalenceClasses = equivalenceClasses;
    this.kThreshold = kThreshold;
    this.minClassSize = minClassSize;
    this.classesBelowK = classesBelowK;
    this.recordsBelowK = recordsBelowK;
    this.recordsByClassSize = recordsByClassSize.clone();
    this.lThreshold = lThreshold;
    this.minDistinctSensitive = minDistinctSensitive;
    this.classesBelowL = classesBelowL;
    this.recordsBelowL = recordsBelowL;
  }

  public List<String> quasiIdentifiers() {
    return quasiIdentifiers;
  }

  public long records() {
    return records;
  }

  public long equivalenceClasses() {
    return equivalenceClasses;
  }

  /** The achieved k: size of the smallest equivalence class (0 for an empty table). */
  public long k() {
    return minClassSize;
  }

  public int kThreshold() {
    return kThreshold;
  }

  /** Number of classes with fewer than {@link #kThreshold()} records. */
  public long classesBelowK() {
    return classesBelowK;
  }

  /** Number of records in classes with fewer than {@link #kThreshold()} records. */
  public long recordsBelowK() {
    return recordsBelowK;
  }

  public double percentRecordsBelowK() {
    return records == 0 ? 0 : 100.0 * recordsBelowK / records;
  }

  /** Whether every class has at least {@link #kThreshold()} records. */
  public boolean meetsK() {
    return recordsBelowK == 0;
  }

  /** The achieved distinct l, or -1 when the policy names no sensitive column. */
  public long l() {
    return minDistinctSensitive;
  }

  public int lThreshold() {
    return lThreshold;
  }

  public long classesBelowL() {
    return classesBelowL;
  }

  public long recordsBelowL() {
    return recordsBelowL;
  }

  /** The report as a JSON-ready map (snake_case keys). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("records", records);
    m.put("quasi_identifiers", quasiIdentifiers);
    m.put("equivalence_classes", equivalenceClasses);
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("k", minClassSize);
    k.put("threshold", kThreshold);
    k.put("meets_threshold", meetsK());
    k.put("classes_below_threshold", classesBelowK);
    k.put("records_below_threshold", recordsBelowK);
    k.put("percent_records_below_threshold", percentRecordsBelowK());
    Map<String, Object> hist = new LinkedHashMap<>();
    for (int i = 1; i < kThreshold; i++) {
      hist.put(Integer.toString(i), recordsByClassSize[i]);
    }
    hist.put(">=" + kThreshold, recordsByClassSize[kThreshold]);
    k.put("records_by_class_size", hist);
    m.put("k_anonymity", k);
    if (sensitive != null) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("sensitive", sensitive);
      l.put("l", minDistinctSensitive);
      l.put("threshold", lThreshold);
      l.put("meets_threshold", recordsBelowL == 0);
      l.put("classes_below_threshold", classesBelowL);
      l.put("records_below_threshold", recordsBelowL);
      l.put("percent_records_below_threshold", records == 0 ? 0.0 : 100.0 * recordsBelowL / records);
      m.put("l_diversity", l);
    }
    return m;
  }

  /** A few readable lines. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "k-anonymity over %s: k = %d (%d records, %d equivalence classes); %d classes with %d records"
            + " (%.2f%%) are below k = %d%n",
        quasiIdentifiers, minClassSize, records, equivalenceClasses, classesBelowK, recordsBelowK,
        percentRecordsBelowK(), kThreshold));
    if (sensitive != null) {
      sb.append(String.format(Locale.ROOT,
          "l-diversity of '%s': l = %d; %d classes with %d records (%.2f%%) are below l = %d%n",
          sensitive, minDistinctSensitive, classesBelowL, recordsBelowL,
          records == 0 ? 0.0 : 100.0 * recordsBelowL / records, lThreshold));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "AnonymityReport" + toMap();
  }
}
