package se.tillit.synth.report.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import smile.base.cart.SplitRule;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;

/**
 * Accuracy of a Smile random forest that predicts one column from all the others; used for
 * train-on-synthetic/test-on-real (TSTR) against train-on-real/test-on-real (TRTR).
 *
 * <p>Encoding (ours, not Smile's): a numeric feature is used as is, a missing number becomes the
 * training set's median; a categorical feature becomes its code in the report's shared dictionary
 * (ordinal encoding; trees split on it as on a number), missing = -1. The target's classes are its
 * categories (or, for a numeric target, its distinct values); rows whose target is missing are
 * left out of training and testing. Trees: at most 20 levels, {@value #MAX_NODES} leaves, 5 rows per leaf,
 * sqrt(p) features tried per split.
 */
public final class TargetClassifier {
  /** Most target classes accepted: accuracy on a many-valued target says little. */
  public static final int MAX_CLASSES = 100;
  /** Most leaves per tree (Smile's default is n/5); keeps Adult-size forests to a few seconds. */
  static final int MAX_NODES = 1024;

  private final Frame.Layout layout;
  private final int target;
  private final int trees;
  private final int maxTrainRows;
  private final Map<Double, Integer> numericClasses = new HashMap<>();

  public TargetClassifier(Frame.Layout layout, int target, int trees, int maxTrainRows) {
    this.layout = layout;
    this.target = target;
    this.trees = trees;
    this.maxTrainRows = maxTrainRows;
  }

  /** Result of one fit-and-test. */
  public record Result(double accuracy, double majorityAccuracy, int trainRows, int testRows) {}

  /** Checks that the target is usable as a class label in {@code real}. */
  public void checkTarget(Frame real) {
    int classes;
    if (layout.isNumeric(target)) {
      classes = (int) Arrays.stream(real.num(target)).filter(v -> !Double.isNaN(v)).distinct().count();
    } else {
      classes = (int) Arrays.stream(real.cat(target)).filter(v -> v >= 0).distinct().count();
    }
    if (classes > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "target column '" + layout.names().get(target) + "' must have at most " + MAX_CLASSES
              + " distinct values to be predicted as a class. Provided value: " + classes
              + " distinct values");
    }
    if (classes < 1) {
      throw new IllegalArgumentException(
          "target column '" + layout.names().get(target)
              + "' must have at least one value in the real data. Provided value: all missing");
    }
  }

  /** Trains on {@code train}, returns accuracy on {@code test}. */
  public Result fitAndTest(Frame train, Frame test, long seed) {
    int[] yTrainAll = labels(train);
    int[] keep = rowsWithLabel(yTrainAll);
    if (keep.length > maxTrainRows) {
      int[] pick = Stats.sample(keep.length, maxTrainRows, new SplittableRandom(seed));
      int[] sub = new int[pick.length];
      for (int i = 0; i < pick.length; i++) {
        sub[i] = keep[pick[i]];
      }
      keep = sub;
    }
    int[] yTest = labels(test);
    int[] testRows = rowsWithLabel(yTest);
    if (keep.length == 0 || testRows.length == 0) {
      return new Result(Double.NaN, Double.NaN, keep.length, testRows.length);
    }
    Frame tr = train.select(keep);
    Frame te = test.select(testRows);
    int[] ytr = pick(yTrainAll, keep);
    int[] yte = pick(yTest, testRows);

    double[] medians = medians(tr);
    double[][] xtr = features(tr, medians);
    double[][] xte = features(te, medians);

    int majority = majority(ytr);
    int[] predicted;
    if (Arrays.stream(ytr).distinct().count() < 2 || xtr[0].length == 0) {
      predicted = new int[yte.length];
      Arrays.fill(predicted, majority);
    } else {
      String[] names = new String[xtr[0].length];
      for (int i = 0; i < names.length; i++) {
        names[i] = "x" + i;
      }
      DataFrame dtr = DataFrame.of(xtr, names).merge(IntVector.of("y", ytr));
      DataFrame dte = DataFrame.of(xte, names).merge(IntVector.of("y", yte));
      int p = names.length;
      int mtry = Math.max(1, (int) Math.floor(Math.sqrt(p)));
      RandomForest rf =
          RandomForest.fit(
              Formula.lhs("y"),
              dtr,
              trees,
              mtry,
              SplitRule.GINI,
              20,
              Math.max(2, Math.min(MAX_NODES, ytr.length / 5)),
              5,
              1.0,
              null,
              // Smile seeds a tree's thread-local generator only with a seed > 1.
              LongStream.range(0, trees).map(i -> (seed & 0x3FFF_FFFF_FFFF_FFFFL) + 2 + i));
      predicted = rf.predict(dte);
    }
    int correct = 0;
    int majorityCorrect = 0;
    for (int i = 0; i < yte.length; i++) {
      correct += predicted[i] == yte[i] ? 1 : 0;
      majorityCorrect += yte[i] == majority ? 1 : 0;
    }
    return new Result(
        (double) correct / yte.length, (double) majorityCorrect / yte.length, ytr.length, yte.length);
  }

  /** Class label per row, -1 when missing. */
  private int[] labels(Frame f) {
    if (!layout.isNumeric(target)) {
      return f.cat(target).clone();
    }
    double[] v = f.num(target);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.isNaN(v[i]) ? -1 : numericClasses.computeIfAbsent(v[i] + 0.0, k -> numericClasses.size());
    }
    return out;
  }

  private static int[] rowsWithLabel(int[] y) {
    return java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] >= 0).toArray();
  }

  private static int[] pick(int[] a, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = a[rows[i]];
    }
    return out;
  }

  private static int majority(int[] y) {
    Map<Integer, Integer> counts = new HashMap<>();
    int best = y.length == 0 ? -1 : y[0];
    int bestCount = 0;
    for (int v : y) {
      int c = counts.merge(v, 1, Integer::sum);
      if (c > bestCount || (c == bestCount && v < best)) {
        best = v;
        bestCount = c;
      }
    }
    return best;
  }

  private double[] medians(Frame f) {
    double[] m = new double[f.columnCount()];
    for (int j = 0; j < m.length; j++) {
      if (j != target && f.isNumeric(j)) {
        double q = Stats.quantile(Stats.finiteSorted(f.num(j)), 0.5);
        m[j] = Double.isNaN(q) ? 0 : q;
      }
    }
    return m;
  }

  private double[][] features(Frame f, double[] medians) {
    int n = f.rowCount();
    int p = f.columnCount() - 1;
    double[][] x = new double[n][p];
    int k = 0;
    for (int j = 0; j < f.columnCount(); j++) {
      if (j == target) {
        continue;
      }
      if (f.isNumeric(j)) {
        double[] col = f.num(j);
        for (int i = 0; i < n; i++) {
          x[i][k] = Double.isNaN(col[i]) ? medians[j] : col[i];
        }
      } else {
        int[] col = f.cat(j);
        for (int i = 0; i < n; i++) {
          x[i][k] = col[i];
        }
      }
      k++;
    }
    return x;
  }
}
