package se.tillit.synth.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.tillit.synth.data.Table;
import se.tillit.synth.report.internal.HtmlReport;
import se.tillit.synth.report.internal.Interpretation;
import se.tillit.synth.report.internal.ReportData;
import se.tillit.synth.report.internal.ReportEngine;
import se.tillit.synth.report.internal.SimpleCsv;

/**
 * Quality and privacy of a synthetic table measured against the real table it imitates.
 *
 * <p>Fidelity: total variation distance (TVD) of every 1-way marginal and every 2-way marginal,
 * numeric columns binned on up to {@code bins} quantile bins of the real data; the difference of
 * pairwise associations (Pearson's r, Cramér's V, correlation ratio). Utility, when a target
 * column is given: accuracy on real test rows of a random forest trained on synthetic rows (TSTR)
 * against one trained on real training rows (TRTR). Privacy: distance to the closest real training
 * record (DCR) of synthetic rows against that of real holdout rows, the exact-match rate, and the
 * AUC of a distance-based membership-inference attack.
 *
 * <p>The training rows are the real table and the holdout rows the holdout table when one is
 * given; otherwise the real table is split at random (see {@link ReportOptions#holdoutFraction()}).
 * The privacy figures only mean something when the synthesizer was fitted on the training rows
 * alone: with a random split of a table the synthesizer saw in full, "holdout" rows were seen too,
 * and the attack's AUC is biased towards 0.5. Nearest-neighbour searches use at most {@link
 * ReportOptions#maxQueryRows()} seeded-random query rows per side.
 *
 * <p>Column kinds are inferred from the real table: numeric when every present value is a number,
 * categorical otherwise. {@link #toString()} shows only figures, never cell values; the HTML page
 * shows category labels in its charts, as a report on a table must.
 */
public final class SynthesisReport {
  private final ReportData data;

  private SynthesisReport(ReportData data) {
    this.data = data;
  }

  /**
   * Computes the report.
   *
   * @param real the real table (the synthesizer's training data when {@code holdout} is given)
   * @param synthetic the synthetic table, with the same columns (in any order)
   * @param holdout real rows the synthesizer never saw, or null to split {@code real}
   * @throws IllegalArgumentException on empty tables, differing columns, or a target that is not
   *     a column or has too many values to be a class
   */
  public static SynthesisReport compute(
      Table real, Table synthetic, Table holdout, ReportOptions options) {
    return compute(real, synthetic, holdout, options, ReportProgress.NONE);
  }

  /** As {@link #compute(Table, Table, Table, ReportOptions)}, telling {@code progress}. */
  public static SynthesisReport compute(
      Table real, Table synthetic, Table holdout, ReportOptions options, ReportProgress progress) {
    if (options == null) {
      throw new IllegalArgumentException("options must be given. Provided value: null");
    }
    return new SynthesisReport(
        ReportEngine.compute(
            real, synthetic, holdout, options, progress == null ? ReportProgress.NONE : progress));
  }

  /**
   * Reads the CSV files (header line; missing values "", "?" or "NA"; unquoted values stripped of
   * surrounding spaces) and computes the report.
   *
   * @param holdout a CSV file of holdout rows, or null
   * @throws IllegalArgumentException also on a missing, empty or ragged file
   */
  public static SynthesisReport fromCsv(
      Path real, Path synthetic, Path holdout, ReportOptions options, ReportProgress progress)
      throws IOException {
    Table r = SimpleCsv.read(real, "real CSV");
    Table s = SimpleCsv.read(synthetic, "synthetic CSV");
    Table h = holdout == null ? null : SimpleCsv.read(holdout, "holdout CSV");
    return compute(r, s, h, options, progress);
  }

  /** Mean over columns of the 1-way marginal TVD, in [0, 1]. */
  public double meanMarginalTvd() {
    return data.meanMarginalTvd();
  }

  /** Mean over all pairs of columns of the 2-way marginal TVD, in [0, 1]; NaN with one column. */
  public double meanPairwiseTvd() {
    return data.meanPairwiseTvd();
  }

  /** Mean over pairs of columns of |association(real) - association(synthetic)|. */
  public double meanAssociationDifference() {
    return data.meanAssociationDifference();
  }

  /** Per-column 1-way TVD, in the real table's column order. */
  public List<ColumnFidelity> columns() {
    return data.columnFidelity();
  }

