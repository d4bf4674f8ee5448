package se.tillit.dp.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.audit.AuditVerification;

/**
 * Several OS processes share one H2 file through {@code AUTO_SERVER=TRUE}, the documented default
 * URL shape, and their charges are still serialised.
 */
class H2MultiProcessLedgerTest {
  @TempDir Path dir;

  /** Child process: charges epsilon 1 (Laplace b = 1) {@code args[1]} times; prints successes. */
  public static final class Child {
    public static void main(String[] args) {
      int accepted = 0;
      try (BudgetLedger ledger =
          JdbcBudgetLedger.builder()
              .url(args[0])
              .accountant(new TestOnlySimpleAccountant("test-simple", 10))
              .open()) {
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
          try {
            ledger.charge("child-" + ProcessHandle.current().pid(),
                BudgetLedgerContractTest.INCOME, "multi-process", new DpEvent.Laplace(1.0));
            accepted++;
          } catch (BudgetExceededException e) {
            // expected once the budget is spent
          }
        }
      }
      System.out.println("accepted=" + accepted);
    }
  }

  @Test
  void charge_fromThreeProcessesOnAutoServerFile_serialised() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("tillit").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    try (BudgetLedger ledger =
        JdbcBudgetLedger.builder().url(url).accountant(new TestOnlySimpleAccountant()).open()) {
      ledger.createDataset("alice", BudgetLedgerContractTest.INCOME, PrivacyBudget.of(6, 1e-5), "");

      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> children = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        children.add(
            new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    Child.class.getName(), url, "5")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + i + ".log").toFile())
                .start());
      }
      int parentAccepted = 0;
      for (int i = 0; i < 2; i++) {
        try {
          ledger.charge("parent", BudgetLedgerContractTest.INCOME, "multi-process",
              new DpEvent.Laplace(1.0));
          parentAccepted++;
        } catch (BudgetExceededException e) {
          // budget spent by the children
        }
      }
      int total = parentAccepted;
      for (int i = 0; i < children.size(); i++) {
        Process p = children.get(i);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(
            dir.resolve("child-" + i + ".log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith("accepted=")).findFirst().orElseThrow();
        total += Integer.parseInt(line.substring("accepted=".length()));
      }

      DatasetStatus status = ledger.dataset(BudgetLedgerContractTest.INCOME);
      assertThat(total).isEqualTo(6);
      assertThat(status.chargeCount()).isEqualTo(6);
      assertThat(status.spentEpsilon()).isCloseTo(6.0, within(1e-9));
      assertThat(ledger.auditLog().verify()).isEqualTo(AuditVerification.ok(1 + 2 + 2 * 5));
    }
    assertThat(new File(dir.toFile(), "tillit.mv.db")).exists();
  }
}
