package se.tillit.synth.dp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.synth.data.EncodedData;
import smile.classification.LogisticRegression;

/**
 * Issue #5's must-show targets on Adult discretized (48,842 rows, 14 columns; target {@code
 * income>50K}, the last column) at delta 1e-9; run with -P slow. The records are split 80/20 at
 * random (fixed seed); the synthesizer is fitted on the 80% train split only; TVDs compare the
 * synthetic table with the train split; train-on-synthetic/test-on-real (TSTR) trains a logistic
 * regression on one-hot codes on the synthetic table and tests it on the 20% holdout, and
 * train-on-real (TRTR) trains the same model on the train split.
 *
 * <p>MST is given the target {@code income>50K} (mst-notarget: without it). {@code
 * -Dadult.report=mst,mst-notarget,aim,privbayes -Dadult.epsilons=0.1,1,10} makes {@link
 * #report_selectedMethodsAndEpsilons} print the figures for those (default: MST and PrivBayes at
 * 0.1, 1, 10; AIM takes minutes per fit, so it is asserted at epsilon 1 only).
 */
@Tag("slow")
class AdultDpQualityTest {
  private static final double DELTA = 1e-9;
  private static final String TARGET = "income>50K";
  private static EncodedData train;
  private static EncodedData holdout;

  @BeforeAll
  static void split() throws Exception {
    EncodedData adult = DpTestData.adult();
    int n = adult.rowCount();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random r = new Random(20240505L);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int cut = (int) Math.round(0.8 * n);
    train = rows(adult, order, 0, cut);
    holdout = rows(adult, order, cut, n);
    System.out.printf(Locale.ROOT, "adult train=%d holdout=%d trtr=%.4f%n", train.rowCount(),
        holdout.rowCount(), tstr(train, holdout));
  }

  @Test
  void mst_epsilon1_meetsTargets() {
    // with the target hint (the column the researcher will predict, public knowledge); without
    // it, a spanning tree links income to few columns and TSTR was 0.7943 here
    Result r = run(MstSynthesizer.create().withTarget(TARGET), 1.0);
    assertThat(r.pairTvd).isLessThanOrEqualTo(0.05);
    assertThat(r.tstr).isGreaterThanOrEqualTo(0.80);
    assertThat(r.fitSeconds).isLessThan(60);
  }

  @Test
  void aim_epsilon1_meetsTargets() {
    Result r = run(AimSynthesizer.create(), 1.0);
    assertThat(r.pairTvd).isLessThanOrEqualTo(0.05);
    assertThat(r.tstr).isGreaterThanOrEqualTo(0.80);
    assertThat(r.fitSeconds).isLessThan(600);
  }

  @Test
  void report_selectedMethodsAndEpsilons() {
    String methods = System.getProperty("adult.report", "mst,privbayes");
    String epsilons = System.getProperty("adult.epsilons", "0.1,1,10");
    for (String e : epsilons.split(",")) {
      double eps = Double.parseDouble(e.trim());
      for (String m : methods.split(",")) {
        switch (m.trim()) {
          case "mst" -> run(MstSynthesizer.create().withTarget(TARGET), eps);
          case "mst-notarget" -> run(MstSynthesizer.create(), eps);
          case "aim" -> run(AimSynthesizer.create(), eps);
          case "privbayes" -> run(PrivBayesSynthesizer.create(), eps);
          case "" -> { }
          default -> throw new IllegalArgumentException("unknown method " + m);
        }
      }
    }
  }

  private record Result(double fitSeconds, double pairTvd, double tstr) {}

  private static Result run(MarginalSynthesizer s, double eps) {
    long t0 = System.nanoTime();
    EncodedModel model = s.fit(train, eps, DELTA, Randomness.insecureSeededForTesting(1), null);
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    EncodedData synth = model.sample(train.rowCount(), Randomness.insecureSeededForTesting(2));
    double sampleSeconds = (System.nanoTime() - t1) / 1e9;
    double pair = DpTestData.meanPairTvd(train, synth);
    double tstr = tstr(synth, holdout);
    double spent = new PldAccountant().epsilon(model.privacyCost(), DELTA);
    System.out.printf(Locale.ROOT,
        "%s eps=%.1f fit=%.1fs sample=%.2fs oneWayTVD=%.4f pairTVD=%.4f tstr=%.4f pldEps=%.4f%n",
        s.method(), eps, fitSeconds, sampleSeconds, DpTestData.meanOneWayTvd(train, synth), pair,
        tstr, spent);
    assertThat(spent).isLessThanOrEqualTo(eps);
    return new Result(fitSeconds, pair, tstr);
  }

  private static EncodedData rows(EncodedData data, int[] order, int from, int to) {
    int d = data.columnCount();
    int[][] codes = new int[d][to - from];
    for (int j = 0; j < d; j++) {
      for (int i = from; i < to; i++) {
        codes[j][i - from] = data.codes()[j][order[i]];
      }
    }
    return new EncodedData(data.names(), data.domainSizes(), codes);
  }

  /** Logistic regression on one-hot codes, trained on {@code train}, accuracy on {@code test}. */
  static double tstr(EncodedData train, EncodedData test) {
    int target = train.columnCount() - 1;
    LogisticRegression lr =
        LogisticRegression.fit(features(train, target), labels(train, target), 1e-3, 1e-5, 500);
    double[][] x = features(test, target);
    int[] y = labels(test, target);
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      if (lr.predict(x[i]) == y[i]) {
        correct++;
      }
    }
    return correct / (double) y.length;
  }

  private static double[][] features(EncodedData data, int target) {
    int[] domain = data.domainSizes();
    int width = 0;
    for (int j = 0; j < target; j++) {
      width += domain[j];
    }
    double[][] x = new double[data.rowCount()][width];
    for (int i = 0; i < data.rowCount(); i++) {
      int offset = 0;
      for (int j = 0; j < target; j++) {
        x[i][offset + data.codes()[j][i]] = 1;
        offset += domain[j];
      }
    }
    return x;
  }

  private static int[] labels(EncodedData data, int target) {
    return data.codes()[target].clone();
  }
}
