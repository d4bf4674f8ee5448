package se.tillit.dp.ledger;

import se.tillit.dp.ledger.internal.Numbers;

/**
 * A charge was refused because it would take the dataset's spent epsilon above its budget. Nothing
 * was charged; the refusal itself was written to the audit log.
 */
public final class BudgetExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DatasetId datasetId;
  private final PrivacyBudget budget;
  private final double spentEpsilon;
  private final double epsilonAfterCharge;
  private final String accountant;

  public BudgetExceededException(
      DatasetId datasetId,
      PrivacyBudget budget,
      double spentEpsilon,
      double epsilonAfterCharge,
      String accountant) {
    super(
        "charge refused: dataset " + datasetId + " has epsilon budget "
            + Numbers.epsilon(budget.epsilon()) + "; spent " + Numbers.epsilon(spentEpsilon)
            + "; this charge would make it "
            + Numbers.epsilonDistinctFrom(epsilonAfterCharge, budget.epsilon())
            + " (accountant " + accountant + ", delta " + budget.delta() + ")");
    this.datasetId = datasetId;
    this.budget = budget;
    this.spentEpsilon = spentEpsilon;
    this.epsilonAfterCharge = epsilonAfterCharge;
    this.accountant = accountant;
  }

  public DatasetId datasetId() {
    return datasetId;
  }

  public PrivacyBudget budget() {
    return budget;
  }

  /** Spent before the refused charge. */
  public double spentEpsilon() {
    return spentEpsilon;
  }

  /** What the spent epsilon would have been with the charge; may be infinite. */
  public double epsilonAfterCharge() {
    return epsilonAfterCharge;
  }

  public String accountant() {
    return accountant;
  }
}
