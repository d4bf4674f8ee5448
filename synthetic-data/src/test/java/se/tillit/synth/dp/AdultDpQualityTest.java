package se.tillit.synth.dp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.synth.data.EncodedData;
import smile.classification.LogisticRegression;

/**
 * Quality on Adult discretized (48,842 rows, 14 columns) at delta 1e-9; run with -P slow. Prints
 * fit time, mean 1-way and 2-way TVD, and train-on-synthetic/test-on-real accuracy of a logistic
 * regression for the income column (the last one).
 */
@Tag("slow")
class AdultDpQualityTest {
  private static final double DELTA = 1e-9;

  @Test
  void mst_epsilon1_meanPairTvdAtMost005() throws Exception {
    assertThat(run(MstSynthesizer.create(), 1.0)).isLessThanOrEqualTo(0.05);
  }

  @Test
  void aim_epsilon1_meanPairTvdAtMost005() throws Exception {
    assertThat(run(AimSynthesizer.create(), 1.0)).isLessThanOrEqualTo(0.05);
  }

  @Test
  void report_allMethodsAndEpsilons() throws Exception {
    for (double eps : new double[] {0.1, 1, 10}) {
      run(MstSynthesizer.create(), eps);
      run(PrivBayesSynthesizer.create(), eps);
      run(AimSynthesizer.create(), eps);
    }
  }

  private static double run(MarginalSynthesizer s, double eps) throws Exception {
    EncodedData adult = DpTestData.adult();
    long t0 = System.nanoTime();
    EncodedModel model = s.fit(adult, eps, DELTA, Randomness.insecureSeededForTesting(1), null);
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    EncodedData synth = model.sample(adult.rowCount(), Randomness.insecureSeededForTesting(2));
    double sampleSeconds = (System.nanoTime() - t1) / 1e9;
    double pair = DpTestData.meanPairTvd(adult, synth);
    double spent = new PldAccountant().epsilon(model.privacyCost(), DELTA);
    System.out.printf(
        "%s eps=%.1f fit=%.1fs sample=%.2fs oneWayTVD=%.4f pairTVD=%.4f tstr=%.4f pldEps=%.4f%n",
        s.method(), eps, fitSeconds, sampleSeconds, DpTestData.meanOneWayTvd(adult, synth), pair,
        tstr(synth, adult), spent);
    assertThat(spent).isLessThanOrEqualTo(eps);
    return pair;
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
