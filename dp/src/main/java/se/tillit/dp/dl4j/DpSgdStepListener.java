package se.tillit.dp.dl4j;

import se.tillit.dp.accounting.DpEvent;

/**
 * Hook around each DP-SGD step, for budget guards and progress reporting. Called on the training
 * thread.
 *
 * <p>{@link #beforeStep} runs before the step samples its batch or touches any data; it is given
 * the event the trainer would report if the step were taken. Returning {@code false} vetoes the
 * step: nothing is sampled, the model is unchanged and nothing is recorded. A federated client uses
 * this to refuse a round that its privacy budget cannot afford.
 *
 * <p>The listener receives only privacy parameters, never data, losses or gradients (those are
 * not differentially private).
 */
public interface DpSgdStepListener {

  /**
   * Called before step number {@code stepIndex} (0-based count of steps already taken).
   *
   * @param eventIfTaken the composed event of all steps so far plus this one
   * @return {@code true} to take the step, {@code false} to veto it
   */
  default boolean beforeStep(long stepIndex, DpEvent eventIfTaken) {
    return true;
  }

  /**
   * Called after a step has been taken and recorded. (The sampled batch size is deliberately not
   * passed: under Poisson sampling it depends on the data and is not itself protected.)
   *
   * @param stepsTaken number of steps now recorded
   * @param eventSoFar the composed event of all recorded steps
   */
  default void afterStep(long stepsTaken, DpEvent eventSoFar) {}
}
