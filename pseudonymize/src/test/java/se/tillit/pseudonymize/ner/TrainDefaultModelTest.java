package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDefaultModelTest {
  private static void run(String... args) {
    TrainDefaultModel.run(
        args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void run_selectThresholdWithFixedThreshold_isRejected() {
    assertThatThrownBy(
            () -> run("--train", "t.tsv", "--out", "m.zip", "--select-threshold", "f2",
                "--threshold", "0.3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--select-threshold");
  }

  @Test
  void run_badSelectionOptions_areRejectedWithTheOptionName() {
    assertThatThrownBy(() -> run("--select-threshold", "g2"))
        .hasMessageContaining("--select-threshold")
        .hasMessageContaining("g2");
    assertThatThrownBy(() -> run("--folds", "1")).hasMessageContaining("--folds");
    assertThatThrownBy(() -> run("--threshold-grid", "0.5:0.1:0.05"))
        .hasMessageContaining("--threshold-grid");
  }

  @Test
  void writeProbabilities_readBack_givesTheSameFloats(@TempDir Path dir) {
    List<float[][]> pooled =
        List.of(
            new float[][] {{0.9f, 0.1f, 0, 0, 0}, {0.2f, 0.7f, 0.1f, 0, 0}},
            new float[0][],
            new float[][] {{0, 0, 0, 1, 0}});
    Path file = dir.resolve("cv.bin");
    TrainDefaultModel.writeProbabilities(file, pooled);
    List<float[][]> back = TrainDefaultModel.readProbabilities(file);
    assertThat(back).hasSize(3);
    assertThat(back.get(0)).isDeepEqualTo(pooled.get(0));
    assertThat(back.get(1)).isEmpty();
    assertThat(back.get(2)).isDeepEqualTo(pooled.get(2));
  }
}
