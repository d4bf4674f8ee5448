package se.tillit.synth.dp.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Samples records column group by column group: each step draws the columns {@code fresh} given
 * the already drawn columns {@code given}, from a table of non-negative weights laid out as
 * {@code weights[givenIndex * freshCells + freshIndex]} (a joint or conditional table; rows are
 * normalised here; a row of zero weight is drawn uniformly).
 *
 * <p>Within each step the rows are grouped by their given cell and a group of m rows gets its
 * values by systematic sampling (one uniform offset u, the values at positions {@code (u + k) /
 * m}, k = 0..m-1, of the conditional distribution, then shuffled over the rows), so a value of
 * probability p is drawn floor(m p) or ceil(m p) times. Each row still has the model's
 * conditional distribution, with much less sampling variance than independent draws; this is the
 * controlled rounding of private-pgm's {@code GraphicalModel.synthetic_data}.
 *
 * <p>Sampling is post-processing of the fitted model: it spends no privacy. It draws from a fast
 * {@link SplittableRandom} seeded once from the caller's {@link SecureRandom}, so a seeded
 * generator reproduces the sample exactly.
 */
public final class ForwardSampler {
  /** One step of the sampler. */
  public record Step(int[] given, int[] fresh, double[] weights) {}

  private final int[] domain;
  private final List<Step> steps;
  private final double[][] cumulative;

  public ForwardSampler(int[] domain, List<Step> steps) {
    this.domain = domain.clone();
    this.steps = List.copyOf(steps);
    this.cumulative = new double[steps.size()][];
    boolean[] drawn = new boolean[domain.length];
    for (int s = 0; s < steps.size(); s++) {
      Step step = steps.get(s);
      for (int a : step.given()) {
        if (!drawn[a]) {
          throw new IllegalArgumentException("step " + s + " is given a column not yet drawn");
        }
      }
      for (int a : step.fresh()) {
        drawn[a] = true;
      }
      int freshCells = (int) Cliques.cells(step.fresh(), domain);
      int givenCells = (int) Cliques.cells(step.given(), domain);
      if (step.weights().length != (long) freshCells * givenCells) {
        throw new IllegalArgumentException(
            "step " + s + " weights must have " + ((long) freshCells * givenCells)
                + " entries. Provided value: " + step.weights().length);
      }
      double[] cum = new double[step.weights().length];
      for (int g = 0; g < givenCells; g++) {
        int base = g * freshCells;
        double sum = 0;
        for (int f = 0; f < freshCells; f++) {
          double w = step.weights()[base + f];
          sum += (w > 0 && Double.isFinite(w)) ? w : 0.0;
          cum[base + f] = sum;
        }
        for (int f = 0; f < freshCells; f++) {
          cum[base + f] = sum > 0 ? cum[base + f] / sum : (f + 1.0) / freshCells;
        }
        cum[base + freshCells - 1] = 1.0;
      }
      cumulative[s] = cum;
    }
    for (int a = 0; a < domain.length; a++) {
      if (!drawn[a]) {
        throw new IllegalArgumentException("column " + a + " is never drawn");
      }
    }
  }

  public List<Step> steps() {
    return steps;
  }

  public int[] domain() {
    return domain.clone();
  }

  /** {@code rows} records, column-major ({@code codes[column][row]}). */
  public int[][] sample(int rows, SecureRandom random) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0. Provided value: " + rows);
    }
    SplittableRandom fast = new SplittableRandom(random.nextLong());
    int d = domain.length;
    int[][] codes = new int[d][rows];
    int[][] givenStrides = new int[steps.size()][];
    for (int s = 0; s < steps.size(); s++) {
      int[] given = steps.get(s).given();
      int[] strides = new int[given.length];
      int stride = 1;
      for (int k = given.length - 1; k >= 0; k--) {
        strides[k] = stride;
        stride *= domain[given[k]];
      }
      givenStrides[s] = strides;
    }
    long[] keys = new long[rows];
    int[] values = new int[rows];
    for (int s = 0; s < steps.size(); s++) {
      Step step = steps.get(s);
      int[] given = step.given();
      int[] fresh = step.fresh();
      int[] strides = givenStrides[s];
      double[] cum = cumulative[s];
      int freshCells = (int) Cliques.cells(fresh, domain);
      // group the rows by their given cell: key = given cell << 32 | row
      for (int r = 0; r < rows; r++) {
        long g = 0;
        for (int k = 0; k < given.length; k++) {
          g += (long) codes[given[k]][r] * strides[k];
        }
        keys[r] = g << 32 | r;
      }
      if (given.length > 0) {
        Arrays.sort(keys);
      }
      int start = 0;
      while (start < rows) {
        int g = (int) (keys[start] >>> 32);
        int end = start + 1;
        while (end < rows && (int) (keys[end] >>> 32) == g) {
          end++;
        }
        int m = end - start;
        // systematic sampling: the group's m values at positions (u + k) / m of the cumulative
        // distribution, so each cell gets floor or ceil of m times its probability
        double u = fast.nextDouble();
        int base = g * freshCells;
        int cell = 0;
        for (int k = 0; k < m; k++) {
          double target = (u + k) / m;
          while (cell < freshCells - 1 && cum[base + cell] <= target) {
            cell++;
          }
          values[k] = cell;
        }
        for (int k = m - 1; k > 0; k--) {
          int j = fast.nextInt(k + 1);
          int t = values[k];
          values[k] = values[j];
          values[j] = t;
        }
        for (int k = 0; k < m; k++) {
          int r = (int) keys[start + k];
          int f = values[k];
          for (int q = fresh.length - 1; q >= 0; q--) {
            int size = domain[fresh[q]];
            codes[fresh[q]][r] = f % size;
            f /= size;
          }
        }
        start = end;
      }
    }
    return codes;
  }
}
