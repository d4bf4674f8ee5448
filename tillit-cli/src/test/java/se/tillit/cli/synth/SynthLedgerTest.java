package se.tillit.cli.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.ledger.Charge;
import se.tillit.dp.ledger.DatasetId;
import se.tillit.dp.ledger.JdbcBudgetLedger;
import se.tillit.dp.ledger.PrivacyBudget;

/**
 * A DP fit with --dataset spends the dataset's budget: the ledger holds exactly the mechanisms the
 * fit ran, their PLD composition is within the requested epsilon, and a fit the budget cannot
 * afford is refused before any data is read, with no model written.
 */
class SynthLedgerTest {
  private static final DatasetId ID = DatasetId.parse("skv/income-sample");
  @TempDir Path dir;
  private String db;
  private Path data;
  private Path schema;

  @BeforeEach
  void setUp() throws Exception {
    db = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
    StringBuilder sb = new StringBuilder("age,sex,income\n");
    for (int i = 0; i < 400; i++) {
      sb.append(20 + i % 50).append(i % 3 == 0 ? ",Female" : ",Male")
          .append(i % 4 == 0 ? ",>50K" : ",<=50K").append('\n');
    }
    data = dir.resolve("data.csv");
    Files.writeString(data, sb.toString());
    schema = dir.resolve("schema.yaml");
    assertThat(SynthCommandTest.run("synth", "schema", "--in", data.toString(), "--out",
        schema.toString()).code()).isZero();
  }

  private void createDataset(double epsilon) {
    try (JdbcBudgetLedger l = JdbcBudgetLedger.builder().url(db).open()) {
      l.createDataset("officer", ID, PrivacyBudget.of(epsilon, 1e-6), "test data");
    }
  }

  @Test
  void fit_withDataset_chargesTheMechanismsItRan() {
    createDataset(3.0);
    Path model = dir.resolve("mst.zip");
    SynthCommandTest.Result r = SynthCommandTest.run("synth", "fit", "--in", data.toString(),
        "--schema", schema.toString(), "--method", "mst", "--epsilon", "1", "--delta", "1e-9",
        "--dataset", ID.toString(), "--db", db, "--actor", "researcher", "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(model).exists();
    try (JdbcBudgetLedger l = JdbcBudgetLedger.builder().url(db).open()) {
      var charges = l.charges(ID);
      assertThat(charges).hasSize(1);
      Charge c = charges.get(0);
      assertThat(c.actor()).isEqualTo("researcher");
      assertThat(c.purpose()).contains("mst");
      // The stored events are real mechanisms (measurements and selections), not a lump sum,
      // and they compose to at most the epsilon the fit was given.
      assertThat(c.event()).isInstanceOf(DpEvent.Composed.class);
      assertThat(new PldAccountant().epsilon(c.event(), 1e-9)).isLessThanOrEqualTo(1.0);
      assertThat(l.dataset(ID).spentEpsilon()).isGreaterThan(0).isLessThan(3.0);
      assertThat(l.auditLog().verify().intact()).isTrue();
    }
  }

  @Test
  void fit_overBudget_exits3BeforeReadingAndWritesNoModel() {
    createDataset(0.5);
    Path model = dir.resolve("mst.zip");
    SynthCommandTest.Result r = SynthCommandTest.run("synth", "fit", "--in", data.toString(),
        "--schema", schema.toString(), "--method", "mst", "--epsilon", "1", "--delta", "1e-9",
        "--dataset", ID.toString(), "--db", db, "--out", model.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("charge refused").contains("nothing was read");
    assertThat(model).doesNotExist();
    try (JdbcBudgetLedger l = JdbcBudgetLedger.builder().url(db).open()) {
      assertThat(l.charges(ID)).isEmpty();
    }
  }
}
