package se.tillit.cli.privacy;

import picocli.CommandLine.Option;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;

/** The mechanism of DP-SGD style training: T Poisson-subsampled Gaussian steps. */
public final class DpSgdOptions {
  @Option(
      names = "--noise-multiplier",
      required = true,
      paramLabel = "S",
      description = "Noise standard deviation divided by the L2 clipping norm (sensitivity); > 0.")
  double noiseMultiplier;

  @Option(
      names = "--sampling-rate",
      required = true,
      paramLabel = "Q",
      description = "Probability that a record is in a batch (batch size / dataset size); in (0, 1].")
  double samplingRate;

  @Option(
      names = "--steps",
      required = true,
      paramLabel = "T",
      description = "Number of training steps (batches); >= 1.")
  long steps;

  /** Validates every value and returns the event; bad values give IllegalArgumentException. */
  DpEvent event() {
    DpPreconditions.checkNoiseMultiplier(noiseMultiplier);
    DpPreconditions.checkSamplingRate(samplingRate);
    DpPreconditions.checkSteps(steps);
    return DpEvent.dpSgd(noiseMultiplier, samplingRate, steps);
  }
}
