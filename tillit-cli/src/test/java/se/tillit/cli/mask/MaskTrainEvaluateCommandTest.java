package se.tillit.cli.mask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskTrainEvaluateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** A tiny token-per-line corpus written here (not the shared corpus). */
  private Path corpus() throws Exception {
    String[] first = {"Anna", "Erik", "Maria", "Lars", "Karin", "Johan"};
    String[] last = {"Svensson", "Lind", "Berg", "Holm", "Ek", "Dahl"};
    String[] place = {"Göteborg", "Malmö", "Uppsala", "Luleå"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      sb.append(first[i % first.length]).append("\tPER\n")
          .append(last[(i * 5) % last.length]).append("\tPER\n")
          .append("bor\t0\ni\t0\n")
          .append(place[i % place.length]).append("\tLOC\n")
          .append(".\t0\n\n");
    }
    Path p = dir.resolve("corpus.tsv");
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void trainThenEvaluate_json_givesPerTypeFigures() throws Exception {
    Path data = corpus();
    Path model = dir.resolve("model.zip");
    MaskCommandTest.Result t = MaskCommandTest.run("train", "--train", data.toString(), "--out",
        model.toString(), "--epochs", "1", "--seed", "7");
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(model).exists();

    MaskCommandTest.Result e = MaskCommandTest.run("evaluate", "--model", model.toString(),
        "--test", data.toString(), "--json");
    assertThat(e.exitCode()).as(e.err()).isZero();
    String[] lines = e.out().strip().split("\n");
    JsonNode n = JSON.readTree(lines[lines.length - 1]);
    assertThat(n.at("/entity/PER/support").asInt()).isEqualTo(60);
    assertThat(n.at("/entity/LOC/support").asInt()).isEqualTo(60);
    assertThat(n.at("/token/accuracy").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void evaluate_missingTestFile_exits2() {
    MaskCommandTest.Result e = MaskCommandTest.run("evaluate", "--test",
        dir.resolve("nope.tsv").toString());
    assertThat(e.exitCode()).isEqualTo(2);
  }
}
