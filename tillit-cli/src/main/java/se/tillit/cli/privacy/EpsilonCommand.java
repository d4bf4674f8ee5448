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

/** {@code tillit privacy epsilon}: epsilon for a given delta. */
@Command(
    name = "epsilon",
    mixinStandardHelpOptions = true,
    header = "Epsilon spent by T steps of the Poisson-subsampled Gaussian mechanism, at a delta.",
    description = "Example: tillit privacy epsilon --noise-multiplier 1.1 --sampling-rate 0.01"
        + " --steps 10000 --delta 1e-5")
public final class EpsilonCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin DpSgdOptions mechanism;
  @Mixin AccountantOptions options;

  @Option(
      names = "--delta",
      required = true,
      paramLabel = "D",
      description = "Target delta, in (0, 1); usually well below 1/(number of records).")
  double delta;

  @Override
  public boolean jsonRequested() {
    return options != null && options.json;
  }

  @Override
  public Integer call() {
    DpEvent event = mechanism.event();
    DpPreconditions.checkDelta(delta);
    double epsilon = options.accountant.create().epsilon(event, delta);
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
          "epsilon = %s at delta = %s (%s accountant; noise multiplier %s, sampling rate %s, %d steps)%n",
          Format.num(epsilon),
          Format.num(delta),
          options.accountant,
          Format.num(mechanism.noiseMultiplier),
          Format.num(mechanism.samplingRate),
          mechanism.steps);
    }
    return 0;
  }
}
