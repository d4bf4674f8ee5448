package se.tillit.dp.ledger;

import se.tillit.dp.audit.TestDatabase;

/**
 * The ledger contract on PostgreSQL, each test in a throwaway schema; skipped unless
 * {@code TILLIT_TEST_POSTGRES_URL} is set (start a server with {@code
 * scripts/postgres-test-server.sh}).
 */
class PostgresBudgetLedgerTest extends BudgetLedgerContractTest {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
