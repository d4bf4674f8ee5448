package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
