package se.tillit.fl.coordinator.strategy;

/**
 * FedYogi (Reddi et al. 2021, Algorithm 2, after Zaheer et al. 2018):
 * {@code v_t = v_{t-1} - (1 - beta2) Delta_t^2 sign(v_{t-1} - Delta_t^2)}, so that {@code v} moves
 * additively towards {@code Delta^2} instead of decaying. See {@link FedOpt} for the shared update.
 * Flower's defaults: {@code eta = 0.01}, {@code beta1 = 0.9}, {@code beta2 = 0.99}, {@code tau =
 * 1e-3}.
 */
public final class FedYogi extends FedOpt {
  /** The name in run files. */
  public static final String NAME = "fedyogi";

  /**
   * @param eta server learning rate, positive and finite
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment rate in [0, 1)
   * @param tau adaptivity (added to {@code sqrt(v)}), positive and finite
   */
  public FedYogi(RoundPolicy policy, double eta, double beta1, double beta2, double tau) {
    super(policy, eta, beta1, beta2, tau);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  double secondMoment(double v, double delta) {
    double d2 = delta * delta;
    return v - (1 - beta2()) * d2 * Math.signum(v - d2);
  }
}
