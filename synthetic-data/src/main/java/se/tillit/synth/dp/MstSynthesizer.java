package se.tillit.synth.dp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.dp.internal.Cliques;
import se.tillit.synth.dp.internal.DomainCompression;
import se.tillit.synth.dp.internal.FitChecks;
import se.tillit.synth.dp.internal.ForwardSampler;
import se.tillit.synth.dp.internal.GraphicalModel;
import se.tillit.synth.dp.internal.Measurement;
import se.tillit.synth.dp.internal.PgmEstimator;
import se.tillit.synth.dp.internal.PldCalibration;
import se.tillit.synth.dp.internal.SensitiveData;
import se.tillit.synth.dp.internal.Zcdp;

/**
 * MST (McKenna, Miklau, Sheldon, "Winning the NIST Contest: A scalable and general approach to
 * differentially private synthetic data", JPC 2021; reference: github.com/ryan112358/private-pgm,
 * {@code mechanisms/mst.py}).
 *
 * <p>Budget. The zCDP budget {@code rho = cdp_rho(epsilon, delta)} (Canonne, Kamath, Steinke 2020
 * conversion, as the reference's {@code cdp2adp.cdp_rho}) is split: half measures every 1-way
 * marginal with Gaussian noise, a tenth selects a maximum spanning tree of 2-way marginals with d-1
 * runs of the exponential mechanism (quality: L1 distance between the pair's true counts and its
 * estimate from the noisy 1-way marginals; sensitivity 1), and the remaining 0.4 measures the
 * tree's 2-way marginals, each edge's share proportional to its cell count to the power 2/3 (which
 * minimises the total expected L1 noise, cells times sigma). The reference splits in thirds with
 * equal edge shares; this split gave a lower 2-way TVD on Adult at epsilon 1. Since the whole list
 * of events is known before the data is read (up to the edge shares), rho is then scaled up by
 * {@link PldCalibration} until the PLD accountant's epsilon of the planned events reaches the
 * budget (about 1.15 times at epsilon 1: the zCDP plan, with each selection planned as a
 * dominating Gaussian, is loose), and before the tree is measured the edge noises are checked
 * against the budget again with the actual shares. A Private-PGM graphical model (a tree, so
 * inference is exact) is fitted to all measurements and sampled. Each exponential-mechanism run is
 * charged as {@link se.tillit.synth.dp.internal.Zcdp#exponentialMechanismEvent}.
 *
 * <p>Rare-category compression (the reference's {@code compress_domain}, on by default): after the
 * 1-way measurements, each column's values with a noisy count below {@code 4 sigma} are merged
 * into one rare bucket ({@link DomainCompression}); the tree is selected, measured and modelled on
 * that smaller domain, and the sampler spreads a drawn rare bucket over its values in proportion
 * to their clipped noisy 1-way counts. All of this is post-processing of the 1-way measurements.
 *
 * <p>With one column, the whole budget measures its 1-way marginal.
 */
public final class MstSynthesizer implements MarginalSynthesizer {
  public static final String METHOD = "mst";

  /** Share of rho for the 1-way marginals (the reference: 1/3). */
  private static final double ONE_WAY_SHARE = 0.5;
  /** Share of rho for the tree selection (the reference: 1/3); the rest measures the tree. */
  private static final double SELECTION_SHARE = 0.1;

  private final int iterations;
  private final boolean compressRare;

