package se.tillit.synth.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.synth.data.EncodedData;

class MstSynthesizerTest {
  /** Column x has 40 values but only 0..3 occur; y copies x mod 2; z is independent. */
  private static EncodedData sparse(int n) {
    Random r = new Random(11);
    int[][] codes = new int[3][n];
    for (int i = 0; i < n; i++) {
      codes[0][i] = r.nextInt(4);
      codes[1][i] = codes[0][i] % 2;
      codes[2][i] = r.nextInt(3);
    }
    return new EncodedData(List.of("x", "y", "z"), new int[] {40, 2, 3}, codes);
  }

  @Test
  void fit_rareValues_compressedAndRarelySampled() {
    EncodedData data = sparse(5000);

    MarginalModel model = MstSynthesizer.create()
        .fit(data, 2.0, 1e-6, Randomness.insecureSeededForTesting(1), null);
    EncodedData synth = model.sample(5000, Randomness.insecureSeededForTesting(2));

    assertThat(synth.domainSizes()).containsExactly(40, 2, 3);
    int rare = 0;
    int agree = 0;
    for (int i = 0; i < 5000; i++) {
      rare += synth.codes()[0][i] >= 4 ? 1 : 0;
      agree += synth.codes()[1][i] == synth.codes()[0][i] % 2 ? 1 : 0;
    }
    assertThat(rare).isLessThan(100);
    assertThat(agree).isGreaterThan(4500);
  }

  @Test
  void fit_withAndWithoutCompression_spendsTheWholeBudgetAndNoMore() {
    EncodedData data = sparse(3000);
    for (boolean compress : new boolean[] {true, false}) {
      MarginalModel model = MstSynthesizer.builder().compressRare(compress).iterations(200).build()
          .fit(data, 1.0, 1e-9, Randomness.insecureSeededForTesting(3), null);

      double spent = new PldAccountant().epsilon(model.privacyCost(), 1e-9);

      assertThat(spent).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
    }
  }

  @Test
  void fit_sameSeed_sameModel() {
    EncodedData data = sparse(2000);
    MstSynthesizer mst = MstSynthesizer.builder().iterations(200).build();

    MarginalModel a = mst.fit(data, 1.0, 1e-6, Randomness.insecureSeededForTesting(5), null);
    MarginalModel b = mst.fit(data, 1.0, 1e-6, Randomness.insecureSeededForTesting(5), null);

    assertThat(a.toJson()).isEqualTo(b.toJson());
  }

  /** Five columns; t depends on a, b, c; d is independent noise. */
  private static EncodedData withTarget(int n) {
    Random r = new Random(17);
    int[][] codes = new int[5][n];
    for (int i = 0; i < n; i++) {
      codes[0][i] = r.nextInt(5);
      codes[1][i] = r.nextInt(3);
      codes[2][i] = r.nextInt(4);
      codes[3][i] = r.nextInt(6);
      codes[4][i] = codes[0][i] + codes[1][i] + codes[2][i] > 5 || r.nextInt(10) == 0 ? 1 : 0;
    }
    return new EncodedData(List.of("a", "b", "c", "d", "t"), new int[] {5, 3, 4, 6, 2}, codes);
  }

  @Test
  void fit_withTarget_measuresTargetWithEveryColumnAndATreeOfTheRest() {
    EncodedData data = withTarget(4000);

    MarginalModel model = MstSynthesizer.builder().target("t").iterations(300).build()
        .fit(data, 1.0, 1e-9, Randomness.insecureSeededForTesting(4), null);

    List<String> pairs = new ArrayList<>();
    for (int[] c : model.measuredCliques()) {
      if (c.length == 2) {
        pairs.add(c[0] + "-" + c[1]);
      }
    }
    // star (a..d with t = column 4), then a spanning tree of a..d: 3 edges not touching t
    assertThat(pairs).startsWith("0-4", "1-4", "2-4", "3-4").hasSize(4 + 3);
    assertThat(pairs.subList(4, 7)).noneMatch(p -> p.endsWith("-4"));
    double spent = new PldAccountant().epsilon(model.privacyCost(), 1e-9);
    assertThat(spent).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
  }

  @Test
  void fit_withTarget_sameSeedSameModelAndKeepsTheTargetDependence() {
    EncodedData data = withTarget(4000);
    MstSynthesizer mst = MstSynthesizer.create().withTarget("t");

    MarginalModel a = mst.fit(data, 1.0, 1e-9, Randomness.insecureSeededForTesting(6), null);
    MarginalModel b = mst.fit(data, 1.0, 1e-9, Randomness.insecureSeededForTesting(6), null);
    EncodedData synth = a.sample(4000, Randomness.insecureSeededForTesting(7));

    assertThat(a.toJson()).isEqualTo(b.toJson());
    int agree = 0;
    for (int i = 0; i < 4000; i++) {
      int[][] c = synth.codes();
      int rule = c[0][i] + c[1][i] + c[2][i] > 5 ? 1 : 0;
      agree += rule == c[4][i] ? 1 : 0;
    }
    assertThat(agree).isGreaterThan(3200); // about 0.95 in the data; 0.5 if independent
  }

  @Test
  void fit_withTargetOnTwoColumns_measuresThePairAndSpendsNoMore() {
    EncodedData data = sparse(2000);
    EncodedData two = new EncodedData(List.of("x", "y"), new int[] {40, 2},
        new int[][] {data.codes()[0], data.codes()[1]});

    MarginalModel model = MstSynthesizer.builder().target("y").iterations(100).build()
        .fit(two, 1.0, 1e-9, Randomness.insecureSeededForTesting(1), null);

    assertThat(model.measuredCliques()).anyMatch(c -> c.length == 2);
    assertThat(new PldAccountant().epsilon(model.privacyCost(), 1e-9)).isLessThanOrEqualTo(1.0);
  }

  @Test
  void fit_unknownTarget_throwsNamingTheColumns() {
    MstSynthesizer mst = MstSynthesizer.builder().target("income").build();

    assertThatThrownBy(() -> mst.fit(sparse(100), 1.0, 1e-9,
            Randomness.insecureSeededForTesting(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be one of the columns [x, y, z]")
        .hasMessageContaining("Provided value: income");
  }

  @Test
  void target_blank_throws() {
    assertThatThrownBy(() -> MstSynthesizer.builder().target(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be a column name");
  }
}
