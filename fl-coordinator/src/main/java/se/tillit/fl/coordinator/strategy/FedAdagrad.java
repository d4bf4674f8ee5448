package se.tillit.fl.coordinator.strategy;

/**
 * FedAdagrad (Reddi et al. 2021, Algorithm 2): {@code v_t = v_{t-1} + Delta_t^2}. See {@link
 * FedOpt} for the shared update. Flower's defaults: {@code eta = 0.1}, {@code beta1 = 0} (no
 * momentum, as in Flower), {@code tau = 1e-9}.
 */
public final class FedAdagrad extends FedOpt {
  /** The name in run files. */
  public static final String NAME = "fedadagrad";

  /**
   * @param eta server learning rate, positive and finite
   * @param beta1 first-moment decay in [0, 1)
   * @param tau adaptivity (added to {@code sqrt(v)}), positive and finite
   */
  public FedAdagrad(RoundPolicy policy, double eta, double beta1, double tau) {
    super(policy, eta, beta1, 0.0, tau);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  double secondMoment(double v, double delta) {
    return v + delta * delta;
  }
}
