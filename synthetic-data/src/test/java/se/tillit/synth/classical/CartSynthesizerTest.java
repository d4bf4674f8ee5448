package se.tillit.synth.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.synth.AdultData;
import se.tillit.synth.FitOptions;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.SynthesizerModels;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.io.Csv;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

class CartSynthesizerTest {

  static String csv(Table t) throws Exception {
    StringWriter w = new StringWriter();
    Csv.write(t, w);
    return w.toString();
  }

  @Test
  void fitAndSample_adultSample_hasSchemaColumnsAndTypes() throws Exception {
    Table data = AdultData.sample(3000, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    SynthesizerModel m = CartSynthesizer.builder().build()
        .fit(data, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(2)));
    Table syn = m.sample(2000, Randomness.insecureSeededForTesting(3));
    assertThat(syn.columns()).isEqualTo(data.columns());
    assertThat(syn.rowCount()).isEqualTo(2000);
    Schema again = SchemaInference.defaults().infer(syn);
    for (int j = 0; j < schema.columns().size(); j++) {
      ColumnType want = schema.columns().get(j).type();
      assertThat(again.columns().get(j).type()).as(schema.columns().get(j).name()).isEqualTo(want);
      if (want == ColumnType.CATEGORICAL) {
        assertThat(schema.columns().get(j).categories())
            .containsAll(again.columns().get(j).categories());
      }
    }
  }

  @Test
  void sample_sameSeed_reproducesExactlyAfterSaveAndLoad() throws Exception {
    Table data = AdultData.sample(3000, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    SynthesizerModel m = CartSynthesizer.builder().build()
        .fit(data, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(2)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.save(bytes);
    SynthesizerModel loaded =
        SynthesizerModels.load(new ByteArrayInputStream(bytes.toByteArray()), "test");
    String a = csv(m.sample(500, Randomness.insecureSeededForTesting(9)));
    String b = csv(loaded.sample(500, Randomness.insecureSeededForTesting(9)));
    String c = csv(m.sample(500, Randomness.insecureSeededForTesting(10)));
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(loaded.method()).isEqualTo("cart");
    assertThat(loaded.schema()).isEqualTo(schema);
  }

  @Test
  void privacyCost_nonDp_throwsIllegalState() throws Exception {
    Table data = AdultData.sample(300, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    SynthesizerModel m = CartSynthesizer.builder().build()
        .fit(data, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(2)));
    assertThatThrownBy(m::privacyCost).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not differentially private");
  }

  @Test
  void builder_badMinLeaf_throwsNamingParameter() {
    assertThatThrownBy(() -> CartSynthesizer.builder().minLeafSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minLeafSize must be >= 1. Provided value: 0");
  }
}
