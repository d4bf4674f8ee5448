package se.tillit.fl.coordinator.strategy;

/**
 * FedAdam (Reddi et al. 2021, Algorithm 2): {@code v_t = beta2 v_{t-1} + (1 - beta2) Delta_t^2}.
 * See {@link FedOpt} for the shared update. Flower's defaults: {@code eta = 0.1}, {@code beta1 =
 * 0.9}, {@code beta2 = 0.99}, {@code tau = 1e-9}.
 */
public final class FedAdam extends FedOpt {
  /** The name in run files. */
  public static final String NAME = "fedadam";

  /**
   * @param eta server learning rate, positive and finite
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   * @param tau adaptivity (added to {@code sqrt(v)}), positive and finite
   */
  public FedAdam(RoundPolicy policy, double eta, double beta1, double beta2, double tau) {
    super(policy, eta, beta1, beta2, tau);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  double secondMoment(double v, double delta) {
    return beta2() * v + (1 - beta2()) * delta * delta;
  }
}
