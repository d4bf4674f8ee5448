/**
 * The privacy budget ledger: one (epsilon, delta) budget per dataset, charged with the DP events
 * of every release and enforced by composing all of them in a privacy accountant. Start at
 * {@link se.tillit.dp.ledger.BudgetLedger} and {@link se.tillit.dp.ledger.JdbcBudgetLedger}.
 */
package se.tillit.dp.ledger;
