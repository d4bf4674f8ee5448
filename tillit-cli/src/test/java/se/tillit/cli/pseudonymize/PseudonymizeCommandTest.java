package se.tillit.cli.pseudonymize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.tillit.cli.Tillit;

class PseudonymizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY = String.join("\n",
      "quasi_identifiers: [age]",
      "sensitive: diagnosis",
      "k: 2",
      "columns:",
      "  pnr: {transform: fpe, key: pnr-ff1, format: personnummer}",
      "  email: {transform: encrypt, key: contact}",
      "  name: {transform: hmac, key: link}",
      "  age: {transform: generalize, method: age_band, width: 10}",
      "  diagnosis: {transform: keep}",
      "");
  private static final String DATA = "pnr,email,name,age,diagnosis\n"
      + "19811218-9876,anna@example.se,Anna,34,J45\n"
      + "811218-9876,bo@example.se,Bo,38,E11\n"
      + "\"19811278-9873\",\"c, d\"\"@example.se\",Cilla,51,J45\n";

  @TempDir Path dir;
  Path policy;
  Path data;
  Path ks;
  Path pwFile;

  record Result(int exitCode, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static Result run(String... args) {
    CommandLine cl = Tillit.newCommandLine();
    if (!cl.getSubcommands().containsKey("pseudonymize")) {
      cl.addSubcommand(new PseudonymizeCommand());
    }
    if (!cl.getSubcommands().containsKey("reidentify")) {
      cl.addSubcommand(new ReidentifyCommand());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void files() throws Exception {
    policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    data = dir.resolve("data.csv");
    Files.writeString(data, DATA);
    ks = dir.resolve("keys.p12");
    pwFile = dir.resolve("pw.txt");
    Files.writeString(pwFile, "s3cret-pass\n");
    Result r = run("pseudonymize", "keygen", "--keystore", ks.toString(),
        "--keystore-password-file", pwFile.toString(), "--policy", policy.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterEach
  void restoreEnvironment() {
    KeystoreOptions.environment = System::getenv;
  }

  @Test
  void keygen_policy_createsEveryKeyOnceAndNeverPrintsMaterial() throws Exception {
    Result again = run("pseudonymize", "keygen", "--keystore", ks.toString(),
        "--keystore-password-file", pwFile.toString(), "--policy", policy.toString(), "--json");
    assertThat(again.exitCode()).isZero();
    JsonNode n = JSON.readTree(again.lastLine());
    assertThat(n.get("created")).isEmpty();
    assertThat(n.get("existing")).hasSize(3);
    Result dup = run("pseudonymize", "keygen", "--keystore", ks.toString(),
        "--keystore-password-file", pwFile.toString(), "--alias", "link", "--type", "hmac");
    assertThat(dup.exitCode()).isEqualTo(2);
    assertThat(dup.err()).contains("never overwritten");
    Result badType = run("pseudonymize", "keygen", "--keystore", ks.toString(),
        "--keystore-password-file", pwFile.toString(), "--alias", "x", "--type", "rsa");
    assertThat(badType.exitCode()).isEqualTo(2);
    assertThat(badType.err()).contains("hmac, siv, ff1");
  }

  @Test
  void pseudonymize_thenReidentify_roundTripsWithJsonAndReport() throws Exception {
    KeystoreOptions.environment = Map.of("TABLE_PW", "s3cret-pass")::get;
    Path out = dir.resolve("out.csv");
    Path report = dir.resolve("report.json");
    Result r = run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", out.toString(), "--keystore", ks.toString(), "--keystore-password-env", "TABLE_PW",
        "--report", report.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    assertThat(n.get("rows").asLong()).isEqualTo(3);
    assertThat(n.at("/report/k_anonymity/k").asLong()).isEqualTo(1);
    assertThat(n.at("/report/l_diversity/l").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(report.toFile()).at("/report/records").asLong()).isEqualTo(3);
    String pseud = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(pseud).doesNotContain("anna@example.se").doesNotContain("Anna").doesNotContain("9876");
    assertThat(r.out()).doesNotContain("s3cret");

    Path back = dir.resolve("back.csv");
    Result re = run("reidentify", "--policy", policy.toString(), "--in", out.toString(),
        "--out", back.toString(), "--columns", "pnr,email", "--keystore", ks.toString(),
        "--keystore-password-file", pwFile.toString());
    assertThat(re.exitCode()).as(re.err()).isZero();
    String restored = Files.readString(back, StandardCharsets.UTF_8);
    assertThat(restored).contains("19811218-9876,anna@example.se").contains("811218-9876,bo@example.se")
        .contains("19811278-9873,\"c, d\"\"@example.se\"");
  }

  @Test
  void pseudonymizeAndReidentify_writeAuditRecordsWithoutValues() throws Exception {
    KeystoreOptions.environment = Map.of("TABLE_PW", "s3cret-pass")::get;
    String db = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
    Path out = dir.resolve("out.csv");
    assertThat(run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", out.toString(), "--keystore", ks.toString(), "--keystore-password-env", "TABLE_PW",
        "--db", db, "--actor", "integrator-1").exitCode()).isZero();
    assertThat(run("reidentify", "--policy", policy.toString(), "--in", out.toString(),
        "--out", dir.resolve("back.csv").toString(), "--columns", "email", "--keystore",
        ks.toString(), "--keystore-password-file", pwFile.toString(), "--db", db,
        "--actor", "officer-2").exitCode()).isZero();

    try (se.tillit.dp.audit.AuditLog audit = se.tillit.dp.audit.AuditLog.open(db)) {
      assertThat(audit.verify().intact()).isTrue();
      var records = audit.records(1, 100);
      assertThat(records).extracting(se.tillit.dp.audit.AuditRecord::action)
          .containsExactly("table.pseudonymize", "table.reidentify");
      assertThat(records).extracting(se.tillit.dp.audit.AuditRecord::actor)
          .containsExactly("integrator-1", "officer-2");
      for (var rec : records) {
        assertThat(rec.detailsJson()).doesNotContain("anna").doesNotContain("9876")
            .doesNotContain("s3cret");
      }
    }
  }

  @Test
  void pseudonymize_humanOutput_showsSummaryAndWarning() {
    Path out = dir.resolve("out.csv");
    Result r = run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", out.toString(), "--keystore", ks.toString(), "--keystore-password-file", pwFile.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("pseudonymised 3 rows").contains("k-anonymity over [age]: k = 1")
        .contains("warning: the output is not 2-anonymous");
  }

  @Test
  void pseudonymize_badInputs_exit2WithoutValues() throws Exception {
    Path out = dir.resolve("out.csv");
    String[] base = {"pseudonymize", "--policy", policy.toString(), "--out", out.toString(),
      "--keystore", ks.toString(), "--keystore-password-file", pwFile.toString(), "--in"};
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "pnr,email,name,age,diagnosis\n19811218-9876,a@b.se,Anna,34\n");
    Result r = run(concat(base, ragged.toString()));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("row 2").contains("4 fields").doesNotContain("Anna");
    assertThat(Files.exists(out)).isFalse();

    Path binary = dir.resolve("bin.csv");
    Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
    assertThat(run(concat(base, binary.toString())).err()).contains("not valid UTF-8");

    assertThat(run(concat(base, dir.resolve("missing.csv").toString())).err()).contains("does not exist");

    Path badPnr = dir.resolve("badpnr.csv");
    Files.writeString(badPnr, "pnr,email,name,age,diagnosis\n19811218-9875,a@b.se,Anna,34,J45\n");
    Result bad = run(concat(base, badPnr.toString(), "--json"));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("row 2").contains("column 'pnr'").doesNotContain("9875");
    assertThat(JSON.readTree(bad.lastLine()).get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void pseudonymize_malformedPolicy_exit2NamingLine() throws Exception {
    Files.writeString(policy, "columns:\n  pnr:\n    transform: scramble\n");
    Result r = run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", dir.resolve("o.csv").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("policy.yaml line 3").contains("columns.pnr.transform").contains("fpe");
  }

  @Test
  void pseudonymize_wrongPasswordOrMissingPassword_exit2() throws Exception {
    Path wrong = dir.resolve("wrong.txt");
    Files.writeString(wrong, "not-it\n");
    Result r = run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", dir.resolve("o.csv").toString(), "--keystore", ks.toString(),
        "--keystore-password-file", wrong.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("wrong password").doesNotContain("not-it");
    Result unset = run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", dir.resolve("o.csv").toString(), "--keystore", ks.toString(),
        "--keystore-password-env", "TILLIT_SURELY_UNSET_VAR");
    assertThat(unset.exitCode()).isEqualTo(2);
    assertThat(unset.err()).contains("TILLIT_SURELY_UNSET_VAR");
  }

  @Test
  void reidentify_wrongKey_exit2() throws Exception {
    Path out = dir.resolve("out.csv");
    assertThat(run("pseudonymize", "--policy", policy.toString(), "--in", data.toString(),
        "--out", out.toString(), "--keystore", ks.toString(), "--keystore-password-file", pwFile.toString())
        .exitCode()).isZero();
    Path other = dir.resolve("other.p12");
    assertThat(run("pseudonymize", "keygen", "--keystore", other.toString(),
        "--keystore-password-file", pwFile.toString(), "--policy", policy.toString()).exitCode()).isZero();
    Result r = run("reidentify", "--policy", policy.toString(), "--in", out.toString(),
        "--out", dir.resolve("back.csv").toString(), "--columns", "email", "--keystore", other.toString(),
        "--keystore-password-file", pwFile.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("column 'email'").contains("wrong key").doesNotContain("example.se");
    Result oneWay = run("reidentify", "--policy", policy.toString(), "--in", out.toString(),
        "--out", dir.resolve("back.csv").toString(), "--columns", "name", "--keystore", ks.toString(),
        "--keystore-password-file", pwFile.toString());
    assertThat(oneWay.exitCode()).isEqualTo(2);
    assertThat(oneWay.err()).contains("cannot be reversed");
  }

  @Test
  void usage_missingOptions_exit2() {
    assertThat(run("pseudonymize").exitCode()).isEqualTo(2);
    assertThat(run("reidentify", "--policy", "p.yaml").exitCode()).isEqualTo(2);
    assertThat(run("pseudonymize", "keygen", "--keystore", "k.p12").exitCode()).isEqualTo(2);
    assertThat(run("pseudonymize", "--help").exitCode()).isZero();
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
