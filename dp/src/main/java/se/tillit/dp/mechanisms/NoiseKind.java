package se.tillit.dp.mechanisms;

/** The noise an aggregation adds: Laplace (pure epsilon-DP) or Gaussian ((epsilon, delta)-DP). */
public enum NoiseKind {
  /** Laplace noise on a power-of-two grid; needs epsilon only, delta must stay unset. */
  LAPLACE,
  /** Gaussian noise on a power-of-two grid, analytically calibrated; needs epsilon and delta. */
  GAUSSIAN
}
