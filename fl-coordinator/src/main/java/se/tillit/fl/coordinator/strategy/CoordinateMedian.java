package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Objects;
import se.tillit.fl.coordinator.strategy.internal.RoundGate;
import se.tillit.fl.coordinator.strategy.internal.Robust;
import se.tillit.fl.coordinator.strategy.internal.Vectors;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Coordinate-wise median (Yin et al., ICML 2018, "Byzantine-Robust Distributed Learning"): each
 * coordinate of the next global model is the global value plus the median of the contributors'
 * deltas for that coordinate (for an even count, the mean of the two middle values, as Flower's
 * {@code FedMedian} through {@code numpy.median}). A minority of arbitrarily bad clients moves each
 * coordinate at most to the range of the honest clients' values.
 *
 * <p>Like the paper (and Flower), it ignores example counts: every client counts once. It needs
 * each client's update ({@link #needsIndividualUpdates()}), so it cannot be combined with secure
 * aggregation or with client-level DP. Cost: {@code O(d n log n)} for {@code d} parameters and
 * {@code n} clients.
 */
public final class CoordinateMedian implements Strategy {
  /** The name in run files. */
  public static final String NAME = "median";

  private final RoundPolicy policy;

  public CoordinateMedian(RoundPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public String name() {
    return NAME;
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
    return new AggregateResult(
        Vectors.apply(global, Robust.median(deltas)),
        RoundGate.acceptedMetrics(updates, failures));
  }

  @Override
  public String toString() {
    return "CoordinateMedian{" + policy + "}";
  }
}
