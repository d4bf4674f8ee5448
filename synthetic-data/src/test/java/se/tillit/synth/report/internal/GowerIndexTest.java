package se.tillit.synth.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.Table;

class GowerIndexTest {
  private static final List<String> COLS = List.of("x", "c1", "y", "c2");

  /** Mixed rows with few categories (many shared blocks) and some missing values. */
  private static Table random(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new String[] {
        r.nextInt(10) == 0 ? null : Integer.toString(r.nextInt(100)),
        "a" + r.nextInt(3),
        Double.toString(r.nextGaussian()),
        r.nextInt(8) == 0 ? null : "b" + r.nextInt(2)
      });
    }
    return Table.of(COLS, rows);
  }

  /** The distance of the class comment, computed directly. */
  private static double gower(Frame a, int i, Frame b, int k, double[] range) {
    double d = 0;
    for (int j = 0; j < a.columnCount(); j++) {
      if (a.isNumeric(j)) {
        double x = a.num(j)[i];
        double y = b.num(j)[k];
        if (Double.isNaN(x) || Double.isNaN(y)) {
          d += Double.isNaN(x) && Double.isNaN(y) ? 0 : 1;
        } else {
          d += Math.min(1, Math.abs(x - y) / range[j]);
        }
      } else {
        d += a.cat(j)[i] == b.cat(j)[k] ? 0 : 1;
      }
    }
    return d / a.columnCount();
  }

  @Test
  void nearestDistances_matchBruteForce() {
    Table refT = random(700, 1);
    Frame.Layout layout = Frame.Layout.infer(refT);
    Frame ref = layout.encode(refT);
    Frame query = layout.encode(random(200, 2));
    double[] range = new double[COLS.size()];
    for (int j = 0; j < range.length; j++) {
      if (layout.isNumeric(j)) {
        double[] v = Stats.finiteSorted(ref.num(j));
        range[j] = v[v.length - 1] - v[0];
      }
    }
    double[] fast = new GowerIndex(ref, ref).nearestDistances(query);
    for (int i = 0; i < query.rowCount(); i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int k = 0; k < ref.rowCount(); k++) {
        best = Math.min(best, gower(query, i, ref, k, range));
      }
      assertThat(fast[i]).as("query %d", i).isCloseTo(best, within(1e-12));
    }
  }

  @Test
  void nearestDistances_rowsOfReference_areZero() {
    Table refT = random(300, 3);
    Frame.Layout layout = Frame.Layout.infer(refT);
    Frame ref = layout.encode(refT);
    assertThat(new GowerIndex(ref, ref).nearestDistances(ref)).containsOnly(0.0);
  }

  @Test
  void nearestDistances_queryOutsideRange_cappedAtOne() {
    List<String[]> a = new ArrayList<>();
    a.add(new String[] {"0"});
    a.add(new String[] {"10"});
    Table refT = Table.of(List.of("x"), a);
    Frame.Layout layout = Frame.Layout.infer(refT);
    Frame ref = layout.encode(refT);
    List<String[]> q = new ArrayList<>();
    q.add(new String[] {"1000"});
    q.add(new String[] {"5"});
    double[] d = new GowerIndex(ref, ref).nearestDistances(layout.encode(Table.of(List.of("x"), q)));
    assertThat(d[0]).isEqualTo(1.0);
    assertThat(d[1]).isCloseTo(0.5, within(1e-12));
  }
}
