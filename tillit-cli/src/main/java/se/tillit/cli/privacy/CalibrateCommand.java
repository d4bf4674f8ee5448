package se.tillit.cli.privacy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.NoiseCalibration;
import se.tillit.dp.accounting.PrivacyAccountant;

/** {@code tillit privacy calibrate}: the smallest noise multiplier for a target (epsilon, delta). */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    header = "Smallest noise multiplier that keeps T subsampled Gaussian steps within (epsilon, delta).",
    description = {
      "The answer never overshoots: the epsilon at the returned noise multiplier is at most the"
          + " target.",
      "Example: tillit privacy calibrate --epsilon 1 --delta 1e-5 --sampling-rate 0.01 --steps 10000"
    })
public final class CalibrateCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin AccountantOptions options;

  @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Target epsilon; > 0.")
  double epsilon;

  @Option(names = "--delta", required = true, paramLabel = "D", description = "Target delta, in (0, 1).")
  double delta;

  @Option(
      names = "--sampling-rate",
      required = true,
      paramLabel = "Q",
      description = "Probability that a record is in a batch; in (0, 1].")
  double samplingRate;

  @Option(names = "--steps", required = true, paramLabel = "T", description = "Training steps; >= 1.")
  long steps;

  @Override
  public boolean jsonRequested() {
    return options != null && options.json;
  }

  @Override
  public Integer call() {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
    DpPreconditions.checkSamplingRate(samplingRate);
    DpPreconditions.checkSteps(steps);
    PrivacyAccountant accountant = options.accountant.create();
    double sigma = NoiseCalibration.calibrateDpSgd(accountant, epsilon, delta, samplingRate, steps);
    double achieved = accountant.epsilon(DpEvent.dpSgd(sigma, samplingRate, steps), delta);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("noise_multiplier", sigma);
    answer.put("epsilon", achieved);
    answer.put("target_epsilon", epsilon);
    answer.put("delta", delta);
    answer.put("accountant", options.accountant.name());
    answer.put("sampling_rate", samplingRate);
    answer.put("steps", steps);
    var out = spec.commandLine().getOut();
    if (options.json) {
      JsonOutput.print(out, answer);
    } else {
      out.printf(
          Locale.ROOT,
          "noise multiplier = %s gives epsilon = %s <= %s at delta = %s (%s accountant; sampling rate %s, %d steps)%n",
          Format.num(sigma),
          Format.num(achieved),
          Format.num(epsilon),
          Format.num(delta),
          options.accountant,
          Format.num(samplingRate),
          steps);
    }
    return 0;
  }
}
