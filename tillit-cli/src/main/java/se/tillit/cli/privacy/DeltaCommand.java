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

/** {@code tillit privacy delta}: delta for a given epsilon. */
@Command(
    name = "delta",
    mixinStandardHelpOptions = true,
    header = "Delta of T steps of the Poisson-subsampled Gaussian mechanism, at an epsilon.",
    description = "Example: tillit privacy delta --noise-multiplier 1.1 --sampling-rate 0.01"
        + " --steps 10000 --epsilon 2")
public final class DeltaCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin DpSgdOptions mechanism;
  @Mixin AccountantOptions options;

  @Option(
      names = "--epsilon",
      required = true,
      paramLabel = "E",
      description = "Epsilon at which to compute delta; >= 0 and finite.")
  double epsilon;

  @Override
  public boolean jsonRequested() {
    return options != null && options.json;
  }

  @Override
  public Integer call() {
    DpEvent event = mechanism.event();
    DpPreconditions.checkNonNegativeFinite("epsilon", epsilon);
    double delta = options.accountant.create().delta(event, epsilon);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("epsilon", epsilon);
    answer.put("delta", delta);
    answer.put("accountant", options.accountant.name());
    answer.put("noise_multiplier", mechanism.noiseMultiplier);
    answer.put("sampling_rate", mechanism.samplingRate);
    answer.put("steps", mechanism.steps);
    var out = spec.commandLine().getOut();
    if (options.json) {
      JsonOutput.print(out, answer);
    } else {
      out.printf(
          Locale.ROOT,
          "delta = %s at epsilon = %s (%s accountant; noise multiplier %s, sampling rate %s, %d steps)%n",
          Format.num(delta),
          Format.num(epsilon),
          options.accountant,
          Format.num(mechanism.noiseMultiplier),
          Format.num(mechanism.samplingRate),
          mechanism.steps);
    }
    return 0;
  }
}
