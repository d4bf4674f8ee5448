package se.tillit.dp.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * A dataset's budget and what has been spent from it, as computed when the status was read.
 *
 * @param id the dataset
 * @param budget its total budget
 * @param description free text given at creation (may be empty)
 * @param createdAt when it was created (UTC)
 * @param createdBy the actor who created it
 * @param chargeCount the number of accepted charges
 * @param accountant the name of the accountant that enforces the budget ({@code pld} by default)
 * @param spentEpsilon the epsilon that {@code accountant} certifies, at {@code budget.delta()},
 *     for the composition of all charges; 0 when there are none
 * @param spentEpsilonByAccountant the same figure from every configured accountant, enforcing one
 *     first, then the cross-checks (for example {@code pld} then {@code rdp}); a cross-check that
 *     cannot account for the events is left out
 */
public record DatasetStatus(
    DatasetId id,
    PrivacyBudget budget,
    String description,
    Instant createdAt,
    String createdBy,
    long chargeCount,
    String accountant,
    double spentEpsilon,
    Map<String, Double> spentEpsilonByAccountant) {

  public DatasetStatus {
    spentEpsilonByAccountant = Map.copyOf(spentEpsilonByAccountant);
  }

  /** {@code budget.epsilon() - spentEpsilon}, never below 0. */
  public double remainingEpsilon() {
    return Math.max(0.0, budget.epsilon() - spentEpsilon);
  }
}
