package se.tillit.dp.audit;

/**
 * The audit log contract on PostgreSQL; skipped unless {@code TILLIT_TEST_POSTGRES_URL} is set
 * (see {@code scripts/postgres-test-server.sh}).
 */
class PostgresAuditLogTest extends AuditLogContractTest {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }
}
