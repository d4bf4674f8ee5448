package se.tillit.synth.dp.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.mechanisms.DiscreteGaussianMechanism;
import se.tillit.synth.data.EncodedData;

/**
 * The only holder of the private codes. The synthesizers see the data only through the two
 * mechanisms here, and each run appends its {@link DpEvent} to {@link #events()}:
 *
 * <ul>
 *   <li>{@link #measure}: a marginal's counts (L2 sensitivity 1 under add/remove of one record)
 *       plus discrete Gaussian noise per cell from {@link DiscreteGaussianMechanism} (exact
 *       sampler on the caller's {@link SecureRandom}); event {@code Gaussian(sigma)}.
 *   <li>{@link #select}: the exponential mechanism over candidate cliques with a quality
 *       function of the candidate's true counts whose sensitivity the caller states; event from
 *       {@link Zcdp#exponentialMechanismEvent}.
 * </ul>
 *
 * <p>{@link #marginalReads()} counts how often the codes were scanned, for tests.
 */
public final class SensitiveData {
  /** The quality of candidate {@code index} given its true marginal counts. */
  @FunctionalInterface
  public interface Quality {
    double score(int index, double[] trueCounts);
  }

  private final EncodedData data;
  private final int[] domain;
  private final List<DpEvent> events = new ArrayList<>();
  private final Map<String, double[]> cache = new HashMap<>();
  private long reads;

  public SensitiveData(EncodedData data) {
    this.data = data;
    this.domain = data.domainSizes();
  }

  /** Public facts: the column names and the domain sizes (from the schema, not the data). */
  public int[] domain() {
    return domain.clone();
  }

  public List<String> names() {
    return data.names();
  }

  /** The noisy marginal over {@code clique}: counts plus discrete Gaussian N_Z(0, sigma^2). */
  public Measurement measure(int[] clique, double sigma, SecureRandom random) {
    DpPreconditions.checkPositiveFinite("sigma", sigma);
    DiscreteGaussianMechanism noise =
        DiscreteGaussianMechanism.builder().sigma(sigma).l2Sensitivity(1).random(random).build();
    double[] counts = counts(clique);
    double[] noisy = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      noisy[i] = noise.addNoise((long) counts[i]);
    }
    events.add(noise.dpEvent());
    return new Measurement(clique.clone(), noisy, sigma);
  }

  /**
   * The exponential mechanism (McSherry and Talwar 2007): returns candidate i with probability
   * proportional to {@code exp(epsilon * q_i / (2 * sensitivity))}, where q_i is the quality of
   * the candidate's true counts and {@code sensitivity} bounds how much any q_i changes when one
   * record is added or removed.
   */
  public int select(
      List<int[]> candidates,
      Quality quality,
      double sensitivity,
      double epsilon,
      SecureRandom random) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkPositiveFinite("sensitivity", sensitivity);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty. Provided value: []");
    }
    double[] logits = new double[candidates.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      logits[i] = epsilon * quality.score(i, counts(candidates.get(i))) / (2 * sensitivity);
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      logits[i] = Math.exp(logits[i] - max);
      sum += logits[i];
    }
    double u = random.nextDouble() * sum;
    int pick = logits.length - 1;
    double acc = 0;
    for (int i = 0; i < logits.length; i++) {
      acc += logits[i];
      if (u < acc) {
        pick = i;
        break;
      }
    }
    events.add(Zcdp.exponentialMechanismEvent(epsilon));
    return pick;
  }

  /** Every mechanism run so far, in order. */
  public List<DpEvent> events() {
    return List.copyOf(events);
  }

  /** The composition of {@link #events()}. */
  public DpEvent privacyCost() {
    return new DpEvent.Composed(events);
  }

  /** How many times the codes were scanned (a marginal counted). */
  public long marginalReads() {
    return reads;
  }

  /** True counts; private: called only from the two mechanisms above. */
  private double[] counts(int[] clique) {
    String key = java.util.Arrays.toString(clique);
    double[] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    reads++;
    long cells = Cliques.cells(clique, domain);
    if (cells > 1L << 28) {
      throw new IllegalArgumentException(
          "marginal must have at most 2^28 cells. Provided value: " + cells);
    }
    int[][] codes = data.codes();
    int n = data.rowCount();
    int[] index = new int[n];
    for (int a : clique) {
      int[] col = codes[a];
      int size = domain[a];
      for (int r = 0; r < n; r++) {
        int v = col[r];
        if (v < 0 || v >= size) {
          throw new IllegalArgumentException(
              "codes of column '" + data.names().get(a) + "' must be in [0, " + size
                  + "). Provided value: a code outside");
        }
        index[r] = index[r] * size + v;
      }
    }
    double[] counts = new double[(int) cells];
    for (int r = 0; r < n; r++) {
      counts[index[r]]++;
    }
    if (cells <= 1 << 20) {
      cache.put(key, counts);
    }
    return counts;
  }
}
