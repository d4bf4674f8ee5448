package se.tillit.fl.coordinator;

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
}
