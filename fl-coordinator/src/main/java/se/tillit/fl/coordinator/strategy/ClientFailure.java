package se.tillit.fl.coordinator.strategy;

import java.util.Objects;

/**
 * A sampled client that did not contribute to a round, and why. Failures are handed to the
 * strategy explicitly (as in Flower), so that a strategy can decide, for example, to accept a round
 * with some failures or to reject it.
 *
 * @param detail a human-readable reason; never holds tensor data, keys or personal data
 */
public record ClientFailure(String clientId, Kind kind, String detail) {
  /** Why a client did not contribute. */
  public enum Kind {
    /** Did not answer before the round's deadline (a straggler dropped at quorum). */
    TIMEOUT,
    /** Its connection ended during the round. */
    DISCONNECTED,
    /** It answered with an error (training failed, task refused). */
    ERROR,
    /** Its own privacy ledger could not afford the round. */
    BUDGET_EXCEEDED,
    /** The coordinator rejected what it sent (malformed, wrong shape, non-finite, stale). */
    REJECTED
  }

  public ClientFailure {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(kind, "kind");
    detail = detail == null ? "" : detail;
  }
}
