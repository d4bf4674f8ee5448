package se.tillit.dp.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.dp.audit.AuditLog;
import se.tillit.dp.audit.AuditVerification;
import se.tillit.dp.audit.TestDatabase;

/** The ledger contract on embedded H2 in a file, plus what is specific to a file database. */
class H2BudgetLedgerTest extends BudgetLedgerContractTest {
  @TempDir Path dir;

  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2(dir);
  }

  @Test
  void reopen_afterClose_stateSurvivesInTheFile() {
    ledger.createDataset("alice", INCOME, ONE, "income");
    ledger.charge("bob", INCOME, "first", laplace(0.3));
    DatasetStatus before = ledger.dataset(INCOME);
    ledger.close();

    ledger = open(accountant);

    assertThat(ledger.dataset(INCOME)).isEqualTo(before);
    assertThat(ledger.charges(INCOME)).hasSize(1);
    assertThat(ledger.auditLog().verify()).isEqualTo(AuditVerification.ok(2));
  }

  @Test
  void open_databaseWithAnotherModulesMigrations_appliesOwnMigrationsBeside() throws Exception {
    ledger.close();
    Path otherDir = dir.resolve("other");
    String url = "jdbc:h2:file:" + otherDir.resolve("db").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      // As if the coordinator had migrated first, with its own history table.
      s.execute("CREATE TABLE coordinator_schema_history (installed_rank INT PRIMARY KEY)");
      s.execute("CREATE TABLE coordinator_run (id BIGINT PRIMARY KEY)");
    }

    try (BudgetLedger l = JdbcBudgetLedger.builder().url(url).accountant(accountant).open()) {
      l.createDataset("alice", INCOME, ONE, "");
      assertThat(l.charge("bob", INCOME, "x", laplace(0.2)).epsilonAfter())
          .isCloseTo(0.2, within(1e-12));
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM coordinator_run")) {
      assertThat(rs.next()).isTrue();
    }
    ledger = open(accountant);
  }

  @Test
  void open_unsupportedUrl_throwsNamingIt() {
    assertThatThrownBy(() -> JdbcBudgetLedger.builder().url("h2:file:/tmp/x")
            .accountant(accountant).open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JDBC URL must start with 'jdbc:'");
    assertThatThrownBy(() -> JdbcBudgetLedger.builder().url("jdbc:nosuchdb:x")
            .accountant(accountant).open())
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining("could not open the privacy budget ledger database");
  }

  @Test
  void auditLogOpenedSeparately_seesLedgerRecords() {
    ledger.createDataset("alice", INCOME, ONE, "");

    try (AuditLog log = AuditLog.open(db.url())) {
      assertThat(log.latest().orElseThrow().action()).isEqualTo("privacy.dataset.create");
      assertThat(log.verify().intact()).isTrue();
    }
  }
}
