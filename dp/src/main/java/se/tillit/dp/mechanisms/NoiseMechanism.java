package se.tillit.dp.mechanisms;

import java.math.BigDecimal;

/**
 * A noise mechanism for real-valued queries. Noise is drawn exactly on the grid
 * {@code granularity() * Z} (a power of two), the input is first snapped to that grid, and the
 * released double is a deterministic function of the noisy grid index: the low-order bits of the
 * output carry no information about the input (Mironov, "On significance of the least significant
 * bits for differential privacy", CCS 2012).
 */
public interface NoiseMechanism extends IntegerNoiseMechanism {

  /**
   * {@code x} snapped to the grid, plus noise on the grid. The result is a multiple of
   * {@link #granularity()} (or infinite if it leaves the double range).
   *
   * @throws IllegalArgumentException if {@code x} is NaN or infinite
   */
  double addNoise(double x);

  /**
   * Like {@link #addNoise(double)} for an exact input, for example a sum accumulated without
   * rounding: the input is snapped to the grid exactly, so floating-point summation error cannot
   * inflate the sensitivity.
   */
  double addNoise(BigDecimal x);

  /** The power of two on whose multiples results lie. */
  double granularity();
}
