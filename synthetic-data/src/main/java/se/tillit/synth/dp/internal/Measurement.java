package se.tillit.synth.dp.internal;

/**
 * A noisy marginal: {@code noisy} = true counts over {@code clique} plus independent N(0,
 * sigma^2) noise in every cell. Safe to keep and publish: it is the output of the mechanism.
 */
public record Measurement(int[] clique, double[] noisy, double sigma) {}
