package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Objects;
import se.tillit.fl.protocol.ModelParameters;

/**
 * FedProx (Li et al., MLSys 2020, "Federated Optimization in Heterogeneous Networks"): clients add
 * the proximal term {@code (mu / 2) ||w - w_global||^2} to their local loss, which {@link
 * #configureTrain} asks for by setting {@link TrainSettings#proximalMu()} to {@code mu}; the
 * server aggregates exactly as {@link FedAvg}. Stateless; combines with secure aggregation.
 */
public final class FedProx implements Strategy {
  /** The name in run files. */
  public static final String NAME = "fedprox";

  private final RoundPolicy policy;
  private final double mu;
  private final double serverLearningRate;

  /**
   * @param mu the proximal term's weight, finite and {@code >= 0} (0 is FedAvg)
   * @param serverLearningRate as for {@link FedAvg}
   */
  public FedProx(RoundPolicy policy, double mu, double serverLearningRate) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (!(mu >= 0) || Double.isInfinite(mu)) {
      throw new IllegalArgumentException(
          "mu must be finite and >= 0. Provided value: " + mu);
    }
    this.mu = mu;
    this.serverLearningRate = FedAvg.checkServerLearningRate(serverLearningRate);
  }

  @Override
  public String name() {
    return NAME;
  }

  public double mu() {
    return mu;
  }

  @Override
  public TrainSettings configureTrain(long round, TrainSettings base) {
    return base.withProximalMu(mu);
  }

  @Override
  public AggregateResult aggregateTrain(
      long round, ModelParameters global, RoundUpdates updates, List<ClientFailure> failures) {
    return FedAvg.averageStep(policy, serverLearningRate, global, updates, failures);
  }

  @Override
  public String toString() {
    return "FedProx{mu=" + mu + ", serverLearningRate=" + serverLearningRate + ", " + policy + "}";
  }
}
