package se.tillit.fl.coordinator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt of one round, as stored.
 *
 * @param kind {@code TRAIN} or {@code EVALUATE}
 * @param attempt 1 for the first try; a round without quorum is tried again
 * @param status RUNNING, COMPLETED, FAILED, CANCELLED or ABANDONED (the coordinator stopped)
 * @param sampledClients the clients given a task
 * @param failureDetail per failed client: {@code client}, {@code kind} and {@code detail}
 * @param metrics aggregated metrics (training: the strategy's; evaluation: example-weighted means)
 * @param finishedAt null while running
 */
public record RoundView(
    long round,
    String kind,
    int attempt,
    String status,
    int sampled,
    int contributors,
    int failures,
    List<String> sampledClients,
    List<Map<String, String>> failureDetail,
    Map<String, Double> metrics,
    Instant startedAt,
    Instant finishedAt) {
  public RoundView {
    sampledClients = List.copyOf(sampledClients);
    failureDetail = List.copyOf(failureDetail);
    metrics = Map.copyOf(metrics);
  }
}
