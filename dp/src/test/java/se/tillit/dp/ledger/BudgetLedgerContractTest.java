package se.tillit.dp.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PrivacyAccountant;
import se.tillit.dp.audit.AuditRecord;
import se.tillit.dp.audit.AuditVerification;
import se.tillit.dp.audit.TestDatabase;

/**
 * The {@link BudgetLedger} contract, run against every supported database by a subclass. Uses
 * {@link TestOnlySimpleAccountant} (a test helper) until the real PLD/RDP accountants are wired.
 */
abstract class BudgetLedgerContractTest {
  static final DatasetId INCOME = DatasetId.parse("tax-agency/income-2024");
  static final DatasetId PATIENTS = DatasetId.parse("region-x/patients");
  static final PrivacyBudget ONE = PrivacyBudget.of(1.0, 1e-5);
  static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456789Z");

  protected TestDatabase db;
  protected BudgetLedger ledger;
  protected final PrivacyAccountant accountant = new TestOnlySimpleAccountant();
  protected final PrivacyAccountant crossCheck = new TestOnlySimpleAccountant("test-cross", 0);

  /** A fresh, empty database for one test. */
  protected abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    db = newDatabase();
    ledger = open(accountant);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (ledger != null) {
      ledger.close();
    }
    if (db != null) {
      db.close();
    }
  }

  protected JdbcBudgetLedger open(PrivacyAccountant enforcing) {
    return JdbcBudgetLedger.builder()
        .url(db.url())
        .credentials(db.user(), db.password())
        .accountant(enforcing)
        .crossCheckAccountant(crossCheck)
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .open();
  }

  protected static DpEvent laplace(double epsilon) {
    return new DpEvent.Laplace(1.0 / epsilon);
  }

  // --- create, list, status ----------------------------------------------------------------

  @Test
  void createDataset_new_statusHasBudgetAndNothingSpent() {
    DatasetStatus created = ledger.createDataset("alice", INCOME, ONE, "Income register 2024");

    DatasetStatus read = ledger.dataset(INCOME);

    assertThat(read).isEqualTo(created);
    assertThat(read.id()).isEqualTo(INCOME);
    assertThat(read.budget()).isEqualTo(ONE);
    assertThat(read.description()).isEqualTo("Income register 2024");
    assertThat(read.createdBy()).isEqualTo("alice");
    assertThat(read.createdAt()).isEqualTo(Instant.parse("2024-05-01T10:15:30.123456Z"));
    assertThat(read.chargeCount()).isZero();
    assertThat(read.spentEpsilon()).isZero();
    assertThat(read.remainingEpsilon()).isEqualTo(1.0);
    assertThat(read.accountant()).isEqualTo("test-simple");
    assertThat(read.spentEpsilonByAccountant())
        .containsEntry("test-simple", 0.0)
        .containsEntry("test-cross", 0.0);
  }

  @Test
  void createDataset_duplicate_throwsNamingIdAndKeepsFirstBudget() {
    ledger.createDataset("alice", INCOME, ONE, null);

    assertThatThrownBy(() -> ledger.createDataset("bob", INCOME, PrivacyBudget.of(9, 1e-3), ""))
        .isInstanceOf(DuplicateDatasetException.class)
        .hasMessageContaining("dataset tax-agency/income-2024 already exists");
    assertThat(ledger.dataset(INCOME).budget()).isEqualTo(ONE);
    assertThat(ledger.auditLog().verify()).isEqualTo(AuditVerification.ok(1));
  }

  @Test
  void createDataset_badInput_throwsNamingParameter() {
    assertThatThrownBy(() -> ledger.createDataset(" ", INCOME, ONE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor must be non-empty. Provided value: ' '");
    assertThatThrownBy(() -> ledger.createDataset("alice", null, ONE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset id must not be null. Provided value: null");
    assertThatThrownBy(() -> ledger.createDataset("alice", INCOME, null, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget must not be null. Provided value: null");
    assertThatThrownBy(() -> ledger.createDataset("alice", INCOME, ONE, "x".repeat(2001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("description must be at most 2000 characters. Provided length: 2001");
    assertThat(ledger.listDatasets()).isEmpty();
  }

  @Test
  void listDatasets_several_sortedByIdWithSpending() {
    ledger.createDataset("alice", PATIENTS, PrivacyBudget.of(3, 1e-6), "");
    ledger.createDataset("alice", INCOME, ONE, "");
    ledger.createDataset("alice", DatasetId.parse("tax-agency.se/a"), ONE, "");
    ledger.charge("bob", PATIENTS, "histogram", laplace(0.5));

    List<DatasetStatus> all = ledger.listDatasets();

    assertThat(all).extracting(s -> s.id().toString())
        .containsExactly("region-x/patients", "tax-agency/income-2024", "tax-agency.se/a");
    assertThat(all.get(0).spentEpsilon()).isCloseTo(0.5, within(1e-12));
    assertThat(all.get(0).chargeCount()).isEqualTo(1);
    assertThat(all.get(1).spentEpsilon()).isZero();
  }

  // --- charges ------------------------------------------------------------------------------

  @Test
  void charge_withinBudget_storesChargeAndSpends() {
    ledger.createDataset("alice", INCOME, ONE, "");

    Charge charge = ledger.charge("bob", INCOME, "mean income by county", laplace(0.25));

    assertThat(charge.datasetId()).isEqualTo(INCOME);
    assertThat(charge.actor()).isEqualTo("bob");
    assertThat(charge.purpose()).isEqualTo("mean income by county");
    assertThat(charge.event()).isEqualTo(laplace(0.25));
    assertThat(charge.accountant()).isEqualTo("test-simple");
    assertThat(charge.epsilonAfter()).isCloseTo(0.25, within(1e-12));
    assertThat(charge.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:15:30.123456Z"));
    assertThat(ledger.charges(INCOME)).containsExactly(charge);
    DatasetStatus status = ledger.dataset(INCOME);
    assertThat(status.chargeCount()).isEqualTo(1);
    assertThat(status.spentEpsilon()).isCloseTo(0.25, within(1e-12));
    assertThat(status.remainingEpsilon()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void charge_everyEventVariant_readsBackEqual() {
    ledger.createDataset("alice", INCOME, PrivacyBudget.of(100, 1e-5), "");
    List<DpEvent> events =
        List.of(
            new DpEvent.Gaussian(5),
            new DpEvent.NoOp(),
            new DpEvent.SelfComposed(laplace(0.1), 3),
            new DpEvent.Composed(List.of(laplace(0.2), new DpEvent.Gaussian(7.5))));
    for (DpEvent e : events) {
      ledger.charge("bob", INCOME, "release", e);
    }

    assertThat(ledger.charges(INCOME)).extracting(Charge::event).containsExactlyElementsOf(events);
  }

  @Test
  void charge_gaussianEvents_spentIsAccountantCompositionNotSum() {
    ledger.createDataset("alice", INCOME, PrivacyBudget.of(10, 1e-5), "");
    DpEvent g = new DpEvent.Gaussian(4.0);
    double single = accountant.epsilon(g, 1e-5);

    for (int i = 0; i < 4; i++) {
      ledger.charge("bob", INCOME, "round " + i, g);
    }

    double expected = accountant.epsilon(new DpEvent.SelfComposed(g, 4), 1e-5);
    DatasetStatus status = ledger.dataset(INCOME);
    assertThat(status.spentEpsilon()).isCloseTo(expected, within(1e-9));
    assertThat(status.spentEpsilon()).isLessThan(4 * single * 0.6); // composition beats the sum
    assertThat(status.spentEpsilonByAccountant().get("test-cross"))
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void charge_overBudget_refusedWithMessageNamingDatasetBudgetSpentAndAfter() {
    ledger.createDataset("alice", INCOME, ONE, "");
    ledger.charge("bob", INCOME, "first", laplace(0.83));

    assertThatThrownBy(() -> ledger.charge("bob", INCOME, "second", laplace(0.38)))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage("charge refused: dataset tax-agency/income-2024 has epsilon budget 1; "
            + "spent 0.83; this charge would make it 1.21 (accountant test-simple, delta 1.0E-5)")
        .satisfies(t -> {
          BudgetExceededException e = (BudgetExceededException) t;
          assertThat(e.datasetId()).isEqualTo(INCOME);
          assertThat(e.budget()).isEqualTo(ONE);
          assertThat(e.spentEpsilon()).isCloseTo(0.83, within(1e-12));
          assertThat(e.epsilonAfterCharge()).isCloseTo(1.21, within(1e-12));
        });
  }

  @Test
  void charge_overBudget_storesNothingButAuditsTheRefusal() throws Exception {
    ledger.createDataset("alice", INCOME, ONE, "");
    Charge first = ledger.charge("bob", INCOME, "first", laplace(0.6));
    long chargeRows = countRows("tillit_dp_charge");

    assertThatThrownBy(() -> ledger.charge("mallory", INCOME, "too much", laplace(0.5)))
        .isInstanceOf(BudgetExceededException.class);

    assertThat(countRows("tillit_dp_charge")).isEqualTo(chargeRows);
    assertThat(ledger.charges(INCOME)).containsExactly(first);
    assertThat(ledger.dataset(INCOME).spentEpsilon()).isCloseTo(0.6, within(1e-12));
    AuditRecord refusal = ledger.auditLog().latest().orElseThrow();
    assertThat(refusal.action()).isEqualTo("privacy.charge.refused");
    assertThat(refusal.actor()).isEqualTo("mallory");
    assertThat(refusal.subject()).isEqualTo("tax-agency/income-2024");
    assertThat(refusal.detailsJson())
        .contains("\"epsilon_after_charge\":1.1")
        .contains("\"epsilon_spent\":0.6")
        .contains("\"purpose\":\"too much\"");
    // What remains can still be spent.
    assertThat(ledger.charge("bob", INCOME, "fits", laplace(0.4)).epsilonAfter())
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void charge_exactlyTheBudget_accepted() {
    ledger.createDataset("alice", INCOME, PrivacyBudget.of(1.0, 1e-5), "");

    ledger.charge("bob", INCOME, "all of it", new DpEvent.Laplace(1.0));

    assertThat(ledger.dataset(INCOME).remainingEpsilon()).isZero();
    assertThatThrownBy(() -> ledger.charge("bob", INCOME, "more", new DpEvent.Laplace(1e6)))
        .isInstanceOf(BudgetExceededException.class);
  }

  @Test
  void charge_unknownDataset_throwsNamingIdAndListCommand() {
    assertThatThrownBy(() -> ledger.charge("bob", INCOME, "x", laplace(0.1)))
        .isInstanceOf(UnknownDatasetException.class)
        .hasMessageContaining("unknown dataset tax-agency/income-2024")
        .hasMessageContaining("tillit privacy ledger list");
    assertThatThrownBy(() -> ledger.dataset(INCOME)).isInstanceOf(UnknownDatasetException.class);
    assertThatThrownBy(() -> ledger.charges(INCOME)).isInstanceOf(UnknownDatasetException.class);
    assertThatThrownBy(() -> ledger.canAfford(INCOME, laplace(0.1)))
        .isInstanceOf(UnknownDatasetException.class);
    assertThat(ledger.auditLog().latest()).isEmpty();
  }

  @Test
  void charge_badInput_throwsNamingParameter() {
    ledger.createDataset("alice", INCOME, ONE, "");

    assertThatThrownBy(() -> ledger.charge("bob", INCOME, "", laplace(0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("purpose must be non-empty. Provided value: ''");
    assertThatThrownBy(() -> ledger.charge("bob", INCOME, "x", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event must not be null. Provided value: null");
    assertThatThrownBy(() -> ledger.charge(null, INCOME, "x", laplace(0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor must be non-empty. Provided value: null");
    assertThatThrownBy(() -> ledger.charge("bob", INCOME, "x", DpEvent.dpSgd(1.0, 0.01, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event must be one that accountant test-simple can account for. "
            + "Provided value: {\"type\":\"self_composed\"");
    assertThat(ledger.charges(INCOME)).isEmpty();
  }

  @Test
  void canAfford_previewsWithoutStoringOrAuditing() {
    ledger.createDataset("alice", INCOME, ONE, "");
    ledger.charge("bob", INCOME, "first", laplace(0.7));
    long audits = ledger.auditLog().latest().orElseThrow().sequence();

    ChargePreview fits = ledger.canAfford(INCOME, laplace(0.3));
    ChargePreview tooMuch = ledger.canAfford(INCOME, laplace(0.31));

    assertThat(fits.affordable()).isTrue();
    assertThat(fits.spentEpsilon()).isCloseTo(0.7, within(1e-12));
    assertThat(fits.epsilonAfterCharge()).isCloseTo(1.0, within(1e-12));
    assertThat(fits.accountant()).isEqualTo("test-simple");
    assertThat(tooMuch.affordable()).isFalse();
    assertThat(tooMuch.remainingAfterCharge()).isZero();
    assertThat(ledger.dataset(INCOME).chargeCount()).isEqualTo(1);
    assertThat(ledger.auditLog().latest().orElseThrow().sequence()).isEqualTo(audits);
  }

  @Test
  void charge_concurrentFromTwoLedgers_serialisedSoBudgetIsNeverExceeded() throws Exception {
    // A slow accountant widens the window between reading the spent budget and storing a charge:
    // without the row lock, several charges would pass on the same remaining budget.
    PrivacyAccountant slow = new TestOnlySimpleAccountant("test-simple", 15);
    ledger.close();
    ledger = open(slow);
    ledger.createDataset("alice", INCOME, PrivacyBudget.of(5.0, 1e-5), "");
    int attempts = 16;
    int succeeded = 0;
    int refused = 0;
    try (BudgetLedger other = open(slow)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
          BudgetLedger target = i % 2 == 0 ? ledger : other;
          int n = i;
          Callable<Boolean> task = () -> {
            start.await();
            try {
              target.charge("worker-" + n, INCOME, "race", laplace(1.0));
              return true;
            } catch (BudgetExceededException e) {
              return false;
            }
          };
          results.add(pool.submit(task));
        }
        start.countDown();
        for (Future<Boolean> f : results) {
          if (f.get()) {
            succeeded++;
          } else {
            refused++;
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    assertThat(succeeded).isEqualTo(5);
    assertThat(refused).isEqualTo(attempts - 5);
    DatasetStatus status = ledger.dataset(INCOME);
    assertThat(status.chargeCount()).isEqualTo(5);
    assertThat(status.spentEpsilon()).isCloseTo(5.0, within(1e-9));
    assertThat(ledger.auditLog().verify()).isEqualTo(AuditVerification.ok(1 + attempts));
  }

  // --- audit --------------------------------------------------------------------------------

  @Test
  void auditLog_everyChange_recordedInOrderAndIntact() {
    ledger.createDataset("alice", INCOME, ONE, "");
    Charge c = ledger.charge("bob", INCOME, "mean income", laplace(0.5));
    assertThatThrownBy(() -> ledger.charge("carol", INCOME, "too much", laplace(0.9)))
        .isInstanceOf(BudgetExceededException.class);

    List<AuditRecord> records = ledger.auditLog().records(1, 100);

    assertThat(records).extracting(AuditRecord::action)
        .containsExactly("privacy.dataset.create", "privacy.charge", "privacy.charge.refused");
    assertThat(records).extracting(AuditRecord::actor).containsExactly("alice", "bob", "carol");
    assertThat(records).extracting(AuditRecord::subject).containsOnly("tax-agency/income-2024");
    assertThat(records.get(1).detailsJson())
        .contains("\"charge_id\":" + c.id())
        .contains("\"event\":{\"type\":\"laplace\",\"noise_multiplier\":2.0}");
    assertThat(ledger.auditLog().verify()).isEqualTo(AuditVerification.ok(3));
  }

  @Test
  void auditLog_tamperedChargeRecord_detected() throws Exception {
    ledger.createDataset("alice", INCOME, ONE, "");
    ledger.charge("bob", INCOME, "mean income", laplace(0.5));
    ledger.charge("bob", INCOME, "median income", laplace(0.1));

    db.execute("UPDATE tillit_dp_audit SET details = REPLACE(details, '0.5', '0.05') WHERE seq = 2");

    assertThat(ledger.auditLog().verify().firstBrokenSequence()).hasValue(2);
  }

  // --- lifecycle and schema -----------------------------------------------------------------

  @Test
  void open_again_migrationsIdempotentAndStateKept() throws Exception {
    ledger.createDataset("alice", INCOME, ONE, "");
    ledger.charge("bob", INCOME, "first", laplace(0.5));
    long migrations = countRows("\"tillit_dp_schema_history\"");

    try (BudgetLedger second = open(accountant)) {
      assertThat(second.dataset(INCOME)).isEqualTo(ledger.dataset(INCOME));
    }
    ledger.close();
    ledger = open(accountant);

    assertThat(countRows("\"tillit_dp_schema_history\"")).isEqualTo(migrations);
    assertThat(ledger.dataset(INCOME).spentEpsilon()).isCloseTo(0.5, within(1e-12));
    assertThat(ledger.auditLog().verify()).isEqualTo(AuditVerification.ok(2));
  }

  @Test
  void methods_afterClose_throwIllegalState() {
    ledger.close();
    ledger.close(); // idempotent

    assertThatThrownBy(() -> ledger.listDatasets()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.createDataset("a", INCOME, ONE, ""))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ledger.auditLog().verify()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_missingUrl_throwsIllegalState() {
    assertThatThrownBy(() -> JdbcBudgetLedger.builder().accountant(accountant).open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("url must be set before open()");
  }

  protected long countRows(String table) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
