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

  /** Never sampled from: {@link #measurementEvent} only needs a mechanism's event. */
  private static final SecureRandom PLANNING_RANDOM = new SecureRandom();

  private final EncodedData data;
  private final int[] domain;
  private final List<DpEvent> events;
  private final Map<String, double[]> cache = new HashMap<>();
  private final long[] reads;

  public SensitiveData(EncodedData data) {
    this(data, new ArrayList<>(), new long[1]);
  }

  private SensitiveData(EncodedData data, List<DpEvent> events, long[] reads) {
    this.data = data;
    this.domain = data.domainSizes();
    this.events = events;
    this.reads = reads;
  }

  /**
   * A view of the same records with every column's codes mapped by {@code codeMaps[column]} into
   * {@code newDomain[column]} values (a public, data-independent or already-privatized map, such
   * as a {@link DomainCompression}). The view shares this object's event log and read counter:
   * its mechanisms are charged to the same fit.
   */
  public SensitiveData recoded(int[][] codeMaps, int[] newDomain) {
    int d = domain.length;
    if (codeMaps.length != d || newDomain.length != d) {
      throw new IllegalArgumentException("code maps must have one map per column. Provided value: "
          + codeMaps.length + " maps for " + d + " columns");
    }
    int[][] codes = data.codes();
    int n = data.rowCount();
    int[][] mapped = new int[d][n];
    for (int a = 0; a < d; a++) {
      int[] map = codeMaps[a];
      if (map.length != domain[a]) {
        throw new IllegalArgumentException("code map of column " + a + " must have " + domain[a]
            + " entries. Provided value: " + map.length);
      }
      for (int r = 0; r < n; r++) {
        int v = codes[a][r];
        mapped[a][r] = v >= 0 && v < map.length ? map[v] : -1;
      }
    }
    return new SensitiveData(new EncodedData(data.names(), newDomain, mapped), events, reads);
  }

  /** Public facts: the column names and the domain sizes (from the schema, not the data). */
  public int[] domain() {
    return domain.clone();
  }

  public List<String> names() {
    return data.names();
  }

  /** The event {@link #measure} records for noise {@code sigma}, for planning a budget. */
  public static DpEvent measurementEvent(double sigma) {
    DpPreconditions.checkPositiveFinite("sigma", sigma);
    return DiscreteGaussianMechanism.builder().sigma(sigma).l2Sensitivity(1)
        .random(PLANNING_RANDOM).build().dpEvent();
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
    return reads[0];
  }

  /** True counts; private: called only from the two mechanisms above. */
  private double[] counts(int[] clique) {
    String key = java.util.Arrays.toString(clique);
    double[] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    reads[0]++;
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
