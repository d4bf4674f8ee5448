package se.tillit.cli.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import se.tillit.cli.Tillit;

class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A synth group for tests, used only until Tillit registers its own. */
  @Command(name = "synth")
  static final class TestSynthGroup implements Runnable {
    @Override
    public void run() {}
  }

  record Result(int exitCode, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  /** Runs {@code tillit synth report ...} in-process with the real error handling. */
  private static Result run(String... args) {
    CommandLine cl = Tillit.newCommandLine();
    CommandLine synth = cl.getSubcommands().get("synth");
    if (synth == null) {
      cl.addSubcommand("synth", new CommandLine(new TestSynthGroup()));
      synth = cl.getSubcommands().get("synth");
    }
    if (!synth.getSubcommands().containsKey("report")) {
      synth.addSubcommand("report", new ReportCommand());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 2];
    full[0] = "synth";
    full[1] = "report";
    System.arraycopy(args, 0, full, 2, args.length);
    int code = cl.execute(full);
    return new Result(code, out.toString(), err.toString());
  }

  private Path csv(String name, int rows, long seed) throws Exception {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("age,city,income,label\n");
    String[] cities = {"Umea", "Lund", "Kiruna"};
    for (int i = 0; i < rows; i++) {
      double age = 20 + r.nextInt(50);
      String city = cities[r.nextInt(3)];
      double income = age * 1000 + r.nextGaussian() * 5000;
      sb.append(String.format(Locale.ROOT, "%.0f, %s,%.1f,%s%n", age, city, income,
          income > 45000 ? "high" : "low"));
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void report_json_lastLineHasHeadlineKeysAndHtmlWritten() throws Exception {
    Path real = csv("real.csv", 400, 1);
    Path syn = csv("syn.csv", 400, 2);
    Path hold = csv("hold.csv", 200, 3);
    Path out = tmp.resolve("report.html");
    Result r = run("--real", real.toString(), "--synthetic", syn.toString(), "--holdout",
        hold.toString(), "--target", "label", "--out", out.toString(), "--seed", "4", "--trees",
        "5", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = JSON.readTree(r.lastLine());
    for (String key : new String[] {"mean_marginal_tvd", "mean_pairwise_tvd", "tstr_accuracy",
        "trtr_accuracy", "dcr_ratio", "mia_auc", "exact_match_rate", "rows", "columns"}) {
      assertThat(n.has(key)).as(key).isTrue();
    }
    assertThat(n.get("rows").asInt()).isEqualTo(400);
    assertThat(n.get("columns").asInt()).isEqualTo(4);
    assertThat(n.get("holdout_source").asText()).isEqualTo("file");
    assertThat(n.get("tstr_accuracy").asDouble()).isBetween(0.5, 1.0);
    assertThat(Files.readString(out)).contains("data:image/png;base64,");
  }

  @Test
  void report_withoutTarget_utilityNullAndHumanSummary() throws Exception {
    Path real = csv("real.csv", 300, 1);
    Path syn = csv("syn.csv", 300, 2);
    Path out = tmp.resolve("r.html");
    Result r = run("--real", real.toString(), "--synthetic", syn.toString(), "--out",
        out.toString(), "--seed", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("mean 1-way TVD").contains("MIA AUC").contains("report written to");
    Result j = run("--real", real.toString(), "--synthetic", syn.toString(), "--out",
        out.toString(), "--seed", "1", "--json");
    assertThat(JSON.readTree(j.lastLine()).get("tstr_accuracy").isNull()).isTrue();
  }

  @Test
  void report_unknownTarget_exit2NamingColumns() throws Exception {
    Path real = csv("real.csv", 50, 1);
    Result r = run("--real", real.toString(), "--synthetic", real.toString(), "--target",
        "salary", "--out", tmp.resolve("r.html").toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'salary'").contains("[age, city, income, label]");
    assertThat(JSON.readTree(r.lastLine()).get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void report_differentColumns_exit2() throws Exception {
    Path real = csv("real.csv", 50, 1);
    Path other = tmp.resolve("other.csv");
    Files.writeString(other, "age,town,income,label\n30,Lund,1,low\n");
    Result r = run("--real", real.toString(), "--synthetic", other.toString(), "--out",
        tmp.resolve("r.html").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("missing [city]").contains("not in real [town]");
  }

  @Test
  void report_emptyOrRaggedOrMissingFile_exit2() throws Exception {
    Path real = csv("real.csv", 50, 1);
    Path empty = tmp.resolve("empty.csv");
    Files.writeString(empty, "");
    Path ragged = tmp.resolve("ragged.csv");
    Files.writeString(ragged, "age,city,income,label\n30,Lund,1\n");
    String html = tmp.resolve("r.html").toString();
    Result e = run("--real", real.toString(), "--synthetic", empty.toString(), "--out", html);
    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.err()).contains("empty file");
    Result g = run("--real", real.toString(), "--synthetic", ragged.toString(), "--out", html);
    assertThat(g.exitCode()).isEqualTo(2);
    assertThat(g.err()).contains("ragged");
    Result m = run("--real", tmp.resolve("nope.csv").toString(), "--synthetic", real.toString(),
        "--out", html);
    assertThat(m.exitCode()).isEqualTo(2);
    assertThat(m.err()).contains("must be a readable CSV file");
  }

  @Test
  void report_missingRequiredOption_exit2() {
    assertThat(run("--real", "x.csv").exitCode()).isEqualTo(2);
  }

  @Test
  void report_badMaxQueryRows_exit2() throws Exception {
    Path real = csv("real.csv", 50, 1);
    Result r = run("--real", real.toString(), "--synthetic", real.toString(), "--out",
        tmp.resolve("r.html").toString(), "--max-query-rows", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("maxQueryRows must be >= 10");
  }
}
