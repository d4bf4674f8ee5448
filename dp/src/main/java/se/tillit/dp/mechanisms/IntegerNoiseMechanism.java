package se.tillit.dp.mechanisms;

import se.tillit.dp.accounting.DpEvent;

/**
 * A noise mechanism for integer-valued queries, configured once with its privacy parameters and
 * sensitivity. Each call to {@link #addNoise(long)} draws fresh noise from the mechanism's
 * {@link java.security.SecureRandom} and is one release: it spends {@link #dpEvent()} once.
 *
 * <p>Implementations are immutable apart from the random source and safe to share between threads
 * (SecureRandom is thread-safe).
 */
public interface IntegerNoiseMechanism {

  /**
   * {@code x} plus noise. The exact noisy value is clamped into the long range (a post-processing
   * step, so it does not weaken the guarantee).
   */
  long addNoise(long x);

  /**
   * The privacy cost of one call to {@code addNoise}, relative to the configured sensitivity, for a
   * budget ledger or accountant. Each implementation documents why its event is a sound (never
   * optimistic) description.
   */
  DpEvent dpEvent();
}
