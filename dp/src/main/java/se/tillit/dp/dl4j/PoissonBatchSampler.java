package se.tillit.dp.dl4j;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.dataset.DataSet;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.Randomness;
import se.tillit.dp.dl4j.internal.Rows;

/**
 * Poisson sampling of a batch: each of the {@code n} examples is included independently with
 * probability {@code q}, so the batch size is Binomial(n, q) and may be zero. This is the sampling
 * that the {@link se.tillit.dp.accounting.DpEvent.PoissonSampled} event and the privacy
 * amplification it gives assume; a shuffled fixed-size batch does not give the same guarantee.
 *
 * <p>The gaps between included indices are drawn as geometric variables from the
 * {@link SecureRandom}, so one step costs about {@code q * n} random draws rather than {@code n}.
 * With {@code q = 1} every example is included and no randomness is used.
 *
 * <p>Not thread-safe only in the sense that concurrent calls share one {@code SecureRandom}
 * (which is itself thread-safe); instances hold no other mutable state.
 */
public final class PoissonBatchSampler {
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  private final double samplingRate;
  private final SecureRandom random;

  private PoissonBatchSampler(double samplingRate, SecureRandom random) {
    this.samplingRate = DpPreconditions.checkSamplingRate(samplingRate);
    if (random == null) {
      throw new IllegalArgumentException("random must not be null. Provided value: null");
    }
    this.random = random;
  }

  /** A sampler with inclusion probability {@code samplingRate} in (0, 1], using {@link Randomness#secure()}. */
  public static PoissonBatchSampler create(double samplingRate) {
    return new PoissonBatchSampler(samplingRate, Randomness.secure());
  }

  /** A sampler with inclusion probability {@code samplingRate} in (0, 1] drawing from {@code random}. */
  public static PoissonBatchSampler create(double samplingRate, SecureRandom random) {
    return new PoissonBatchSampler(samplingRate, random);
  }

  /** The inclusion probability q. */
  public double samplingRate() {
    return samplingRate;
  }

  /**
   * Indices in {@code [0, populationSize)} of one Poisson sample, strictly increasing; possibly
   * empty.
   *
   * @throws IllegalArgumentException if {@code populationSize < 0}
   */
  public int[] sampleIndices(int populationSize) {
    if (populationSize < 0) {
      throw new IllegalArgumentException(
          "population size must be >= 0. Provided value: " + populationSize);
    }
    if (samplingRate == 1.0) {
      int[] all = new int[populationSize];
      Arrays.setAll(all, i -> i);
      return all;
    }
    // Gap before the next included index ~ Geometric(q) on {0, 1, ...}:
    // P(gap >= k) = P(u <= (1 - q)^k) with u uniform on (0, 1].
    double logOneMinusQ = Math.log1p(-samplingRate);
    int expected = (int) Math.min(populationSize, Math.ceil(samplingRate * populationSize) + 16);
    int[] out = new int[Math.max(expected, 4)];
    int count = 0;
    long position = -1;
    while (true) {
      double u = ((random.nextLong() >>> 11) + 1) * TWO_POW_MINUS_53;
      double gap = Math.floor(Math.log(u) / logOneMinusQ);
      if (gap >= populationSize - position - 1) {
        break;
      }
      position += (long) gap + 1;
      if (count == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[count++] = (int) position;
    }
    return Arrays.copyOf(out, count);
  }

  /**
   * One Poisson sample of the examples of {@code data} (features, labels and masks), or empty if
   * no example was drawn.
   */
  public Optional<DataSet> sample(DataSet data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null. Provided value: null");
    }
    int[] indices = sampleIndices(data.numExamples());
    if (indices.length == 0) {
      return Optional.empty();
    }
    return Optional.of(Rows.select(data, indices));
  }

  @Override
  public String toString() {
    return "PoissonBatchSampler{samplingRate=" + samplingRate + "}";
  }
}
