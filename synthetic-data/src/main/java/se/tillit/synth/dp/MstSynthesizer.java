package se.tillit.synth.dp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.dp.internal.Cliques;
import se.tillit.synth.dp.internal.FitChecks;
import se.tillit.synth.dp.internal.GraphicalModel;
import se.tillit.synth.dp.internal.Measurement;
import se.tillit.synth.dp.internal.PgmEstimator;
import se.tillit.synth.dp.internal.SensitiveData;
import se.tillit.synth.dp.internal.Zcdp;

/**
 * MST (McKenna, Miklau, Sheldon, "Winning the NIST Contest: A scalable and general approach to
 * differentially private synthetic data", JPC 2021; reference: github.com/ryan112358/private-pgm,
 * {@code mechanisms/mst.py}).
 *
 * <p>The budget (epsilon, delta) becomes the zCDP budget {@code rho = cdp_rho(epsilon, delta)}
 * (Canonne, Kamath, Steinke 2020 conversion, as the reference's {@code cdp2adp.cdp_rho}); a third
 * measures every 1-way marginal with Gaussian noise, a third selects a maximum spanning tree of
 * 2-way marginals with d-1 runs of the exponential mechanism (quality: L1 distance between the
 * pair's true counts and its estimate from the noisy 1-way marginals; sensitivity 1), and a third
 * measures the tree's 2-way marginals. A Private-PGM graphical model (a tree, so inference is
 * exact) is fitted to all measurements and sampled. Each exponential-mechanism run is charged as
 * {@link se.tillit.synth.dp.internal.Zcdp#exponentialMechanismEvent}. Rare-category compression
 * of the reference is not done.
 *
 * <p>With one column, the whole budget measures its 1-way marginal.
 */
public final class MstSynthesizer implements MarginalSynthesizer {
  public static final String METHOD = "mst";

  private final int iterations;

  private MstSynthesizer(Builder b) {
    this.iterations = b.iterations;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** MST with the default settings. */
  public static MstSynthesizer create() {
    return builder().build();
  }

  @Override
  public String method() {
    return METHOD;
  }

  public int iterations() {
    return iterations;
  }

  @Override
  public MarginalModel fit(
      EncodedData data, double epsilon, double delta, SecureRandom random,
      DoubleConsumer progress) {
    FitChecks.check(data, epsilon, delta, random);
    DoubleConsumer report = progress == null ? f -> {} : progress;
    SensitiveData sensitive = new SensitiveData(data);
    int d = data.columnCount();
    int[] domain = data.domainSizes();
    double rho = Zcdp.cdpRho(epsilon, delta);
    double oneWayRho = d == 1 ? rho : rho / 3;
    double sigma1 = Zcdp.sigmaForRho(oneWayRho / d);
    List<Measurement> measurements = new ArrayList<>();
    for (int a = 0; a < d; a++) {
      measurements.add(sensitive.measure(new int[] {a}, sigma1, random));
    }
    report.accept(0.05);
    List<int[]> tree = new ArrayList<>();
    if (d > 1) {
      double total = PgmEstimator.estimateTotal(measurements);
      GraphicalModel independent =
          new PgmEstimator(domain).estimate(measurements, total, Math.min(iterations, 500));
      double pairRho = rho / 3 / (d - 1);
      tree = selectTree(sensitive, independent, d, Zcdp.exponentialMechanismEpsilon(pairRho),
          random);
      report.accept(0.15);
      double sigma2 = Zcdp.sigmaForRho(pairRho);
      for (int[] pair : tree) {
        measurements.add(sensitive.measure(pair, sigma2, random));
      }
    }
    report.accept(0.2);
    double total = PgmEstimator.estimateTotal(measurements);
    GraphicalModel model = new PgmEstimator(domain).estimate(measurements, total, iterations);
    report.accept(1.0);
    List<int[]> measured = new ArrayList<>();
    measurements.forEach(m -> measured.add(m.clique()));
    return new MarginalModel(METHOD, data.names(), domain, epsilon, delta, measured,
        sensitive.privacyCost(), model.sampler(domain));
  }

  /** Kruskal's algorithm with each edge picked by the exponential mechanism. */
  private static List<int[]> selectTree(SensitiveData sensitive, GraphicalModel independent,
      int d, double epsilon, SecureRandom random) {
    List<int[]> pairs = Cliques.allOfSize(d, 2);
    List<double[]> estimates = new ArrayList<>();
    for (int[] p : pairs) {
      estimates.add(independent.project(p, Long.MAX_VALUE));
    }
    int[] component = new int[d];
    for (int i = 0; i < d; i++) {
      component[i] = i;
    }
    List<int[]> tree = new ArrayList<>();
    for (int step = 0; step < d - 1; step++) {
      List<int[]> candidates = new ArrayList<>();
      List<double[]> candidateEstimates = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        int[] p = pairs.get(i);
        if (find(component, p[0]) != find(component, p[1])) {
          candidates.add(p);
          candidateEstimates.add(estimates.get(i));
        }
      }
      int pick = sensitive.select(candidates,
          (i, counts) -> l1(counts, candidateEstimates.get(i)), 1.0, epsilon, random);
      int[] e = candidates.get(pick);
      component[find(component, e[0])] = find(component, e[1]);
      tree.add(e);
    }
    return tree;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  static double l1(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s;
  }

  @Override
  public String toString() {
    return "MstSynthesizer{iterations=" + iterations + "}";
  }

  /** Builder for {@link MstSynthesizer}. */
  public static final class Builder {
    private int iterations = 3000;

    private Builder() {}

    /** Mirror-descent iterations of the final estimation, {@code >= 1}; default 3000. */
    public Builder iterations(int iterations) {
      if (iterations < 1) {
        throw new IllegalArgumentException(
            "iterations must be >= 1. Provided value: " + iterations);
      }
      this.iterations = iterations;
      return this;
    }

    public MstSynthesizer build() {
      return new MstSynthesizer(this);
    }
  }
}
