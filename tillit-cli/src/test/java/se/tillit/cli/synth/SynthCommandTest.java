package se.tillit.cli.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.tillit.cli.Tillit;

class SynthCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Tillit.newCommandLine();
    if (!cl.getSubcommands().containsKey("synth")) {
      cl.addSubcommand("synth", new CommandLine(new SynthCommand()));
      cl.setExecutionExceptionHandler(cl.getExecutionExceptionHandler());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  Path smallCsv() throws Exception {
    StringBuilder sb = new StringBuilder("age,sex,income\n");
    for (int i = 0; i < 300; i++) {
      sb.append(20 + i % 50).append(i % 3 == 0 ? ", Female" : ", Male")
          .append(i % 4 == 0 ? ",>50K" : ",<=50K").append('\n');
    }
    Path p = dir.resolve("data.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void fitThenSample_cartWithSeed_reproducesAndPrintsJson() throws Exception {
    Path data = smallCsv();
    Path model = dir.resolve("m.zip");
    Result fit = run("synth", "fit", "--in", data.toString(), "--method", "cart", "--out",
        model.toString(), "--seed", "1", "--json");
    assertThat(fit.code()).as(fit.err()).isZero();
    assertThat(fit.out().strip()).contains("\"method\":\"cart\"").contains("\"differentially_private\":false");
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    assertThat(run("synth", "sample", "--model", model.toString(), "--rows", "120000", "--out",
        a.toString(), "--seed", "5").code()).isZero();
    Result r = run("synth", "sample", "--model", model.toString(), "--rows", "120000", "--out",
        b.toString(), "--seed", "5", "--json");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\"rows\":120000");
    assertThat(r.err()).contains("INSECURE");
    assertThat(Files.readString(a)).isEqualTo(Files.readString(b));
    assertThat(Files.readAllLines(a)).hasSize(120001);
  }

  @Test
  void fit_copula_ok() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "copula",
        "--out", dir.resolve("c.zip").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("NOT differentially private");
  }

  @Test
  void schema_writesYamlThatFitAccepts() throws Exception {
    Path data = smallCsv();
    Path schema = dir.resolve("s.yaml");
    Result r = run("synth", "schema", "--in", data.toString(), "--out", schema.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"categorical_columns\":2");
    assertThat(Files.readString(schema)).contains("type: categorical").contains("Female");
    Result fit = run("synth", "fit", "--in", data.toString(), "--schema", schema.toString(),
        "--method", "cart", "--out", dir.resolve("m.zip").toString());
    assertThat(fit.code()).as(fit.err()).isZero();
  }

  @Test
  void fit_epsilonForCart_exit2() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "cart",
        "--epsilon", "1", "--delta", "1e-9", "--out", dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not differentially private");
  }

  @Test
  void fit_dpWithoutEpsilon_exit2() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "mst",
        "--out", dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--epsilon and --delta are required");
  }

  @Test
  void fit_epsilonOutOfRange_exit2() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "mst",
        "--epsilon", "-1", "--delta", "1e-9", "--out", dir.resolve("m").toString(), "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("epsilon must be");
    assertThat(r.out().strip()).contains("\"exit_code\":2");
  }

  @Test
  void fit_unknownMethod_exit2() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "gan",
        "--out", dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("method must be one of [mst, aim, privbayes, cart, copula]");
  }

  @Test
  void fit_raggedCsv_exit2NamesRow() throws Exception {
    Path p = dir.resolve("bad.csv");
    Files.writeString(p, "a,b\n1,2\n3\n");
    Result r = run("synth", "fit", "--in", p.toString(), "--method", "cart", "--out",
        dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("row 2 (line 3) has 1 fields");
    assertThat(Files.exists(dir.resolve("m"))).isFalse();
  }

  @Test
  void fit_schemaWithUnknownColumn_exit2ListsColumns() throws Exception {
    Path s = dir.resolve("s.yaml");
    Files.writeString(s, "columns:\n  - name: salary\n    type: integer\n    min: 0\n    max: 9\n");
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--schema", s.toString(),
        "--method", "copula", "--out", dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("[salary]").contains("[age, sex, income]");
  }

  @Test
  void sample_notAModel_exit2() throws Exception {
    Path p = dir.resolve("x.zip");
    Files.writeString(p, "hello");
    Result r = run("synth", "sample", "--model", p.toString(), "--rows", "5", "--out",
        dir.resolve("o.csv").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a Tillit synthesizer model");
  }

  @Test
  void fit_dpMethodWithoutSchema_categoricalRefusedOrUnavailable() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "mst",
        "--epsilon", "1", "--delta", "1e-9", "--out", dir.resolve("m").toString());
    // Until the DP synthesizers are merged, mst is unavailable (exit 1); after, the undeclared
    // categorical columns are refused (exit 2).
    assumeTrue(r.code() == 2, "mst not in this build");
    assertThat(r.err()).contains("tillit synth schema");
  }

  @Test
  void fit_mstWithTarget_recordsTargetAndSpendsNoMore() throws Exception {
    Path data = smallCsv();
    Path schema = dir.resolve("s.yaml");
    assertThat(run("synth", "schema", "--in", data.toString(), "--out", schema.toString())
        .code()).isZero();
    Result r = run("synth", "fit", "--in", data.toString(), "--schema", schema.toString(),
        "--method", "mst", "--epsilon", "1", "--delta", "1e-9", "--target", "income",
        "--seed", "3", "--out", dir.resolve("m.zip").toString(), "--json");
    assumeTrue(r.code() != 1 || !r.err().contains("mst"), "mst not in this build");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"target\":\"income\"").contains("\"method\":\"mst\"");
  }

  @Test
  void fit_targetNotAColumn_exit2ListsColumns() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "mst",
        "--epsilon", "1", "--delta", "1e-9", "--target", "salary",
        "--out", dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--target").contains("[age, sex, income]").contains("salary");
  }

  @Test
  void fit_targetForAim_exit2() throws Exception {
    Result r = run("synth", "fit", "--in", smallCsv().toString(), "--method", "aim",
        "--epsilon", "1", "--delta", "1e-9", "--target", "income",
        "--out", dir.resolve("m").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--target is used only by --method mst");
  }
}
