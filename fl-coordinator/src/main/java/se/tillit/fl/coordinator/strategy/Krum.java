package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import se.tillit.fl.coordinator.strategy.internal.RoundGate;
import se.tillit.fl.coordinator.strategy.internal.Robust;
import se.tillit.fl.coordinator.strategy.internal.Vectors;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Krum and multi-Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, NeurIPS 2017, "Machine
 * Learning with Adversaries: Byzantine Tolerant Gradient Descent"). Each contributor's delta gets
 * the score: the sum of its squared L2 distances to its {@code n - f - 2} nearest other deltas,
 * for {@code f} assumed Byzantine clients among {@code n}. Krum ({@code m = 1}) takes the delta
 * with the lowest score; multi-Krum averages the {@code m} lowest-scoring deltas. Ties go to the
 * client that contributed first.
 *
 * <p>The paper's guarantee needs {@code n >= 2f + 3}. With fewer contributors the neighbour count
 * is clamped to {@code max(1, n - f - 2)} (as Flower's {@code aggregate_krum}, {@code
 * framework/py/flwr/server/strategy/aggregate.py}) and the round still aggregates; use {@link
 * RoundPolicy#minContributors()} to require {@code 2f + 3}. If {@code m > n}, all {@code n} are
 * averaged.
 *
 * <p>Like the paper, it ignores example counts: multi-Krum averages the selected deltas uniformly
 * (Flower weights them by example count). Needs each client's update ({@link
 * #needsIndividualUpdates()}), so it cannot be combined with secure aggregation or with
 * client-level DP. Cost: {@code O(n^2 d)} for {@code n} clients and {@code d} parameters.
 */
public final class Krum implements Strategy {
  /** The name in run files. */
  public static final String NAME = "krum";

  private final RoundPolicy policy;
  private final int f;
  private final int m;

  /**
   * @param f the number of Byzantine clients to tolerate, {@code >= 0}
   * @param m how many deltas to select and average, {@code >= 1} (1 is Krum)
   */
  public Krum(RoundPolicy policy, int f, int m) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (f < 0) {
      throw new IllegalArgumentException("f must be >= 0. Provided value: " + f);
    }
    if (m < 1) {
      throw new IllegalArgumentException("m must be >= 1. Provided value: " + m);
    }
    this.f = f;
    this.m = m;
  }

  @Override
  public String name() {
    return NAME;
  }

  public int f() {
    return f;
  }

  public int m() {
    return m;
  }

  @Override
  public boolean needsIndividualUpdates() {
    return true;
  }

  @Override
  public AggregateResult aggregateTrain(
      long round, ModelParameters global, RoundUpdates updates, List<ClientFailure> failures) {
    AggregateResult rejected = RoundGate.rejectionOrNull(policy, global, updates, failures);
    if (rejected != null) {
      return rejected;
    }
    List<double[]> deltas = Vectors.individualDeltas(NAME, global, updates.individual());
    int[] chosen = Robust.lowest(Robust.krumScores(deltas, f), m);
    double[] step = new double[deltas.get(0).length];
    for (int i : chosen) {
      double[] d = deltas.get(i);
      for (int j = 0; j < step.length; j++) {
        step[j] += d[j];
      }
    }
    for (int j = 0; j < step.length; j++) {
      step[j] /= chosen.length;
    }
    Map<String, Double> metrics = new TreeMap<>(RoundGate.acceptedMetrics(updates, failures));
    metrics.put(StrategyMetrics.KRUM_SELECTED, (double) chosen.length);
    return new AggregateResult(Vectors.apply(global, step), metrics);
  }

  @Override
  public String toString() {
    return "Krum{f=" + f + ", m=" + m + ", " + policy + "}";
  }
}
