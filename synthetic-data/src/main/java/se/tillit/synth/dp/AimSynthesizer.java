package se.tillit.synth.dp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.dp.internal.Cliques;
import se.tillit.synth.dp.internal.FitChecks;
import se.tillit.synth.dp.internal.GraphicalModel;
import se.tillit.synth.dp.internal.JunctionTree;
import se.tillit.synth.dp.internal.Measurement;
import se.tillit.synth.dp.internal.PgmEstimator;
import se.tillit.synth.dp.internal.SensitiveData;
import se.tillit.synth.dp.internal.Zcdp;

/**
 * AIM (McKenna, Mullins, Sheldon, Miklau, "AIM: An Adaptive and Iterative Mechanism for
 * Differentially Private Synthetic Data", VLDB 2022; reference: private-pgm {@code
 * mechanisms/aim.py}).
 *
 * <p>Workload: every marginal over {@code workloadDegree} columns (default 3), weight 1.
 * Candidates: the workload's downward closure, each weighted by its overlap with the workload.
 * The zCDP budget {@code rho = cdp_rho(epsilon, delta)} is spent in rounds: first every 1-way
 * marginal is measured; then each round selects a candidate with the exponential mechanism
 * (quality {@code w * (||x - x_hat||_1 - sqrt(2/pi) sigma n)}, x the true counts, x_hat the
 * current model's, n the cells; sensitivity max w), measures it with Gaussian noise and re-fits
 * the Private-PGM model (warm start). Initially {@code sigma = sqrt(T / (2 * 0.9 rho))} and the
 * selection gets a tenth of each round's share (T rounds, default 16 d); when a measurement
 * changes the model by less than its expected noise, sigma halves and the selection's share
 * quadruples (annealing); the last round spends what is left. Only candidates that keep the
 * junction tree under {@code maxModelSizeMib * rho_used / rho} (or are already covered) may be
 * selected, so the model never exceeds {@code maxModelSizeMib}.
 *
 * <p>Each selection is charged as {@link Zcdp#exponentialMechanismEvent} and planned with {@link
 * Zcdp#exponentialMechanismRho}; every Gaussian measurement as its own event.
 */
public final class AimSynthesizer implements MarginalSynthesizer {
  public static final String METHOD = "aim";

  private final double maxModelSizeMib;
  private final Integer rounds;
  private final int workloadDegree;
  private final int roundIterations;
  private final int finalIterations;
  private final long projectionCellLimit;

  private AimSynthesizer(Builder b) {
    this.maxModelSizeMib = b.maxModelSizeMib;
    this.rounds = b.rounds;
    this.workloadDegree = b.workloadDegree;
    this.roundIterations = b.roundIterations;
    this.finalIterations = b.finalIterations;
    this.projectionCellLimit = b.projectionCellLimit;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static AimSynthesizer create() {
    return builder().build();
  }

  @Override
  public String method() {
    return METHOD;
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
    int t = rounds != null ? rounds : 16 * d;
    if (t < d) {
      throw new IllegalArgumentException("rounds must be >= the number of columns (" + d
          + "). Provided value: " + t);
    }
    List<int[]> workload = Cliques.allOfSize(d, Math.min(workloadDegree, d));
    List<int[]> candidates = Cliques.downwardClosure(workload);
    double[] weights = new double[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      for (int[] w : workload) {
        weights[i] += Cliques.intersection(candidates.get(i), w).length;
      }
    }
    double sigma = Zcdp.sigmaForRho(0.9 * rho / t);
    double emEpsilon = Zcdp.exponentialMechanismEpsilon(0.1 * rho / t);
    List<Measurement> measurements = new ArrayList<>();
    double rhoUsed = 0;
    for (int a = 0; a < d; a++) {
      measurements.add(sensitive.measure(new int[] {a}, sigma, random));
      rhoUsed += Zcdp.gaussianRho(sigma);
    }
    PgmEstimator estimator = new PgmEstimator(domain);
    double total = PgmEstimator.estimateTotal(measurements);
    GraphicalModel model = estimator.estimate(measurements, total, roundIterations);
    boolean last = false;
    while (!last) {
      double roundRho = Zcdp.gaussianRho(sigma) + Zcdp.exponentialMechanismRho(emEpsilon);
      if (rho - rhoUsed < 2 * roundRho) {
        double remaining = rho - rhoUsed;
        sigma = Zcdp.sigmaForRho(0.9 * remaining);
        emEpsilon = Zcdp.exponentialMechanismEpsilon(0.1 * remaining);
        last = true;
      }
      rhoUsed += Zcdp.gaussianRho(sigma) + Zcdp.exponentialMechanismRho(emEpsilon);
      double sizeLimit = maxModelSizeMib * Math.min(1.0, rhoUsed / rho);
      List<int[]> modelCliques = PgmEstimator.modelCliques(d, measurements);
      Set<String> free = new HashSet<>();
      for (int[] c : Cliques.downwardClosure(modelCliques)) {
        free.add(Arrays.toString(c));
      }
      List<int[]> small = new ArrayList<>();
      List<double[]> estimates = new ArrayList<>();
      List<Double> smallWeights = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        int[] cl = candidates.get(i);
        boolean ok = free.contains(Arrays.toString(cl));
        if (!ok) {
          List<int[]> hypothetical = new ArrayList<>(modelCliques);
          hypothetical.add(cl);
          ok = JunctionTree.sizeMib(domain, hypothetical) <= sizeLimit;
        }
        if (!ok) {
          continue;
        }
        double[] estimate = model.project(cl, projectionCellLimit);
        if (estimate == null) {
          continue;
        }
        small.add(cl);
        estimates.add(estimate);
        smallWeights.add(weights[i]);
      }
      double maxWeight = smallWeights.stream().mapToDouble(Double::doubleValue).max().orElse(1);
      final double s = sigma;
      int pick = sensitive.select(small, (i, counts) -> smallWeights.get(i)
              * (MstSynthesizer.l1(counts, estimates.get(i))
                  - Math.sqrt(2 / Math.PI) * s * counts.length),
          maxWeight, emEpsilon, random);
      int[] chosen = small.get(pick);
      double[] before = estimates.get(pick);
      measurements.add(sensitive.measure(chosen, sigma, random));
      total = PgmEstimator.estimateTotal(measurements);
      model = estimator.estimate(measurements, total, roundIterations);
      double[] after = model.project(chosen, Long.MAX_VALUE);
      if (!last && MstSynthesizer.l1(after, before)
          <= sigma * Math.sqrt(2 / Math.PI) * before.length) {
        sigma /= 2;
        emEpsilon = Zcdp.exponentialMechanismEpsilon(
            4 * Zcdp.exponentialMechanismRho(emEpsilon));
      }
      report.accept(0.9 * Math.min(1.0, rhoUsed / rho));
    }
    model = estimator.estimate(measurements, total, finalIterations);
    report.accept(1.0);
    List<int[]> measured = new ArrayList<>();
    measurements.forEach(m -> measured.add(m.clique()));
    return new MarginalModel(METHOD, data.names(), domain, epsilon, delta, measured,
        sensitive.privacyCost(), model.sampler(domain));
  }

