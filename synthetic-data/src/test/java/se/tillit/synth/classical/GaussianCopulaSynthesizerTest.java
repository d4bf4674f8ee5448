package se.tillit.synth.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.synth.AdultData;
import se.tillit.synth.FitOptions;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.SynthesizerModels;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

class GaussianCopulaSynthesizerTest {

  @Test
  void fitAndSample_adultSample_keepsTypesAndMarginals() throws Exception {
    Table data = AdultData.sample(3000, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    SynthesizerModel m = new GaussianCopulaSynthesizer()
        .fit(data, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(2)));
    Table syn = m.sample(3000, Randomness.insecureSeededForTesting(3));
    assertThat(syn.columns()).isEqualTo(data.columns());
    Schema again = SchemaInference.defaults().infer(syn);
    for (int j = 0; j < schema.columns().size(); j++) {
      assertThat(again.columns().get(j).type()).as(schema.columns().get(j).name())
          .isEqualTo(schema.columns().get(j).type());
    }
    // share of ">50K" close to the real one
    int t = data.columnIndex("income");
    assertThat(share(syn, t, ">50K")).isCloseTo(share(data, t, ">50K"), org.assertj.core.data.Offset.offset(0.03));
    assertThat(again.column("age").type()).isEqualTo(ColumnType.INTEGER);
  }

  static double share(Table t, int col, String v) {
    int k = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      if (v.equals(t.get(r, col))) {
        k++;
      }
    }
    return (double) k / t.rowCount();
  }

  @Test
  void sample_sameSeed_reproducesExactlyAfterSaveAndLoad() throws Exception {
    Table data = AdultData.sample(2000, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    SynthesizerModel m = new GaussianCopulaSynthesizer()
        .fit(data, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(2)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.save(bytes);
    SynthesizerModel loaded =
        SynthesizerModels.load(new ByteArrayInputStream(bytes.toByteArray()), "test");
    assertThat(CartSynthesizerTest.csv(loaded.sample(300, Randomness.insecureSeededForTesting(5))))
        .isEqualTo(CartSynthesizerTest.csv(m.sample(300, Randomness.insecureSeededForTesting(5))));
    assertThatThrownBy(m::privacyCost).isInstanceOf(IllegalStateException.class);
  }
}
