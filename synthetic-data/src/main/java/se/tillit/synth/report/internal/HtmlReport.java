package se.tillit.synth.report.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import se.tillit.synth.report.ColumnFidelity;
import se.tillit.synth.report.PrivacyResult;
import se.tillit.synth.report.UtilityResult;

/**
 * Renders a report as one self-contained HTML page: inline CSS, every picture a base64 PNG data
 * URI, no scripts and no external resources, so it reads offline and can be mailed as one file.
 */
public final class HtmlReport {
  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:0;
        color:#222;background:#f6f7f9;line-height:1.45}
      main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
      h1{font-size:26px;margin:0 0 4px}
      h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #dde1e6}
      h3{font-size:15px;margin:0 0 6px}
      .sub{color:#555;margin:0 0 18px}
      table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0 12px}
      th,td{border:1px solid #dde1e6;padding:6px 10px;text-align:left;vertical-align:top}
      th{background:#eef1f5;font-weight:600}
      td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .ok{color:#1a7f37}.warn{color:#9a6700}.bad{color:#cf222e}
      .grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}
      .card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 12px}
      .card img{max-width:100%;height:auto;display:block}
      .note{background:#fff8e1;border:1px solid #f0d68a;border-radius:6px;padding:8px 12px;margin:10px 0}
      .muted{color:#666;font-size:13px}
      img.wide{max-width:100%;height:auto;background:#fff;border:1px solid #dde1e6;border-radius:6px}
      .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;vertical-align:-1px}
      """;

  private HtmlReport() {}

  public static String render(ReportData d) {
    StringBuilder h = new StringBuilder(1 << 20);
    PrivacyResult p = d.privacy();
    UtilityResult u = d.utility();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Synthetic data report</title><style>").append(CSS)
        .append("</style></head><body><main>\n");
    h.append("<h1>Synthetic data: quality and privacy report</h1>\n<p class=\"sub\">")
        .append(d.realRows()).append(" real rows, ").append(d.syntheticRows())
        .append(" synthetic rows, ").append(d.columns().size()).append(" columns (")
        .append(count(d.numeric(), true)).append(" numeric, ").append(count(d.numeric(), false))
        .append(" categorical). Training rows: ").append(d.trainingRows()).append("; holdout rows: ")
        .append(d.holdoutRows()).append(d.holdoutFromFile() ? " (holdout file)" : " (random split of the real table)")
        .append(". Seed ").append(d.seed()).append("; computed in ")
        .append(String.format(Locale.ROOT, "%.1f", d.seconds())).append(" s.</p>\n");

    // Summary.
    h.append("<h2>Summary</h2>\n<table><tr><th>Measure</th><th>Value</th><th>Reading</th></tr>\n");
    row(h, "Mean 1-way marginal TVD", f3(d.meanMarginalTvd()),
        Interpretation.marginalTvd(d.meanMarginalTvd()), level(d.meanMarginalTvd(), 0.05, 0.10, true));
    row(h, "Mean 2-way marginal TVD", f3(d.meanPairwiseTvd()),
        Interpretation.pairwiseTvd(d.meanPairwiseTvd()), level(d.meanPairwiseTvd(), 0.05, 0.10, true));
    row(h, "Mean association difference", f3(d.meanAssociationDifference()),
        Interpretation.association(d.meanAssociationDifference()),
        level(d.meanAssociationDifference(), 0.05, 0.10, true));
    if (u != null) {
      row(h, "Accuracy for <b>" + esc(u.target()) + "</b>: TSTR / TRTR",
          f3(u.tstrAccuracy()) + " / " + f3(u.trtrAccuracy()),
          Interpretation.utility(u.tstrAccuracy(), u.trtrAccuracy(), u.majorityAccuracy()),
          level(u.trtrAccuracy() - u.tstrAccuracy(), 0.02, 0.05, true));
    } else {
      row(h, "Accuracy TSTR / TRTR", "&mdash;", "not measured: no target column given (--target)", "");
    }
    row(h, "DCR ratio (median synthetic / median holdout)", f3(p.dcrRatio()),
        Interpretation.dcr(p.dcrRatio()), level(p.dcrRatio(), 0.9, 0.5, false));
    row(h, "Exact-match rate", pct(p.exactMatchRate()),
        Interpretation.exactMatch(p.exactMatchRate(), p.holdoutExactMatchRate()),
        level(p.exactMatchRate() - p.holdoutExactMatchRate(), 0.01, 0.05, true));
    row(h, "Membership-inference AUC", f3(p.miaAuc()), Interpretation.mia(p.miaAuc()),
        level(p.miaAuc(), 0.55, 0.60, true));
    h.append("</table>\n");
    if (!d.holdoutFromFile()) {
      h.append("<div class=\"note\"><b>No holdout file was given.</b> The real table was split at random")
          .append(" into training and holdout rows. If the synthesizer was fitted on the whole real table,")
          .append(" the \"holdout\" rows were seen too: the distance baseline is then still meaningful, but")
          .append(" the membership-inference AUC is biased towards 0.5. For a sound privacy check, fit the")
          .append(" synthesizer on part of the data and pass the rest with <code>--holdout</code>.</div>\n");
    }

    // Fidelity.
    h.append("<h2>Column distributions</h2>\n<p class=\"legend\">Share of rows per category or bin:")
        .append("<span style=\"background:").append(css(Charts.REAL)).append("\"></span>real")
        .append("<span style=\"background:").append(css(Charts.SYNTHETIC)).append("\"></span>synthetic.")
        .append(" TVD is measured on up to 20 quantile bins of the real data per numeric column;")
        .append(" the charts use 30 equal-width bins between the real 0.5% and 99.5% quantiles")
        .append(" (values outside fall into the end bins).</p>\n<div class=\"grid\">\n");
    for (ReportData.ColumnChart c : d.charts()) {
      h.append("<div class=\"card\"><h3>").append(esc(c.name())).append(" <span class=\"muted\">(")
          .append(c.numeric() ? "numeric" : "categorical").append("; TVD ").append(f3(c.tvd()))
          .append(")</span></h3>");
      img(h, Charts.column(c), "Distribution of " + c.name() + ", real against synthetic", "");
      if (c.realMissing() > 0 || c.syntheticMissing() > 0) {
        h.append("<div class=\"muted\">missing: real ").append(pct(c.realMissing()))
            .append(", synthetic ").append(pct(c.syntheticMissing())).append("</div>");
      }
      h.append("</div>\n");
    }
    h.append("</div>\n");

    h.append("<h3 style=\"margin-top:18px\">Per-column and worst pairwise TVD</h3>\n<div class=\"grid\"><div>")
        .append("<table><tr><th>Column</th><th>Kind</th><th>1-way TVD</th></tr>\n");
    List<ColumnFidelity> cols = new ArrayList<>(d.columnFidelity());
    cols.sort(Comparator.comparingDouble(ColumnFidelity::tvd).reversed());
    for (ColumnFidelity c : cols) {
      h.append("<tr><td>").append(esc(c.name())).append("</td><td>")
          .append(c.numeric() ? "numeric" : "categorical").append("</td><td class=\"num\">")
          .append(f3(c.tvd())).append("</td></tr>\n");
    }
    h.append("</table></div><div><table><tr><th>Pair of columns</th><th>2-way TVD</th></tr>\n");
    for (ReportData.PairTvd pr : d.worstPairs()) {
      h.append("<tr><td>").append(esc(pr.first())).append(" &times; ").append(esc(pr.second()))
          .append("</td><td class=\"num\">").append(f3(pr.tvd())).append("</td></tr>\n");
    }
    h.append("</table></div></div>\n");

    // Associations.
    h.append("<h2>Association differences</h2>\n<p>|association in real &minus; association in")
        .append(" synthetic| for every pair of columns: Pearson's r for two numeric columns, Cramér's V")
        .append(" for two categorical ones, the correlation ratio &eta; for a numeric and a categorical")
        .append(" one. White = preserved; dark red = differs by 0.5 or more. Mean ")
        .append(f3(d.meanAssociationDifference())).append(", largest ")
        .append(f3(d.maxAssociationDifference())).append(".</p>\n");
    if (d.columns().size() >= 2) {
      img(h, Charts.associationHeatMap(d.columns(), d.associationReal(), d.associationSynthetic()),
          "Heat map of association differences", "wide");
    }

    // Utility.
    h.append("<h2>Machine-learning utility</h2>\n");
    if (u == null) {
      h.append("<p>Not measured: give a target column (<code>--target COLUMN</code>) to compare a")
          .append(" model trained on synthetic data with one trained on real data.</p>\n");
    } else {
      h.append("<p>A random forest predicts <b>").append(esc(u.target()))
          .append("</b> from the other columns. Trained on the synthetic rows (TSTR) and on the real")
          .append(" training rows (TRTR), both are tested on the same ").append(u.testRows())
          .append(" real holdout rows. ")
          .append(esc(Interpretation.utility(u.tstrAccuracy(), u.trtrAccuracy(), u.majorityAccuracy())))
          .append(".</p>\n");
      img(h, Charts.utility(u.majorityAccuracy(), u.trtrAccuracy(), u.tstrAccuracy()),
          "Accuracy of models trained on real and synthetic data", "");
    }

    // Privacy.
    h.append("<h2>Privacy</h2>\n<p>Distance to the closest record (DCR): for each synthetic row, and")
        .append(" for each real holdout row as a baseline, the Gower distance to the closest real")
        .append(" training row (mean over columns of 0/1 for categories and |difference| / range for")
        .append(" numbers; 0 = identical). Synthetic rows much closer than holdout rows suggest")
        .append(" memorised records. Up to ").append(p.queryRows())
        .append(" rows are queried per side.</p>\n");
    img(h, Charts.dcrHistogram(d.dcrSynthetic(), d.dcrHoldout()), "Histogram of distances to closest record", "wide");
    h.append("<table><tr><th></th><th>Synthetic rows</th><th>Holdout rows (baseline)</th></tr>\n")
        .append("<tr><td>Median DCR</td><td class=\"num\">").append(f4(p.dcrSyntheticMedian()))
        .append("</td><td class=\"num\">").append(f4(p.dcrHoldoutMedian())).append("</td></tr>\n")
        .append("<tr><td>5th percentile DCR</td><td class=\"num\">").append(f4(p.dcrSyntheticP5()))
        .append("</td><td class=\"num\">").append(f4(p.dcrHoldoutP5())).append("</td></tr>\n")
        .append("<tr><td>Share closer than the holdout's 5th percentile</td><td class=\"num\">")
        .append(pct(p.shareBelowHoldoutP5())).append("</td><td class=\"num\">5.0% (by definition)</td></tr>\n")
        .append("<tr><td>Identical to a training row</td><td class=\"num\">").append(pct(p.exactMatchRate()))
        .append("</td><td class=\"num\">").append(pct(p.holdoutExactMatchRate())).append("</td></tr>\n")
        .append("</table>\n");
    h.append("<p><b>Membership inference.</b> An attacker who holds the synthetic data guesses that a")
        .append(" real record was in the training data when a synthetic row lies close to it. The AUC of")
        .append(" this guess over training rows (members) against holdout rows (non-members) is ")
        .append(f3(p.miaAuc())).append(": 0.5 means the attacker does no better than a coin toss, 1 means")
        .append(" membership is fully revealed. ").append(esc(Interpretation.mia(p.miaAuc()))).append(".</p>\n");
    h.append("<p class=\"muted\">These are empirical checks of one synthetic table, not a guarantee:")
        .append(" only a differentially private synthesizer bounds what any attack can learn.</p>\n");
    h.append("</main></body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String name, String value, String reading, String cls) {
    h.append("<tr><td>").append(name).append("</td><td class=\"num\"><b>").append(value)
        .append("</b></td><td class=\"").append(cls).append("\">").append(esc(reading))
        .append("</td></tr>\n");
  }

  /** CSS class by thresholds; {@code lowIsGood} says which side is good. */
  private static String level(double v, double good, double warn, boolean lowIsGood) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (lowIsGood) {
      return v <= good ? "ok" : v <= warn ? "warn" : "bad";
    }
    return v >= good ? "ok" : v >= warn ? "warn" : "bad";
  }

  private static void img(StringBuilder h, byte[] png, String alt, String cls) {
    h.append("<img");
    if (!cls.isEmpty()) {
      h.append(" class=\"").append(cls).append("\"");
    }
    h.append(" alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">");
  }

  private static int count(boolean[] a, boolean v) {
    int c = 0;
    for (boolean b : a) {
      c += b == v ? 1 : 0;
    }
    return c;
  }

  private static String css(java.awt.Color c) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String f3(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String f4(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pct(double v) {
    return Interpretation.pct(v);
  }
}
