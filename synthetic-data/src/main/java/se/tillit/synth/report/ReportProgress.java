package se.tillit.synth.report;

/** Told as a report moves through its stages (for a progress bar). */
@FunctionalInterface
public interface ReportProgress {
  /** No-op listener. */
  ReportProgress NONE = (stage, done, total) -> {};

  /** Stage {@code done} of {@code total} (1-based) has started; {@code stage} says what it does. */
  void stage(String stage, int done, int total);
}
