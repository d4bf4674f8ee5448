package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Objects;
import se.tillit.fl.coordinator.strategy.internal.RoundGate;
import se.tillit.fl.coordinator.strategy.internal.Robust;
import se.tillit.fl.coordinator.strategy.internal.Vectors;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Coordinate-wise trimmed mean (Yin et al., ICML 2018): for each coordinate, the {@code
 * floor(beta n)} smallest and as many largest of the {@code n} contributors' deltas are dropped
 * and the rest averaged (as Flower's {@code FedTrimmedAvg}, which follows {@code
 * scipy.stats.trim_mean}). Tolerates up to {@code floor(beta n)} arbitrarily bad clients per
 * coordinate.
 *
 * <p>Like the paper (and Flower), it ignores example counts: every client counts once. It needs
 * each client's update ({@link #needsIndividualUpdates()}), so it cannot be combined with secure
 * aggregation or with client-level DP.
 */
public final class TrimmedMean implements Strategy {
  /** The name in run files. */
  public static final String NAME = "trimmed_mean";

  private final RoundPolicy policy;
  private final double beta;

  /**
   * @param beta the fraction trimmed from each side, {@code 0 <= beta < 0.5}
   */
  public TrimmedMean(RoundPolicy policy, double beta) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (!(beta >= 0 && beta < 0.5)) {
      throw new IllegalArgumentException(
          "beta must be >= 0 and < 0.5 (the fraction trimmed from each side). Provided value: "
              + beta);
    }
    this.beta = beta;
  }

  @Override
  public String name() {
    return NAME;
  }

  public double beta() {
    return beta;
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
    int cut = (int) Math.floor(beta * deltas.size());
    return new AggregateResult(
        Vectors.apply(global, Robust.trimmedMean(deltas, cut)),
        RoundGate.acceptedMetrics(updates, failures));
  }

  @Override
  public String toString() {
    return "TrimmedMean{beta=" + beta + ", " + policy + "}";
  }
}