  @Override
  public String toString() {
    return "AimSynthesizer{maxModelSizeMib=" + maxModelSizeMib + ", rounds=" + rounds
        + ", workloadDegree=" + workloadDegree + ", roundIterations=" + roundIterations
        + ", finalIterations=" + finalIterations + "}";
  }

  /** Builder for {@link AimSynthesizer}. */
  public static final class Builder {
    private double maxModelSizeMib = 80;
    private Integer rounds;
    private int workloadDegree = 3;
    private int roundIterations = 100;
    private int finalIterations = 2000;
    private long projectionCellLimit = 20_000_000L;

    private Builder() {}

    /** Largest junction tree, in MiB of doubles, {@code > 0}; default 80 as in the paper. */
    public Builder maxModelSizeMib(double maxModelSizeMib) {
      if (!(maxModelSizeMib > 0) || Double.isInfinite(maxModelSizeMib)) {
        throw new IllegalArgumentException(
            "max model size (MiB) must be > 0 and finite. Provided value: " + maxModelSizeMib);
      }
      this.maxModelSizeMib = maxModelSizeMib;
      return this;
    }

    /** Planned rounds T, {@code >= 1} (and at least the column count at fit); default 16 d. */
    public Builder rounds(int rounds) {
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds must be >= 1. Provided value: " + rounds);
      }
      this.rounds = rounds;
      return this;
    }

    /** Size of the workload's marginals, 1 to 3; default 3. */
    public Builder workloadDegree(int workloadDegree) {
      if (workloadDegree < 1 || workloadDegree > 3) {
        throw new IllegalArgumentException(
            "workload degree must be >= 1 and <= 3. Provided value: " + workloadDegree);
      }
      this.workloadDegree = workloadDegree;
      return this;
    }

    /** Mirror-descent iterations after each round (warm-started), {@code >= 1}; default 100. */
    public Builder roundIterations(int roundIterations) {
      if (roundIterations < 1) {
        throw new IllegalArgumentException(
            "round iterations must be >= 1. Provided value: " + roundIterations);
      }
      this.roundIterations = roundIterations;
      return this;
    }

    /** Mirror-descent iterations of the final estimation, {@code >= 1}; default 2000. */
    public Builder finalIterations(int finalIterations) {
      if (finalIterations < 1) {
        throw new IllegalArgumentException(
            "final iterations must be >= 1. Provided value: " + finalIterations);
      }
      this.finalIterations = finalIterations;
      return this;
    }

    /**
     * Largest intermediate table when scoring a candidate not inside one junction-tree clique;
     * candidates needing more are not offered that round (a choice that depends only on the
     * model, so it spends nothing). {@code >= 1}; default 2*10^7 cells.
     */
    public Builder projectionCellLimit(long projectionCellLimit) {
      if (projectionCellLimit < 1) {
        throw new IllegalArgumentException(
            "projection cell limit must be >= 1. Provided value: " + projectionCellLimit);
      }
      this.projectionCellLimit = projectionCellLimit;
      return this;
    }

    public AimSynthesizer build() {
      return new AimSynthesizer(this);
    }
  }
}
