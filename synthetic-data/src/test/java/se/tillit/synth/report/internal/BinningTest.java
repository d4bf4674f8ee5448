package se.tillit.synth.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.Table;

class BinningTest {
  private static Table column(double... values) {
    List<String[]> rows = new ArrayList<>();
    for (double v : values) {
      rows.add(new String[] {Double.toString(v)});
    }
    return Table.of(List.of("x"), rows);
  }

  @Test
  void bin_fewDistinctValues_oneBinPerValue() {
    Frame.Layout layout = Frame.Layout.infer(column(0, 0, 0, 5, 7));
    Frame real = layout.encode(column(0, 0, 0, 5, 7));
    Binning b = Binning.fit(real, 20);
    assertThat(b.bin(real, 0)).containsExactly(1, 1, 1, 2, 3);
    Frame other = layout.encode(column(-1, 6, 8));
    // below min -> 0, between 5 and 7 -> bin of 7, above max -> outer bin.
    assertThat(b.bin(other, 0)).containsExactly(0, 3, 4);
  }

  @Test
  void bin_manyValues_atMostRequestedInnerBins() {
    double[] v = new double[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Frame.Layout layout = Frame.Layout.infer(column(v));
    Frame real = layout.encode(column(v));
    Binning b = Binning.fit(real, 20);
    assertThat(b.domain(0)).isEqualTo(19 + 4);
    int[] bins = b.bin(real, 0);
    long[] counts = new long[b.domain(0)];
    for (int x : bins) {
      counts[x]++;
    }
    for (int k = 1; k <= 20; k++) {
      assertThat(counts[k]).isBetween(45L, 55L);
    }
  }
}
