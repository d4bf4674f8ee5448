package se.tillit.synth.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PgmEstimatorTest {
  // a chain a - b - c with domain 2, 3, 2
  private static final int[] DOMAIN = {2, 3, 2};

  private static double[] joint() {
    double[] p = new double[12];
    double[] pa = {0.3, 0.7};
    double[][] pb = {{0.6, 0.3, 0.1}, {0.1, 0.2, 0.7}};
    double[][] pc = {{0.9, 0.1}, {0.5, 0.5}, {0.2, 0.8}};
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 3; b++) {
        for (int c = 0; c < 2; c++) {
          p[(a * 3 + b) * 2 + c] = 1000 * pa[a] * pb[a][b] * pc[b][c];
        }
      }
    }
    return p;
  }

  @Test
  void estimate_exactTreeMarginals_recoversJointAndProjections() {
    Factor full = new Factor(new int[] {0, 1, 2}, joint());
    List<Measurement> ms = List.of(
        new Measurement(new int[] {0, 1}, full.sumTo(new int[] {0, 1}, DOMAIN).values(), 1.0),
        new Measurement(new int[] {1, 2}, full.sumTo(new int[] {1, 2}, DOMAIN).values(), 1.0));
    GraphicalModel model = new PgmEstimator(DOMAIN).estimate(ms, 1000, 2000);
    double[] ac = model.project(new int[] {0, 2}, Long.MAX_VALUE);
    double[] expected = full.sumTo(new int[] {0, 2}, DOMAIN).values();
    for (int i = 0; i < ac.length; i++) {
      assertThat(ac[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.5));
    }
    double[] abc = model.project(new int[] {0, 1, 2}, Long.MAX_VALUE);
    for (int i = 0; i < abc.length; i++) {
      assertThat(abc[i]).isCloseTo(joint()[i], org.assertj.core.data.Offset.offset(0.5));
    }
  }

  @Test
  void junctionTree_cycle_isTriangulatedAndCoversCliques() {
    List<int[]> cliques = List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 3},
        new int[] {0, 3});
    JunctionTree tree = JunctionTree.build(new int[] {2, 2, 2, 2}, cliques);
    for (int[] c : cliques) {
      assertThat(tree.containing(c)).isGreaterThanOrEqualTo(0);
    }
    assertThat(tree.cliques()).allMatch(c -> c.length == 3);
  }

  @Test
  void indexMap_subset_mapsRowMajorCells() {
    int[] map = Cliques.indexMap(new int[] {0, 1, 2}, new int[] {0, 2}, DOMAIN);
    // cell (a, b, c) -> (a, c)
    assertThat(map[(1 * 3 + 2) * 2 + 1]).isEqualTo(1 * 2 + 1);
    assertThat(map).hasSize(12);
  }
}
