package se.tillit.dp.ledger;

import se.tillit.dp.accounting.DpEvent;

/**
 * What a charge would do, computed by {@link BudgetLedger#canAfford} without storing anything.
 *
 * @param datasetId the dataset
 * @param event the event that would be charged
 * @param budget the dataset's budget
 * @param accountant the enforcing accountant's name
 * @param spentEpsilon spent before the charge
 * @param epsilonAfterCharge spent after the charge (composition of all events plus this one); may
 *     be infinite if the accountant cannot certify a finite epsilon
 */
public record ChargePreview(
    DatasetId datasetId,
    DpEvent event,
    PrivacyBudget budget,
    String accountant,
    double spentEpsilon,
    double epsilonAfterCharge) {

  /** Whether a charge made now would be accepted: {@code epsilonAfterCharge <= budget.epsilon()}. */
  public boolean affordable() {
    return epsilonAfterCharge <= budget.epsilon();
  }

  /** {@code budget.epsilon() - epsilonAfterCharge}, never below 0. */
  public double remainingAfterCharge() {
    return Math.max(0.0, budget.epsilon() - epsilonAfterCharge);
  }
}