  private MstSynthesizer(Builder b) {
    this.iterations = b.iterations;
    this.compressRare = b.compressRare;
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

  public boolean compressRare() {
    return compressRare;
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
    double fOne = ONE_WAY_SHARE;
    double fSel = SELECTION_SHARE;
    double zcdpRho = Zcdp.cdpRho(epsilon, delta);
    double rho = zcdpRho * PldCalibration.largestScale(
        s -> plan(d, zcdpRho * s, fOne, fSel), epsilon, delta);
    double oneWayRho = d == 1 ? rho : rho * fOne;
    double sigma1 = Zcdp.sigmaForRho(oneWayRho / d);
    List<Measurement> oneWay = new ArrayList<>();
    for (int a = 0; a < d; a++) {
      oneWay.add(sensitive.measure(new int[] {a}, sigma1, random));
    }
    report.accept(0.05);
    DomainCompression compression = compressRare
        ? DomainCompression.fromOneWay(domain, oneWay)
        : DomainCompression.none(domain);
    int[] modelDomain = compression.compressedDomain();
    SensitiveData modelData = compression.isIdentity()
        ? sensitive
        : sensitive.recoded(compression.codeMaps(), modelDomain);
    List<Measurement> measurements = new ArrayList<>();
    for (Measurement m : oneWay) {
      measurements.add(compression.isIdentity() ? m : compression.compress(m));
    }
    List<int[]> tree = new ArrayList<>();
    if (d > 1) {
      double total = PgmEstimator.estimateTotal(measurements);
      GraphicalModel independent =
          new PgmEstimator(modelDomain).estimate(measurements, total, Math.min(iterations, 500));
      double pairRho = rho * (1 - fOne - fSel) / (d - 1);
      double selectionEpsilon = Zcdp.exponentialMechanismEpsilon(rho * fSel / (d - 1));
      tree = selectTree(modelData, independent, d, selectionEpsilon, random);
      report.accept(0.15);
      // edge shares of the tree's budget: cells^(2/3), then re-checked against the whole budget
      double[] share = new double[tree.size()];
      double shareSum = 0;
      for (int i = 0; i < tree.size(); i++) {
        share[i] = Math.pow(Cliques.cells(tree.get(i), modelDomain), 2.0 / 3);
        shareSum += share[i];
      }
      double[] pairSigma = new double[tree.size()];
      for (int i = 0; i < tree.size(); i++) {
        pairSigma[i] = Zcdp.sigmaForRho(pairRho * (d - 1) * share[i] / shareSum);
      }
      List<DpEvent> spent = sensitive.events();
      double fix = PldCalibration.largestScale(x -> {
        // the events so far (1-way measurements, selections) and the tree's, noise scaled by x
        List<DpEvent> all = new ArrayList<>(spent);
        for (double sg : pairSigma) {
          all.add(SensitiveData.measurementEvent(sg / Math.sqrt(x)));
        }
        return new DpEvent.Composed(all);
      }, epsilon, delta);
      fix = Math.min(1.0, fix);
      for (int i = 0; i < tree.size(); i++) {
        measurements.add(modelData.measure(tree.get(i), pairSigma[i] / Math.sqrt(fix), random));
      }
    }
    report.accept(0.2);
    double total = PgmEstimator.estimateTotal(measurements);
    GraphicalModel model = new PgmEstimator(modelDomain).estimate(measurements, total, iterations);
    report.accept(1.0);
    ForwardSampler sampler = model.sampler(modelDomain);
    if (!compression.isIdentity()) {
      sampler = compression.expand(sampler);
    }
    List<int[]> measured = new ArrayList<>();
    measurements.forEach(m -> measured.add(m.clique()));
    return new MarginalModel(METHOD, data.names(), domain, epsilon, delta, measured,
        sensitive.privacyCost(), sampler);
  }

  /** The events a fit with zCDP budget rho records, in order. */
  private static DpEvent plan(int d, double rho, double fOne, double fSel) {
    List<DpEvent> events = new ArrayList<>();
    double oneWayRho = d == 1 ? rho : rho * fOne;
    DpEvent one = SensitiveData.measurementEvent(Zcdp.sigmaForRho(oneWayRho / d));
    for (int a = 0; a < d; a++) {
      events.add(one);
    }
    if (d > 1) {
      DpEvent select = Zcdp.exponentialMechanismEvent(
          Zcdp.exponentialMechanismEpsilon(rho * fSel / (d - 1)));
      DpEvent pair =
          SensitiveData.measurementEvent(Zcdp.sigmaForRho(rho * (1 - fOne - fSel) / (d - 1)));
      for (int i = 0; i < d - 1; i++) {
        events.add(select);
      }
      for (int i = 0; i < d - 1; i++) {
        events.add(pair);
      }
    }
    return new DpEvent.Composed(events);
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
    return "MstSynthesizer{iterations=" + iterations + ", compressRare=" + compressRare + "}";
  }

  /** Builder for {@link MstSynthesizer}. */
  public static final class Builder {
    private int iterations = 3000;
    private boolean compressRare = true;

    private Builder() {}

    /**
     * Whether values whose noisy 1-way count is below 3 sigma are merged into one rare bucket per
     * column before the 2-way marginals are selected and measured (the reference's {@code
     * compress_domain}); default true.
     */
    public Builder compressRare(boolean compressRare) {
      this.compressRare = compressRare;
      return this;
    }

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
