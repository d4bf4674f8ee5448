package se.tillit.synth.dp.internal;

/**
 * A noisy marginal: {@code noisy} = true counts over {@code clique} plus independent noise in
 * every cell, of variance {@code sigma^2 * varianceFactor[cell]} ({@code varianceFactor} null:
 * every factor 1). A factor above 1 stands for a cell that is the sum of several measured cells,
 * as the rare-category bucket of a compressed domain ({@link DomainCompression}). Safe to keep and
 * publish: it is the output of the mechanism.
 */
public record Measurement(int[] clique, double[] noisy, double sigma, double[] varianceFactor) {
  public Measurement(int[] clique, double[] noisy, double sigma) {
    this(clique, noisy, sigma, null);
  }

  /** The noise variance of {@code cell}. */
  public double variance(int cell) {
    double v = sigma * sigma;
    return varianceFactor == null ? v : v * varianceFactor[cell];
  }

  /** The noise variance of the sum of all cells. */
  public double totalVariance() {
    double v = 0;
    for (int x = 0; x < noisy.length; x++) {
      v += variance(x);
    }
    return v;
  }
}
