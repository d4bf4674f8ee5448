package se.tillit.fl.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.tillit.fl.model.Table;

class PartitionerTest {
  private static final Table TABLE = DemoAgencyData.generate(0, 1, 5000, 7);

  @Test
  void split_iid_coversEveryRowOnceInEqualParts() {
    List<List<Integer>> parts = Partitioner.parse("iid").split(TABLE, "approved", 7, 1, 1);
    Set<Integer> seen = new HashSet<>();
    for (List<Integer> p : parts) {
      assertThat(p.size()).isBetween(5000 / 7, 5000 / 7 + 1);
      for (int i : p) {
        assertThat(seen.add(i)).isTrue();
      }
    }
    assertThat(seen).hasSize(5000);
  }

  @Test
  void split_dirichlet_isSkewedReproducibleAndComplete() {
    Partitioner p = Partitioner.parse("dirichlet:0.1");
    List<List<Integer>> a = p.split(TABLE, "approved", 5, 50, 3);
    List<List<Integer>> b = p.split(TABLE, "approved", 5, 50, 3);
    assertThat(a).isEqualTo(b);
    assertThat(a.stream().mapToInt(List::size).sum()).isEqualTo(5000);
    int label = TABLE.columnIndex("approved");
    double minShare = 1;
    double maxShare = 0;
    for (List<Integer> part : a) {
      assertThat(part.size()).isGreaterThanOrEqualTo(50);
      long yes = part.stream().filter(i -> TABLE.cell(i, label).equals("ja")).count();
      double share = yes / (double) part.size();
      minShare = Math.min(minShare, share);
      maxShare = Math.max(maxShare, share);
    }
    // alpha 0.1 gives strongly different label mixes between clients.
    assertThat(maxShare - minShare).isGreaterThan(0.3);
  }

  @Test
  void parse_badSpec_namesWhatIsAllowed() {
    assertThatThrownBy(() -> Partitioner.parse("dirichlet:-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> Partitioner.parse("shards"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iid or dirichlet:ALPHA");
  }

  @Test
  void split_tooManyClients_isRefused() {
    assertThatThrownBy(() -> Partitioner.parse("iid").split(TABLE, "approved", 1000, 10, 1))
        .hasMessageContaining("cannot give 1000 clients");
  }

  @Test
  void generate_sameSeed_sameTable_andAgenciesDiffer() {
    Table a = DemoAgencyData.generate(1, 4, 300, 9);
    Table b = DemoAgencyData.generate(1, 4, 300, 9);
    Table c = DemoAgencyData.generate(2, 4, 300, 9);
    for (int i = 0; i < 300; i++) {
      assertThat(a.row(i)).isEqualTo(b.row(i));
    }
    assertThat(a.row(0)).isNotEqualTo(c.row(0));
    int label = a.columnIndex("approved");
    long yes = java.util.stream.IntStream.range(0, a.rowCount()).filter(i -> a.cell(i, label).equals("ja")).count();
    assertThat(yes).isBetween(60L, 240L);
  }
}
