package se.tillit.synth.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;

class ForwardSamplerTest {
  private static final ForwardSampler SAMPLER = new ForwardSampler(new int[] {2, 3}, List.of(
      new ForwardSampler.Step(new int[0], new int[] {0}, new double[] {1, 3}),
      new ForwardSampler.Step(new int[] {0}, new int[] {1}, new double[] {1, 1, 0, 0, 1, 4})));

  @Test
  void sample_systematicRounding_countsWithinOneOfExpected() {
    int[][] codes = SAMPLER.sample(1000, Randomness.insecureSeededForTesting(1));

    int[] first = new int[2];
    int[][] joint = new int[2][3];
    for (int r = 0; r < 1000; r++) {
      first[codes[0][r]]++;
      joint[codes[0][r]][codes[1][r]]++;
    }
    assertThat(first).containsExactly(250, 750);
    assertThat(joint[0][0]).isEqualTo(125);
    assertThat(joint[0][2]).isZero();
    assertThat(joint[1][0]).isZero();
    assertThat(joint[1][1]).isEqualTo(150);
    assertThat(joint[1][2]).isEqualTo(600);
  }

  @Test
  void sample_sameSeed_sameRows() {
    int[][] a = SAMPLER.sample(500, Randomness.insecureSeededForTesting(9));
    int[][] b = SAMPLER.sample(500, Randomness.insecureSeededForTesting(9));

    assertThat(a).isDeepEqualTo(b);
  }

  @Test
  void sample_rowsShuffled_notSortedByValue() {
    int[][] codes = SAMPLER.sample(1000, Randomness.insecureSeededForTesting(2));

    int changes = 0;
    for (int r = 1; r < 1000; r++) {
      if (codes[0][r] != codes[0][r - 1]) {
        changes++;
      }
    }
    assertThat(changes).isGreaterThan(100);
  }
}
