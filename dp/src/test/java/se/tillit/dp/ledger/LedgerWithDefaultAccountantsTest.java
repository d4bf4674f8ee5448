package se.tillit.dp.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.accounting.RdpAccountant;

/** The ledger as users get it: PLD enforcing, RDP as cross-check, on an H2 file. */
class LedgerWithDefaultAccountantsTest {
  private static final DatasetId INCOME = DatasetId.parse("skatteverket/income-2024");

  @TempDir Path dir;

  private JdbcBudgetLedger open() {
    return JdbcBudgetLedger.builder().url("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath()).open();
  }

  @Test
  void charge_dpSgdRuns_spentIsPldCompositionNotSum() {
    try (JdbcBudgetLedger ledger = open()) {
      ledger.createDataset("officer", INCOME, PrivacyBudget.of(10.0, 1e-6), "income register");
      DpEvent run = DpEvent.dpSgd(1.1, 0.01, 2000);
      double single = new PldAccountant().epsilon(run, 1e-6);

      ledger.charge("team", INCOME, "model v1", run);
      Charge second = ledger.charge("team", INCOME, "model v2", run);

      double composed =
          new PldAccountant().epsilon(DpEvent.dpSgd(1.1, 0.01, 4000), 1e-6);
      assertThat(second.epsilonAfter()).isCloseTo(composed, org.assertj.core.data.Percentage.withPercentage(0.5));
      assertThat(second.epsilonAfter()).isLessThan(2 * single);
      DatasetStatus status = ledger.dataset(INCOME);
      assertThat(status.accountant()).isEqualTo("pld");
      assertThat(status.spentEpsilonByAccountant()).containsKey("rdp");
      assertThat(status.spentEpsilon())
          .isLessThanOrEqualTo(status.spentEpsilonByAccountant().get("rdp"));
    }
  }

  @Test
  void charge_overBudget_refusedAndNothingStored() {
    try (JdbcBudgetLedger ledger = open()) {
      ledger.createDataset("officer", INCOME, PrivacyBudget.of(1.0, 1e-6), "");
      ledger.charge("team", INCOME, "small", DpEvent.dpSgd(2.0, 0.01, 500));
      DatasetStatus before = ledger.dataset(INCOME);

      assertThatThrownBy(() -> ledger.charge("team", INCOME, "big", DpEvent.dpSgd(0.8, 0.05, 5000)))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("skatteverket/income-2024")
          .hasMessageContaining("budget 1");
      assertThat(ledger.dataset(INCOME)).isEqualTo(before);
      assertThat(ledger.charges(INCOME)).hasSize(1);
    }
  }

  @Test
  void rdpCrossCheck_isTheRdpAccountantsFigure() {
    try (JdbcBudgetLedger ledger = open()) {
      ledger.createDataset("officer", INCOME, PrivacyBudget.of(5.0, 1e-5), "");
      DpEvent run = DpEvent.dpSgd(1.0, 0.02, 1000);
      ledger.charge("team", INCOME, "run", run);
      assertThat(ledger.dataset(INCOME).spentEpsilonByAccountant().get("rdp"))
          .isEqualTo(new RdpAccountant().epsilon(new DpEvent.Composed(java.util.List.of(run)), 1e-5));
    }
  }
}
