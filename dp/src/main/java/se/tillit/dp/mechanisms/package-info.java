/**
 * Noise mechanisms and bounded aggregations.
 *
 * <ul>
 *   <li>{@link se.tillit.dp.mechanisms.LaplaceMechanism}, {@link
 *       se.tillit.dp.mechanisms.GaussianMechanism}: real-valued noise drawn exactly on a
 *       power-of-two grid (closes Mironov's 2012 floating-point attack).
 *   <li>{@link se.tillit.dp.mechanisms.DiscreteLaplaceMechanism}, {@link
 *       se.tillit.dp.mechanisms.DiscreteGaussianMechanism}: exact integer noise (Canonne, Kamath,
 *       Steinke 2020) with rational parameters.
 *   <li>{@link se.tillit.dp.mechanisms.GaussianNoise}: analytic Gaussian calibration (Balle and
 *       Wang 2018).
 *   <li>{@link se.tillit.dp.mechanisms.BoundedCount}, {@link se.tillit.dp.mechanisms.BoundedSum},
 *       {@link se.tillit.dp.mechanisms.BoundedMean}: Google-style aggregations with contribution
 *       bounds, each reporting the {@link se.tillit.dp.accounting.DpEvent} it spends.
 * </ul>
 *
 * <p>All noise comes from a {@link java.security.SecureRandom}; {@link se.tillit.dp.Randomness}
 * gives the default. Every mechanism's {@code dpEvent()} documents why it is a sound description.
 */
package se.tillit.dp.mechanisms;
