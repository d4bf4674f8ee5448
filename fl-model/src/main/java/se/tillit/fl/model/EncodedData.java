package se.tillit.fl.model;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Encoded rows: a row-major {@code float} feature matrix of {@link #size()} rows by {@link #width()}
 * inputs, and one class index per row. Immutable (arrays are copied in and out); {@link #toString}
 * shows only the shape.
 */
public final class EncodedData {
  private final float[] features;
  private final int[] labels;
  private final int width;
  private final int numClasses;

  EncodedData(float[] features, int[] labels, int width, int numClasses) {
    if (features.length != (long) labels.length * width) {
      throw new IllegalArgumentException("features must hold rows * width = "
          + (long) labels.length * width + " values. Provided value: " + features.length);
    }
    this.features = features;
    this.labels = labels;
    this.width = width;
    this.numClasses = numClasses;
  }

  /**
   * Encoded data from arrays (copied).
   *
   * @throws IllegalArgumentException if the sizes disagree or a label is out of range
   */
  public static EncodedData of(float[] features, int[] labels, int width, int numClasses) {
    if (width < 1 || numClasses < 2) {
      throw new IllegalArgumentException("width must be >= 1 and numClasses >= 2. Provided"
          + " value: width=" + width + ", numClasses=" + numClasses);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("labels must be in [0, " + numClasses
            + "). Provided value: " + labels[i] + " at row " + i);
      }
    }
    return new EncodedData(features.clone(), labels.clone(), width, numClasses);
  }

  /** Number of rows. */
  public int size() {
    return labels.length;
  }

  public int width() {
    return width;
  }

  public int numClasses() {
    return numClasses;
  }

  /** A copy of the feature matrix, row-major. */
  public float[] features() {
    return features.clone();
  }

  /** A copy of the class indices. */
  public int[] labels() {
    return labels.clone();
  }

  /** The rows at these positions, in this order. */
  public EncodedData select(int[] rows) {
    float[] f = new float[rows.length * width];
    int[] l = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(features, rows[i] * width, f, i * width, width);
      l[i] = labels[rows[i]];
    }
    return new EncodedData(f, l, width, numClasses);
  }

  /** This data's rows followed by {@code other}'s (same width and classes). */
  public EncodedData concat(EncodedData other) {
    if (other.width != width || other.numClasses != numClasses) {
      throw new IllegalArgumentException("data must have the same width and classes to be joined."
          + " Provided value: width " + other.width + ", classes " + other.numClasses
          + " against " + width + ", " + numClasses);
    }
    float[] f = Arrays.copyOf(features, features.length + other.features.length);
    System.arraycopy(other.features, 0, f, features.length, other.features.length);
    int[] l = Arrays.copyOf(labels, labels.length + other.labels.length);
    System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
    return new EncodedData(f, l, width, numClasses);
  }

  /**
   * Splits the rows at random into a training and an evaluation part; the evaluation part has
   * {@code round(fraction * size)} rows. The split is a seeded (not secure) shuffle: it protects
   * nothing and is only meant to be reproducible.
   *
   * @return {@code [train, eval]}
   */
  public EncodedData[] split(double evalFraction, long seed) {
    if (!(evalFraction >= 0 && evalFraction < 1)) {
      throw new IllegalArgumentException("eval fraction must be >= 0 and < 1. Provided value: "
          + evalFraction);
    }
    int[] order = permutation(size(), new Random(seed));
    int nEval = (int) Math.round(evalFraction * size());
    return new EncodedData[] {
        select(Arrays.copyOfRange(order, nEval, order.length)),
        select(Arrays.copyOfRange(order, 0, nEval))};
  }

  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A DL4J data set: FLOAT features {@code [n, width]}, one-hot labels {@code [n, classes]}. */
  public DataSet toDataSet() {
    float[] oneHot = new float[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      oneHot[i * numClasses + labels[i]] = 1f;
    }
    return new DataSet(
        Nd4j.create(features, new long[] {labels.length, width}, 'c'),
        Nd4j.create(oneHot, new long[] {labels.length, numClasses}, 'c'));
  }

  @Override
  public String toString() {
    return "EncodedData[" + labels.length + " rows x " + width + " inputs, " + numClasses
        + " classes]";
  }
}
