package se.tillit.fl.coordinator;

import java.util.Map;
import se.tillit.fl.coordinator.strategy.Strategies;
import se.tillit.fl.coordinator.strategy.Strategy;

/**
 * Makes the {@link Strategy} of a run from its run file ({@code strategy:} and
 * {@code privacy.client_level}). Called once per run and again when a restarted coordinator
 * resumes it (then the strategy's state is restored from the last checkpoint).
 */
@FunctionalInterface
public interface StrategyFactory {
  /** @throws IllegalArgumentException for an unknown strategy or bad parameters; the run fails */
  Strategy create(RunSpec spec);

  /**
   * The run file's own strategy: {@link Strategies#create} of its {@code strategy:} section,
   * wrapped in DP-FedAvg when {@code privacy.client_level} is set.
   */
  static StrategyFactory fromRunFile() {
    return spec -> {
      Object clientLevel = spec.privacy().get("client_level");
      @SuppressWarnings("unchecked")
      Map<String, Object> cl = clientLevel instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
      return Strategies.create(spec.strategy(), cl);
    };
  }
}
