package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Objects;
import se.tillit.fl.coordinator.strategy.internal.RoundGate;
import se.tillit.fl.coordinator.strategy.internal.Vectors;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Federated averaging (McMahan et al., AISTATS 2017) on deltas: the next global model is {@code
 * global + eta * mean}, where {@code mean} is the example-weighted mean of the contributors'
 * deltas (the coordinator sums them weighted by {@link Weighting#EXAMPLES}) and {@code eta} the
 * server learning rate (1 gives classic FedAvg, the example-weighted mean of the local models).
 *
 * <p>Works on the sum alone, so it combines with secure aggregation. Stateless.
 */
public final class FedAvg implements Strategy {
  /** The name in run files. */
  public static final String NAME = "fedavg";

  private final RoundPolicy policy;
  private final double serverLearningRate;

  /**
   * @param serverLearningRate the step applied to the mean delta, positive and finite
   * @throws IllegalArgumentException if the learning rate is not positive and finite
   */
  public FedAvg(RoundPolicy policy, double serverLearningRate) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.serverLearningRate = checkServerLearningRate(serverLearningRate);
  }

  /** FedAvg with {@link RoundPolicy#DEFAULT} and server learning rate 1. */
  public static FedAvg create() {
    return new FedAvg(RoundPolicy.DEFAULT, 1.0);
  }

  @Override
  public String name() {
    return NAME;
  }

  public RoundPolicy policy() {
    return policy;
  }

  public double serverLearningRate() {
    return serverLearningRate;
  }

  @Override
  public AggregateResult aggregateTrain(
      long round, ModelParameters global, RoundUpdates updates, List<ClientFailure> failures) {
    return averageStep(policy, serverLearningRate, global, updates, failures);
  }

  /** The FedAvg step, shared with FedProx. */
  static AggregateResult averageStep(
      RoundPolicy policy, double eta, ModelParameters global, RoundUpdates updates,
      List<ClientFailure> failures) {
    AggregateResult rejected = RoundGate.rejectionOrNull(policy, global, updates, failures);
    if (rejected != null) {
      return rejected;
    }
    double[] step = updates.sum().mean();
    Vectors.checkLength(step, global);
    if (eta != 1.0) {
      for (int i = 0; i < step.length; i++) {
        step[i] *= eta;
      }
    }
    return new AggregateResult(
        Vectors.apply(global, step), RoundGate.acceptedMetrics(updates, failures));
  }

  static double checkServerLearningRate(double eta) {
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException(
          "server_lr must be positive and finite. Provided value: " + eta);
    }
    return eta;
  }

  @Override
  public String toString() {
    return "FedAvg{serverLearningRate=" + serverLearningRate + ", " + policy + "}";
  }
}
