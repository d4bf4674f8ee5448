package se.tillit.synth.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void tvd_sameSample_isZero() {
    int[] a = {0, 1, 1, 2, 2, 2};
    assertThat(Stats.tvd(a, a.clone(), 3)).isEqualTo(0.0);
  }

  @Test
  void tvd_disjointSupports_isOne() {
    assertThat(Stats.tvd(new int[] {0, 0, 1}, new int[] {2, 3, 3}, 4)).isEqualTo(1.0);
  }

  @Test
  void tvd_knownShares_isHalfL1() {
    // p = (0.5, 0.5), q = (0.25, 0.75): TVD = 0.25.
    assertThat(Stats.tvd(new int[] {0, 1}, new int[] {0, 1, 1, 1}, 2)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void tvd2_sameMarginalsDifferentJoint_isPositive() {
    int[] a1 = {0, 0, 1, 1};
    int[] a2 = {0, 0, 1, 1};
    int[] b1 = {0, 0, 1, 1};
    int[] b2 = {1, 1, 0, 0};
    assertThat(Stats.tvd(a1, b1, 2)).isZero();
    assertThat(Stats.tvd2(a1, a2, b1, b2, 2, 2)).isEqualTo(1.0);
    assertThat(Stats.tvd2(a1, a2, a1, a2, 2, 2)).isZero();
  }

  @Test
  void tvd2_hugeDomain_usesSparseCountsWithSameAnswer() {
    int[] a1 = {0, 5000, 9999};
    int[] a2 = {1, 4000, 9999};
    int[] b1 = {0, 5000, 7};
    int[] b2 = {1, 4000, 7};
    assertThat(Stats.tvd2(a1, a2, b1, b2, 10_000, 10_000)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void auc_perfectSeparation_isOne() {
    assertThat(Stats.auc(new double[] {3, 4, 5}, new double[] {0, 1, 2})).isEqualTo(1.0);
    assertThat(Stats.auc(new double[] {0, 1, 2}, new double[] {3, 4, 5})).isEqualTo(0.0);
  }

  @Test
  void auc_knownScores_matchesPairCount() {
    // Pairs (pos > neg): 0.8>{0.1,0.4,0.35}=3; 0.4 vs {0.1:1, 0.4:tie 0.5, 0.35:1}=2.5;
    // 0.35 vs {0.1:1, 0.4:0, 0.35:tie 0.5}=1.5; total 7 of 9.
    double auc = Stats.auc(new double[] {0.8, 0.4, 0.35}, new double[] {0.1, 0.4, 0.35});
    assertThat(auc).isCloseTo(7.0 / 9, within(1e-12));
  }

  @Test
  void auc_allTied_isOneHalf() {
    assertThat(Stats.auc(new double[] {1, 1}, new double[] {1, 1, 1})).isEqualTo(0.5);
  }

  @Test
  void quantile_interpolates() {
    double[] s = {0, 10, 20, 30, 40};
    assertThat(Stats.quantile(s, 0.5)).isEqualTo(20);
    assertThat(Stats.quantile(s, 0.05)).isCloseTo(2, within(1e-12));
    assertThat(Stats.quantile(new double[0], 0.5)).isNaN();
  }

  @Test
  void sample_givesDistinctIndicesReproducibly() {
    int[] a = Stats.sample(100, 30, new SplittableRandom(3));
    int[] b = Stats.sample(100, 30, new SplittableRandom(3));
    assertThat(a).isEqualTo(b).hasSize(30);
    assertThat(Arrays.stream(a).distinct().count()).isEqualTo(30);
    assertThat(Stats.sample(5, 10, new SplittableRandom(1))).hasSize(5);
  }
}
