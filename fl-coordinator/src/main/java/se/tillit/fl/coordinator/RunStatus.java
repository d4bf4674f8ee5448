package se.tillit.fl.coordinator;

/** Where a run stands. {@link #COMPLETED}, {@link #CANCELLED} and {@link #FAILED} are final. */
public enum RunStatus {
  /** Queued: waiting for the run before it to end (one run trains at a time). */
  SUBMITTED,
  /** Training; a coordinator that restarts resumes it at the last completed round. */
  RUNNING,
  /** Every round completed. */
  COMPLETED,
  /** Cancelled by an operator. */
  CANCELLED,
  /** A round failed more often than the run allows, or the strategy failed. */
  FAILED;

  /** Whether the run will not change any more. */
  public boolean isFinal() {
    return this == COMPLETED || this == CANCELLED || this == FAILED;
  }
}
