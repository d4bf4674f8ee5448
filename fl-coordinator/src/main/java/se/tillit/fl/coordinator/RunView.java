package se.tillit.fl.coordinator;

import java.time.Instant;
import java.util.List;

/**
 * A run as stored: its status, progress and (when asked for one run) its rounds.
 *
 * @param currentRound the last training round completed; 0 before the first
 * @param detail why the run failed or was cancelled; empty otherwise
 * @param startedAt null until the run starts
 * @param finishedAt null until the run ends
 * @param rounds every round attempt in order; empty in run lists
 */
public record RunView(
    String id,
    String name,
    RunStatus status,
    long currentRound,
    long rounds,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt,
    String detail,
    List<RoundView> roundHistory) {
  public RunView {
    roundHistory = List.copyOf(roundHistory);
  }

  /** The completed rounds of {@code kind} (TRAIN or EVALUATE). */
  public List<RoundView> completed(String kind) {
    return roundHistory.stream()
        .filter(r -> r.kind().equals(kind) && r.status().equals("COMPLETED")).toList();
  }
}
