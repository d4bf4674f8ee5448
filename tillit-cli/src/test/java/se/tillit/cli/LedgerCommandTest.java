package se.tillit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private String db;

  @BeforeEach
  void setUp() {
    db = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
  }

  private CliRunner.Result ledger(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "privacy";
    all[1] = "ledger";
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--db";
    all[args.length + 3] = db;
    all[args.length + 4] = "--actor=officer";
    return CliRunner.run(all);
  }

  @Test
  void createChargeShow_json_spentIsComposedAndBelowBudget() throws Exception {
    assertThat(ledger("create", "--dataset", "fk/sick-leave", "--epsilon", "3", "--delta", "1e-6").exitCode())
        .isZero();
    CliRunner.Result c =
        ledger("charge", "--dataset", "fk/sick-leave", "--purpose", "model v1",
            "--noise-multiplier", "1.1", "--sampling-rate", "0.01", "--steps", "1000", "--json");
    assertThat(c.exitCode()).as(c.err()).isZero();
    JsonNode charged = JSON.readTree(c.lastLine());
    assertThat(charged.get("epsilon").asDouble()).isBetween(0.01, 3.0);
    assertThat(charged.get("accountant").asText()).isEqualTo("pld");
    assertThat(charged.get("delta").asDouble()).isEqualTo(1e-6);

    CliRunner.Result l = ledger("charge", "--dataset", "fk/sick-leave", "--purpose", "mean", "--laplace", "4", "--json");
    assertThat(l.exitCode()).as(l.err()).isZero();

    JsonNode shown = JSON.readTree(ledger("show", "--dataset", "fk/sick-leave", "--json").lastLine());
    assertThat(shown.get("charges").asInt()).isEqualTo(2);
    assertThat(shown.get("charge_list")).hasSize(2);
    assertThat(shown.get("epsilon").asDouble())
        .isLessThanOrEqualTo(shown.get("epsilon_by_accountant").get("rdp").asDouble());

    JsonNode listed = JSON.readTree(ledger("list", "--json").lastLine());
    assertThat(listed.get("datasets")).hasSize(1);
    JsonNode verified = JSON.readTree(ledger("verify", "--json").lastLine());
    assertThat(verified.get("intact").asBoolean()).isTrue();
    assertThat(verified.get("records_checked").asInt()).isEqualTo(3);
  }

  @Test
  void charge_overBudget_exits3AndStoresNothing() throws Exception {
    ledger("create", "--dataset", "skv/income", "--epsilon", "0.5", "--delta", "1e-6");
    CliRunner.Result r = ledger("charge", "--dataset", "skv/income", "--purpose", "too much", "--laplace", "1");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("charge refused").contains("skv/income").contains("budget 0.5");
    JsonNode shown = JSON.readTree(ledger("show", "--dataset", "skv/income", "--json").lastLine());
    assertThat(shown.get("charges").asInt()).isZero();
  }

  @Test
  void charge_dryRun_storesNothing() throws Exception {
    ledger("create", "--dataset", "skv/income", "--epsilon", "2", "--delta", "1e-6");
    CliRunner.Result r = ledger("charge", "--dataset", "skv/income", "--purpose", "p", "--gaussian", "8", "--count", "2", "--dry-run", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.lastLine()).get("affordable").asBoolean()).isTrue();
    assertThat(JSON.readTree(ledger("show", "--dataset", "skv/income", "--json").lastLine()).get("charges").asInt()).isZero();
  }

  @Test
  void unknownDataset_exits2AndSuggestsList() {
    CliRunner.Result r = ledger("show", "--dataset", "nobody/nothing");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nobody/nothing").contains("ledger list");
  }

  @Test
  void create_badBudget_exits2NamingParameter() {
    CliRunner.Result r = ledger("create", "--dataset", "skv/x", "--epsilon", "-1", "--delta", "1e-6");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("epsilon").contains("-1");
    CliRunner.Result d = ledger("create", "--dataset", "skv/x", "--epsilon", "1", "--delta", "2");
    assertThat(d.exitCode()).isEqualTo(2);
    assertThat(d.err()).contains("delta");
  }

  @Test
  void charge_twoMechanisms_exits2() {
    ledger("create", "--dataset", "skv/x", "--epsilon", "1", "--delta", "1e-6");
    CliRunner.Result r = ledger("charge", "--dataset", "skv/x", "--purpose", "p", "--laplace", "1", "--gaussian", "2");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("exactly one mechanism");
  }

  @Test
  void charge_malformedEventJson_exits2() {
    ledger("create", "--dataset", "skv/x", "--epsilon", "1", "--delta", "1e-6");
    CliRunner.Result r = ledger("charge", "--dataset", "skv/x", "--purpose", "p", "--event-json", "{\"type\":\"gaussian\"}");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("noise_multiplier");
  }

  @Test
  void badDatasetId_exits2() {
    CliRunner.Result r = ledger("create", "--dataset", "no-slash", "--epsilon", "1", "--delta", "1e-6");
    assertThat(r.exitCode()).isEqualTo(2);
  }
}
