package se.tillit.synth.report.internal;

import java.util.Locale;

/**
 * Plain-language readings of the headline figures. The thresholds are rules of thumb, not
 * standards: TVD bands follow common practice in synthetic-data evaluation (e.g. SDMetrics'
 * TVComplement score, 1 - TVD), and a membership-inference AUC within a few hundredths of 0.5 is
 * within the noise of a few thousand queried rows.
 */
public final class Interpretation {
  private Interpretation() {}

  public static String marginalTvd(double tvd) {
    return "TVD " + f2(tvd) + ": " + tvdBand(tvd, "marginals");
  }

  public static String pairwiseTvd(double tvd) {
    if (Double.isNaN(tvd)) {
      return "no pairs of columns";
    }
    return "TVD " + f2(tvd) + ": " + tvdBand(tvd, "2-way marginals (pairs of columns)");
  }

  private static String tvdBand(double tvd, String what) {
    if (tvd <= 0.05) {
      return what + " closely preserved";
    } else if (tvd <= 0.10) {
      return what + " broadly preserved, with small differences";
    } else if (tvd <= 0.20) {
      return what + " noticeably different";
    }
    return what + " poorly preserved";
  }

  public static String association(double meanDiff) {
    if (Double.isNaN(meanDiff)) {
      return "no pairs of columns";
    }
    String band =
        meanDiff <= 0.05
            ? "relationships between columns closely preserved"
            : meanDiff <= 0.10
                ? "relationships between columns broadly preserved"
                : meanDiff <= 0.20 ? "some relationships between columns lost or distorted"
                    : "relationships between columns largely lost";
    return "mean difference " + f2(meanDiff) + ": " + band;
  }

  public static String utility(double tstr, double trtr, double majority) {
    if (Double.isNaN(tstr) || Double.isNaN(trtr)) {
      return "accuracy could not be measured (no rows with a target value)";
    }
    double gap = trtr - tstr;
    String band;
    if (gap <= 0.02) {
      band = "a model trained on synthetic data is about as accurate as one trained on real data";
    } else if (gap <= 0.05) {
      band = "a model trained on synthetic data loses a little accuracy";
    } else {
      band = "a model trained on synthetic data loses much accuracy";
    }
    String base = tstr <= majority + 0.005
        ? " and is no better than always guessing the most common class ("
            + f3(majority) + ")"
        : "";
    return "TSTR " + f3(tstr) + " vs TRTR " + f3(trtr) + ": " + band + base;
  }

  public static String dcr(double ratio) {
    if (Double.isNaN(ratio)) {
      return "undefined: the holdout's median distance is 0 (many duplicate rows); see the exact-match"
          + " rates";
    }
    String band;
    if (ratio >= 0.9) {
      band = "synthetic records are no closer to training records than unseen real records are";
    } else if (ratio >= 0.5) {
      band = "synthetic records are somewhat closer to training records than unseen real records;"
          + " review";
    } else {
      band = "synthetic records are much closer to training records than unseen real records:"
          + " possible copying";
    }
    return "DCR ratio " + f2(ratio) + ": " + band;
  }

  public static String exactMatch(double rate, double baseline) {
    String band = rate <= baseline + 0.01
        ? "no more exact copies of training rows than unseen real rows have by chance"
        : rate <= baseline + 0.05 ? "some exact copies of training rows beyond chance; review"
            : "many exact copies of training rows: the synthesizer reproduces real records";
    return pct(rate) + " of synthetic rows equal a training row (holdout baseline " + pct(baseline)
        + "): " + band;
  }

  public static String mia(double auc) {
    if (Double.isNaN(auc)) {
      return "not measured";
    }
    String band;
    if (auc <= 0.55) {
      band = "no measurable membership leakage";
    } else if (auc <= 0.60) {
      band = "slight membership leakage";
    } else if (auc <= 0.70) {
      band = "moderate membership leakage";
    } else {
      band = "strong membership leakage: the synthetic data reveals who was in the training data";
    }
    return "MIA AUC " + f2(auc) + ": " + band;
  }

  static String f2(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String f3(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
