package se.tillit.synth.report.internal;

import java.util.List;
import se.tillit.synth.report.ColumnFidelity;
import se.tillit.synth.report.PrivacyResult;
import se.tillit.synth.report.UtilityResult;

/** Everything a report computed, for the public result object and the HTML page. */
public record ReportData(
    List<String> columns,
    boolean[] numeric,
    int realRows,
    int syntheticRows,
    int trainingRows,
    int holdoutRows,
    boolean holdoutFromFile,
    long seed,
    List<ColumnFidelity> columnFidelity,
    double meanMarginalTvd,
    double meanPairwiseTvd,
    List<PairTvd> worstPairs,
    double[][] associationReal,
    double[][] associationSynthetic,
    double meanAssociationDifference,
    double maxAssociationDifference,
    UtilityResult utility,
    PrivacyResult privacy,
    List<ColumnChart> charts,
    double[] dcrSynthetic,
    double[] dcrHoldout,
    double seconds) {

  /** 2-way marginal TVD of one pair of columns. */
  public record PairTvd(String first, String second, double tvd) {}

  /**
   * What one column's chart shows. Categorical: {@code labels} are category names (the rarest
   * folded into "(other)"). Numeric: {@code edges} are the equal-width display bin edges
   * (labels empty). Shares sum, with the missing share, to 1.
   */
  public record ColumnChart(
      String name,
      boolean numeric,
      List<String> labels,
      double[] edges,
      double[] realShares,
      double[] syntheticShares,
      double realMissing,
      double syntheticMissing,
      double tvd) {}
}