  /** TSTR/TRTR accuracy; empty when no target was given. */
  public Optional<UtilityResult> utility() {
    return Optional.ofNullable(data.utility());
  }

  public PrivacyResult privacy() {
    return data.privacy();
  }

  public int realRows() {
    return data.realRows();
  }

  public int syntheticRows() {
    return data.syntheticRows();
  }

  /** The seed used (given or drawn): passing it again reproduces the report. */
  public long seed() {
    return data.seed();
  }

  /**
   * The headline figures as a JSON-ready map with snake_case keys; undefined figures (NaN, or
   * utility without a target) are null.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    PrivacyResult p = data.privacy();
    UtilityResult u = data.utility();
    m.put("rows", data.realRows());
    m.put("synthetic_rows", data.syntheticRows());
    m.put("training_rows", data.trainingRows());
    m.put("holdout_rows", data.holdoutRows());
    m.put("holdout_source", data.holdoutFromFile() ? "file" : "split");
    m.put("columns", data.columns().size());
    m.put("mean_marginal_tvd", num(data.meanMarginalTvd()));
    m.put("mean_pairwise_tvd", num(data.meanPairwiseTvd()));
    m.put("mean_association_difference", num(data.meanAssociationDifference()));
    m.put("max_association_difference", num(data.maxAssociationDifference()));
    m.put("target", u == null ? null : u.target());
    m.put("tstr_accuracy", u == null ? null : num(u.tstrAccuracy()));
    m.put("trtr_accuracy", u == null ? null : num(u.trtrAccuracy()));
    m.put("majority_accuracy", u == null ? null : num(u.majorityAccuracy()));
    m.put("dcr_ratio", num(p.dcrRatio()));
    m.put("dcr_synthetic_median", num(p.dcrSyntheticMedian()));
    m.put("dcr_holdout_median", num(p.dcrHoldoutMedian()));
    m.put("dcr_synthetic_p5", num(p.dcrSyntheticP5()));
    m.put("dcr_holdout_p5", num(p.dcrHoldoutP5()));
    m.put("dcr_share_below_holdout_p5", num(p.shareBelowHoldoutP5()));
    m.put("exact_match_rate", num(p.exactMatchRate()));
    m.put("holdout_exact_match_rate", num(p.holdoutExactMatchRate()));
    m.put("mia_auc", num(p.miaAuc()));
    Map<String, Object> perColumn = new LinkedHashMap<>();
    for (ColumnFidelity c : data.columnFidelity()) {
      perColumn.put(c.name(), num(c.tvd()));
    }
    m.put("column_tvd", perColumn);
    m.put("seed", data.seed());
    m.put("seconds", data.seconds());
    return m;
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** One plain-language line per headline figure, as in the HTML summary. */
  public List<String> interpretation() {
    PrivacyResult p = data.privacy();
    UtilityResult u = data.utility();
    List<String> out = new ArrayList<>();
    out.add("1-way marginals: " + Interpretation.marginalTvd(data.meanMarginalTvd()));
    out.add("2-way marginals: " + Interpretation.pairwiseTvd(data.meanPairwiseTvd()));
    out.add("associations: " + Interpretation.association(data.meanAssociationDifference()));
    if (u != null) {
      out.add("utility for '" + u.target() + "': "
          + Interpretation.utility(u.tstrAccuracy(), u.trtrAccuracy(), u.majorityAccuracy()));
    }
    out.add("distance to closest record: " + Interpretation.dcr(p.dcrRatio()));
    out.add("exact matches: "
        + Interpretation.exactMatch(p.exactMatchRate(), p.holdoutExactMatchRate()));
    out.add("membership inference: " + Interpretation.mia(p.miaAuc()));
    return List.copyOf(out);
  }

  /** The report as one self-contained HTML page (inline CSS, charts as base64 PNG data URIs). */
  public String toHtml() {
    return HtmlReport.render(data);
  }

  /** Writes {@link #toHtml()} to {@code file} (UTF-8). */
  public void writeHtml(Path file) throws IOException {
    Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SynthesisReport[" + data.realRows() + " real rows, " + data.syntheticRows()
        + " synthetic rows, " + data.columns().size() + " columns, mean_marginal_tvd="
        + data.meanMarginalTvd() + ", mia_auc=" + data.privacy().miaAuc() + "]";
  }
}
