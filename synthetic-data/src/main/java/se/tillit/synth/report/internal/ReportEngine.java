package se.tillit.synth.report.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import se.tillit.dp.Randomness;
import se.tillit.synth.data.Table;
import se.tillit.synth.report.ColumnFidelity;
import se.tillit.synth.report.PrivacyResult;
import se.tillit.synth.report.ReportOptions;
import se.tillit.synth.report.ReportProgress;
import se.tillit.synth.report.UtilityResult;

/** Computes every figure of a report. */
public final class ReportEngine {
  /** Categories shown per categorical chart; the rest are folded into "(other)". */
  static final int CHART_CATEGORIES = 15;
  /** Equal-width bins per numeric chart. */
  static final int CHART_BINS = 30;
  private static final int STAGES = 5;

  private ReportEngine() {}

  public static ReportData compute(
      Table real, Table synthetic, Table holdout, ReportOptions options, ReportProgress progress) {
    long start = System.nanoTime();
    if (real == null || synthetic == null) {
      throw new IllegalArgumentException(
          "real and synthetic tables must be given. Provided value: "
              + (real == null ? "real=null" : "synthetic=null"));
    }
    checkNotEmpty(real, "real");
    checkNotEmpty(synthetic, "synthetic");
    synthetic = alignColumns(real, synthetic, "synthetic");
    if (holdout != null) {
      checkNotEmpty(holdout, "holdout");
      holdout = alignColumns(real, holdout, "holdout");
    }
    int targetIndex = -1;
    if (options.target().isPresent()) {
      String t = options.target().get();
      if (!real.hasColumn(t)) {
        throw new IllegalArgumentException(
            "target must be one of the columns " + real.columns() + ". Provided value: '" + t + "'");
      }
      targetIndex = real.columnIndex(t);
    }
    long seed = options.seed().isPresent() ? options.seed().getAsLong() : Randomness.secure().nextLong();
    SplittableRandom random = new SplittableRandom(seed);

    progress.stage("encoding", 1, STAGES);
    Frame.Layout layout = Frame.Layout.infer(real);
    Frame realF = layout.encode(real);
    Frame synF = layout.encode(synthetic);
    Frame trainF;
    Frame holdF;
    if (holdout != null) {
      trainF = realF;
      holdF = layout.encode(holdout);
    } else {
      if (real.rowCount() < 2) {
        throw new IllegalArgumentException(
            "real must have at least 2 rows to be split into training and holdout rows when no"
                + " holdout is given. Provided value: " + real.rowCount() + " row");
      }
      int[] perm = Stats.sample(real.rowCount(), real.rowCount(), random.split());
      int nHold = (int) Math.round(options.holdoutFraction() * real.rowCount());
      nHold = Math.max(1, Math.min(real.rowCount() - 1, nHold));
      holdF = realF.select(Arrays.copyOfRange(perm, 0, nHold));
      trainF = realF.select(Arrays.copyOfRange(perm, nHold, perm.length));
    }
    TargetClassifier classifier = null;
    if (targetIndex >= 0) {
      classifier = new TargetClassifier(layout, targetIndex, options.trees(), options.maxTrainRows());
      classifier.checkTarget(realF);
    }

    // Fidelity: 1-way and 2-way marginals on bins fixed by the real data.
    progress.stage("marginals", 2, STAGES);
    int p = layout.columnCount();
    Binning binning = Binning.fit(realF, options.bins());
    int[][] realBins = new int[p][];
    int[][] synBins = new int[p][];
    List<ColumnFidelity> fidelity = new ArrayList<>();
    double sum1 = 0;
    for (int j = 0; j < p; j++) {
      realBins[j] = binning.bin(realF, j);
      synBins[j] = binning.bin(synF, j);
      double tvd = Stats.tvd(realBins[j], synBins[j], binning.domain(j));
      fidelity.add(new ColumnFidelity(layout.names().get(j), layout.isNumeric(j), tvd));
      sum1 += tvd;
    }
    List<ReportData.PairTvd> pairs = new ArrayList<>();
    double sum2 = 0;
    for (int a = 0; a < p; a++) {
      for (int b = a + 1; b < p; b++) {
        double tvd =
            Stats.tvd2(
                realBins[a], realBins[b], synBins[a], synBins[b], binning.domain(a), binning.domain(b));
        pairs.add(new ReportData.PairTvd(layout.names().get(a), layout.names().get(b), tvd));
        sum2 += tvd;
      }
    }
    double meanPairwise = pairs.isEmpty() ? Double.NaN : sum2 / pairs.size();
    pairs.sort(Comparator.comparingDouble(ReportData.PairTvd::tvd).reversed());
    List<ReportData.PairTvd> worst = List.copyOf(pairs.subList(0, Math.min(10, pairs.size())));

    // Associations.
    progress.stage("associations", 3, STAGES);
    double[][] assocReal = Associations.matrix(realF);
    double[][] assocSyn = Associations.matrix(synF);
    double diffSum = 0;
    double diffMax = 0;
    int diffCount = 0;
    for (int a = 0; a < p; a++) {
      for (int b = a + 1; b < p; b++) {
        double d = Math.abs(assocReal[a][b] - assocSyn[a][b]);
        diffSum += d;
        diffMax = Math.max(diffMax, d);
        diffCount++;
      }
    }

    // Utility.
    progress.stage("utility (random forests)", 4, STAGES);
    UtilityResult utility = null;
    if (classifier != null) {
      long forestSeed = random.nextLong();
      TargetClassifier.Result tstr = classifier.fitAndTest(synF, holdF, forestSeed);
      TargetClassifier.Result trtr = classifier.fitAndTest(trainF, holdF, forestSeed);
      utility =
          new UtilityResult(
              layout.names().get(targetIndex),
              tstr.accuracy(),
              trtr.accuracy(),
              trtr.majorityAccuracy(),
              trtr.testRows());
    }

    // Privacy.
    progress.stage("privacy (nearest neighbours)", 5, STAGES);
    Privacy privacy = privacy(trainF, holdF, synF, options, random);

    List<ReportData.ColumnChart> charts = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      charts.add(chart(layout, j, realF, synF, fidelity.get(j).tvd()));
    }
    return new ReportData(
        layout.names(),
        numericFlags(layout),
        real.rowCount(),
        synthetic.rowCount(),
        trainF.rowCount(),
        holdF.rowCount(),
        holdout != null,
        seed,
        List.copyOf(fidelity),
        p == 0 ? Double.NaN : sum1 / p,
        meanPairwise,
        worst,
        assocReal,
        assocSyn,
        diffCount == 0 ? Double.NaN : diffSum / diffCount,
        diffCount == 0 ? Double.NaN : diffMax,
        utility,
        privacy.result,
        List.copyOf(charts),
        privacy.dcrSynthetic,
        privacy.dcrHoldout,
        (System.nanoTime() - start) / 1e9);
  }

  private record Privacy(PrivacyResult result, double[] dcrSynthetic, double[] dcrHoldout) {}

  private static Privacy privacy(
      Frame train, Frame hold, Frame syn, ReportOptions options, SplittableRandom random) {
    int q = options.maxQueryRows();
    int refCap = options.maxReferenceRows();
    Frame trainRef = subsample(train, refCap, random);
    Frame synRef = subsample(syn, refCap, random);
    GowerIndex toTrain = new GowerIndex(trainRef, train);
    GowerIndex toSyn = new GowerIndex(synRef, train);

    // DCR: synthetic rows and holdout rows, each to their closest training row.
    double[] dcrSyn = toTrain.nearestDistances(subsample(syn, q, random));
    double[] dcrHold = toTrain.nearestDistances(subsample(hold, q, random));
    double[] ss = dcrSyn.clone();
    double[] hs = dcrHold.clone();
    Arrays.sort(ss);
    Arrays.sort(hs);
    double synMed = Stats.quantile(ss, 0.5);
    double holdMed = Stats.quantile(hs, 0.5);
    double holdP5 = Stats.quantile(hs, 0.05);
    // Undefined when the holdout's median is 0 (data with many duplicate rows).
    double ratio = holdMed > 0 ? synMed / holdMed : Double.NaN;
    long below = Arrays.stream(dcrSyn).filter(d -> d < holdP5).count();

    // Exact matches against all training rows, by value (numbers compared as numbers).
    Set<RowKey> trainKeys = new HashSet<>();
    for (int i = 0; i < train.rowCount(); i++) {
      trainKeys.add(RowKey.of(train, i));
    }
    int synMatches = 0;
    for (int i = 0; i < syn.rowCount(); i++) {
      synMatches += trainKeys.contains(RowKey.of(syn, i)) ? 1 : 0;
    }
    int holdMatches = 0;
    for (int i = 0; i < hold.rowCount(); i++) {
      holdMatches += trainKeys.contains(RowKey.of(hold, i)) ? 1 : 0;
    }

    // Membership inference: equal numbers of members (training rows) and non-members (holdout
    // rows), each scored by minus its distance to the closest synthetic row.
    int m = Math.min(q, Math.min(train.rowCount(), hold.rowCount()));
    double[] dMembers = toSyn.nearestDistances(subsample(train, m, random));
    double[] dNon = toSyn.nearestDistances(subsample(hold, m, random));
    double auc = Stats.auc(negate(dMembers), negate(dNon));

    PrivacyResult result =
        new PrivacyResult(
            synMed,
            holdMed,
            Stats.quantile(ss, 0.05),
            holdP5,
            ratio,
            dcrSyn.length == 0 ? Double.NaN : (double) below / dcrSyn.length,
            (double) synMatches / syn.rowCount(),
            (double) holdMatches / hold.rowCount(),
            auc,
            Math.max(dcrSyn.length, m));
    return new Privacy(result, dcrSyn, dcrHold);
  }

  private static double[] negate(double[] x) {
    return Arrays.stream(x).map(v -> -v).toArray();
  }

  private static Frame subsample(Frame f, int max, SplittableRandom random) {
    if (f.rowCount() <= max) {
      return f;
    }
    return f.select(Stats.sample(f.rowCount(), max, random.split()));
  }

  /** A row's values, for exact-match lookups. */
  private record RowKey(int[] cats, long[] nums) {
    static RowKey of(Frame f, int row) {
      int p = f.columnCount();
      int nc = 0;
      for (int j = 0; j < p; j++) {
        nc += f.isNumeric(j) ? 0 : 1;
      }
      int[] c = new int[nc];
      long[] n = new long[p - nc];
      int ic = 0;
      int in = 0;
      for (int j = 0; j < p; j++) {
        if (f.isNumeric(j)) {
          n[in++] = Double.doubleToLongBits(f.num(j)[row] + 0.0);
        } else {
          c[ic++] = f.cat(j)[row];
        }
      }
      return new RowKey(c, n);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RowKey k && Arrays.equals(cats, k.cats) && Arrays.equals(nums, k.nums);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(cats) + Arrays.hashCode(nums);
    }
  }

  private static boolean[] numericFlags(Frame.Layout layout) {
    boolean[] out = new boolean[layout.columnCount()];
    for (int j = 0; j < out.length; j++) {
      out[j] = layout.isNumeric(j);
    }
    return out;
  }

  private static void checkNotEmpty(Table t, String label) {
    if (t.columnCount() == 0 || t.rowCount() == 0) {
      throw new IllegalArgumentException(
          label + " table must have at least one column and one row. Provided value: " + t);
    }
  }

  /** {@code other} with its columns in {@code real}'s order; throws when the sets differ. */
  static Table alignColumns(Table real, Table other, String label) {
    if (other.columns().equals(real.columns())) {
      return other;
    }
    Set<String> missing = new LinkedHashSet<>(real.columns());
    missing.removeAll(other.columns());
    Set<String> extra = new LinkedHashSet<>(other.columns());
    extra.removeAll(real.columns());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalArgumentException(
          label + " must have the same columns as real " + real.columns() + ". Provided value: "
              + other.columns() + (missing.isEmpty() ? "" : "; missing " + missing)
              + (extra.isEmpty() ? "" : "; not in real " + extra));
    }
    int[] idx = real.columns().stream().mapToInt(other::columnIndex).toArray();
    List<String[]> rows = new ArrayList<>(other.rowCount());
    for (int r = 0; r < other.rowCount(); r++) {
      String[] row = new String[idx.length];
      for (int j = 0; j < idx.length; j++) {
        row[j] = other.get(r, idx[j]);
      }
      rows.add(row);
    }
    return Table.of(real.columns(), rows);
  }

  private static ReportData.ColumnChart chart(
      Frame.Layout layout, int j, Frame real, Frame syn, double tvd) {
    String name = layout.names().get(j);
    if (layout.isNumeric(j)) {
      double[] rs = Stats.finiteSorted(real.num(j));
      double[] sv = syn.num(j);
      double lo = Stats.quantile(rs, 0.005);
      double hi = Stats.quantile(rs, 0.995);
      if (!(hi > lo)) {
        lo = rs.length == 0 ? 0 : rs[0];
        hi = rs.length == 0 ? 1 : rs[rs.length - 1];
      }
      if (!(hi > lo)) {
        hi = lo + 1;
      }
      double[] edges = new double[CHART_BINS + 1];
      for (int i = 0; i <= CHART_BINS; i++) {
        edges[i] = lo + (hi - lo) * i / CHART_BINS;
      }
      double[] realShares = numericShares(real.num(j), lo, hi);
      double[] synShares = numericShares(sv, lo, hi);
      return new ReportData.ColumnChart(
          name, true, List.of(), edges, realShares, synShares,
          missingShare(real.num(j)), missingShare(sv), tvd);
    }
    int k = layout.categoryCount(j);
    double[] rc = categoryShares(real.cat(j), k);
    double[] sc = categoryShares(syn.cat(j), k);
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(rc[b] + sc[b], rc[a] + sc[a]));
    int shown = k <= CHART_CATEGORIES + 1 ? k : CHART_CATEGORIES;
    List<String> labels = new ArrayList<>();
    double[] r = new double[shown + (shown < k ? 1 : 0)];
    double[] s = new double[r.length];
    for (int i = 0; i < k; i++) {
      int c = order[i];
      int slot = Math.min(i, shown);
      if (i < shown) {
        labels.add(layout.label(j, c));
      }
      r[slot] += rc[c];
      s[slot] += sc[c];
    }
    if (shown < k) {
      labels.add("(other " + (k - shown) + ")");
    }
    return new ReportData.ColumnChart(
        name, false, List.copyOf(labels), new double[0], r, s,
        missingShare(real.cat(j)), missingShare(syn.cat(j)), tvd);
  }

  private static double[] numericShares(double[] x, double lo, double hi) {
    double[] out = new double[CHART_BINS];
    if (x.length == 0) {
      return out;
    }
    for (double v : x) {
      if (Double.isNaN(v)) {
        continue;
      }
      int b = (int) Math.floor((v - lo) / (hi - lo) * CHART_BINS);
      out[Math.max(0, Math.min(CHART_BINS - 1, b))] += 1.0 / x.length;
    }
    return out;
  }

  private static double[] categoryShares(int[] codes, int k) {
    double[] out = new double[k];
    for (int c : codes) {
      if (c >= 0) {
        out[c] += 1.0 / codes.length;
      }
    }
    return out;
  }

  private static double missingShare(double[] x) {
    return x.length == 0 ? 0 : (double) Arrays.stream(x).filter(Double::isNaN).count() / x.length;
  }

  private static double missingShare(int[] x) {
    return x.length == 0 ? 0 : (double) Arrays.stream(x).filter(v -> v < 0).count() / x.length;
  }
}
