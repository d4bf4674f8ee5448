package se.tillit.synth.dp;

import static org.assertj.core.api.Assertions.assertThat;

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
}
