package se.tillit.synth.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AssociationsTest {
  /** Rows of a 2x2 contingency table with the given counts. */
  private static int[][] table(int n00, int n01, int n10, int n11) {
    int n = n00 + n01 + n10 + n11;
    int[] a = new int[n];
    int[] b = new int[n];
    int i = 0;
    int[][] counts = {{n00, n01}, {n10, n11}};
    for (int x = 0; x < 2; x++) {
      for (int y = 0; y < 2; y++) {
        for (int k = 0; k < counts[x][y]; k++) {
          a[i] = x;
          b[i] = y;
          i++;
        }
      }
    }
    return new int[][] {a, b};
  }

  @Test
  void cramersV_perfectAssociation_isOne() {
    int[][] t = table(30, 0, 0, 70);
    assertThat(Associations.cramersV(t[0], t[1])).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void cramersV_independent_isZero() {
    int[][] t = table(10, 20, 30, 60);
    assertThat(Associations.cramersV(t[0], t[1])).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void cramersV_twoByTwo_equalsAbsolutePhi() {
    // phi = (ad - bc) / sqrt((a+b)(c+d)(a+c)(b+d)) = -200 / sqrt(30*70*40*60) = -0.0890871
    int[][] t = table(10, 20, 30, 40);
    assertThat(Associations.cramersV(t[0], t[1])).isCloseTo(0.0890871, within(1e-6));
  }

  @Test
  void cramersV_threeByThreeKnownTable() {
    // Table [[20,5,5],[5,20,5],[5,5,20]]: each row/column total 30, n 90,
    // E = 10, sum (O-E)^2/E = 3*10 + 6*2.5 = 45). V = sqrt(45 / (90 * 2)) = 0.5.
    int[][] counts = {{20, 5, 5}, {5, 20, 5}, {5, 5, 20}};
    int[] a = new int[90];
    int[] b = new int[90];
    int i = 0;
    for (int x = 0; x < 3; x++) {
      for (int y = 0; y < 3; y++) {
        for (int k = 0; k < counts[x][y]; k++) {
          a[i] = x;
          b[i++] = y;
        }
      }
    }
    assertThat(Associations.cramersV(a, b)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void cramersV_singleCategory_isZero() {
    assertThat(Associations.cramersV(new int[] {0, 0, 0}, new int[] {0, 1, 2})).isZero();
  }

  @Test
  void pearson_linear_isOneOrMinusOne() {
    double[] x = {1, 2, 3, 4};
    assertThat(Associations.pearson(x, new double[] {2, 4, 6, 8})).isCloseTo(1, within(1e-12));
    assertThat(Associations.pearson(x, new double[] {8, 6, 4, 2})).isCloseTo(-1, within(1e-12));
    assertThat(Associations.pearson(x, new double[] {5, 5, 5, 5})).isZero();
  }

  @Test
  void pearson_skipsMissing() {
    double[] x = {1, 2, Double.NaN, 4};
    double[] y = {2, 4, 100, 8};
    assertThat(Associations.pearson(x, y)).isCloseTo(1, within(1e-12));
  }

  @Test
  void correlationRatio_groupsExplainAll_isOne_andNothing_isZero() {
    int[] g = {0, 0, 1, 1};
    assertThat(Associations.correlationRatio(g, new double[] {1, 1, 5, 5})).isCloseTo(1, within(1e-12));
    assertThat(Associations.correlationRatio(g, new double[] {1, 5, 1, 5})).isCloseTo(0, within(1e-12));
  }

  @Test
  void correlationRatio_knownValue() {
    // Groups {1,3} and {5,7}: mean 4, SST = 9+1+1+9 = 20, SSB = 2*(2-4)^2 + 2*(6-4)^2 = 16.
    int[] g = {0, 0, 1, 1};
    assertThat(Associations.correlationRatio(g, new double[] {1, 3, 5, 7}))
        .isCloseTo(Math.sqrt(16.0 / 20), within(1e-12));
  }
}
