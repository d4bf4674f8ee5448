package se.tillit.fl.coordinator.strategy;

/**
 * Parameters of adaptive clipping for DP-FedAvg (Andrew, Thakkar, McMahan and Ramaswamy, NeurIPS
 * 2021, "Differentially Private Learning with Adaptive Clipping"): the clip norm {@code C} tracks a
 * quantile of the clients' update norms by the geometric update {@code C <- C exp(-eta_C (b -
 * gamma))}, where {@code b} is the noised fraction of clients whose update norm was at most
 * {@code C}.
 *
 * @param initialClipNorm {@code C} in the first round, positive and finite (the paper suggests
 *     0.1)
 * @param targetQuantile {@code gamma}: the fraction of clients whose update should be left
 *     unclipped, in [0, 1] (the paper suggests 0.5)
 * @param learningRate {@code eta_C}, positive and finite (the paper suggests 0.2)
 * @param countNoiseStddev {@code sigma_b}: standard deviation of the Gaussian noise on the count of
 *     unclipped clients, finite and {@code >= 0}; the paper suggests the expected number of clients
 *     per round over 20. With noise multiplier {@code z > 0} it must exceed {@code z / 2}.
 */
public record AdaptiveClipping(
    double initialClipNorm, double targetQuantile, double learningRate, double countNoiseStddev) {

  public AdaptiveClipping {
    if (!(initialClipNorm > 0) || Double.isInfinite(initialClipNorm)) {
      throw new IllegalArgumentException(
          "initial clip norm must be positive and finite. Provided value: " + initialClipNorm);
    }
    if (!(targetQuantile >= 0 && targetQuantile <= 1)) {
      throw new IllegalArgumentException(
          "target_quantile must be >= 0 and <= 1. Provided value: " + targetQuantile);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "clip learning_rate must be positive and finite. Provided value: " + learningRate);
    }
    if (!(countNoiseStddev >= 0) || Double.isInfinite(countNoiseStddev)) {
      throw new IllegalArgumentException(
          "count_noise must be finite and >= 0. Provided value: " + countNoiseStddev);
    }
  }
}
