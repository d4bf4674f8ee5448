package se.tillit.synth.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.synth.AdultData;
import se.tillit.synth.FitOptions;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.SynthesizerModels;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.dp.MstSynthesizer;
import se.tillit.synth.dp.TestOnlyIndependentMarginals;
import se.tillit.synth.io.Csv;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

class DpMarginalAdapterTest {

  static String csv(Table t) throws Exception {
    StringWriter w = new StringWriter();
    Csv.write(t, w);
    return w.toString();
  }

  @Test
  void fit_publicSchema_samplesDecodedRowsAndReportsSynthesizerCost() throws Exception {
    Table data = AdultData.sample(2000, 1);
    Schema schema = SchemaInference.defaults().infer(data); // stands in for a public schema file
    TestOnlyIndependentMarginals inner = new TestOnlyIndependentMarginals();
    SynthesizerModel m = new DpMarginalAdapter(inner)
        .fit(data, schema, FitOptions.dp(1.0, 1e-6, Randomness.insecureSeededForTesting(1)));
    assertThat(inner.budgets.get(0)).containsExactly(1.0, 1e-6);
    Table syn = m.sample(500, Randomness.insecureSeededForTesting(2));
    assertThat(syn.columns()).isEqualTo(data.columns());
    new Discretizer(schema).encode(syn); // every value inside the schema's domain
    assertThat(m.privacyCost()).isInstanceOf(DpEvent.SelfComposed.class);
    assertThat(new PldAccountant().epsilon(m.privacyCost(), 1e-6)).isLessThanOrEqualTo(1.0);
  }

  @Test
  void fitWithPrivateBounds_numericOnly_chargesBoundsAndStaysWithinBudget() throws Exception {
    Table full = AdultData.table();
    int[] cols = {full.columnIndex("age"), full.columnIndex("hours-per-week")};
    List<String[]> rows = new java.util.ArrayList<>();
    for (int r = 0; r < full.rowCount(); r++) {
      rows.add(new String[] {full.get(r, cols[0]), full.get(r, cols[1])});
    }
    Table data = Table.of(List.of("age", "hours-per-week"), rows);
    TestOnlyIndependentMarginals inner = new TestOnlyIndependentMarginals();
    SynthesizerModel m = new DpMarginalAdapter(inner).fitWithPrivateBounds(
        data, null, FitOptions.dp(1.0, 1e-6, Randomness.insecureSeededForTesting(1)));
    assertThat(inner.budgets.get(0)[0]).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-12));
    DpEvent.Composed cost = (DpEvent.Composed) m.privacyCost();
    assertThat(cost.events()).hasSize(3);
    assertThat(cost.events().get(0)).isInstanceOf(DpEvent.Laplace.class);
    assertThat(new PldAccountant().epsilon(cost, 1e-6)).isLessThanOrEqualTo(1.0);
    ColumnSchema age = m.schema().column("age");
    assertThat(age.min()).isLessThanOrEqualTo(17.0);
    assertThat(age.max()).isGreaterThanOrEqualTo(64.0); // a power of two above the bulk
    assertThat(age.nullable()).isTrue();
  }

  @Test
  void fitWithPrivateBounds_undeclaredCategorical_refusedWithSchemaHint() throws Exception {
    Table data = AdultData.sample(500, 1);
    assertThatThrownBy(() -> new DpMarginalAdapter(new TestOnlyIndependentMarginals())
        .fitWithPrivateBounds(data, null, FitOptions.dp(1.0, 1e-6, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tillit synth schema").hasMessageContaining("workclass");
  }

  @Test
  void fit_withoutEpsilon_refused() throws Exception {
    Table data = AdultData.sample(100, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    assertThatThrownBy(() -> new DpMarginalAdapter(new TestOnlyIndependentMarginals())
        .fit(data, schema, FitOptions.nonPrivate(null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon and delta");
  }

  @Test
  void saveLoad_sameSeed_reproducesExactly() throws Exception {
    Table data = AdultData.sample(1000, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    SynthesizerModel m = new DpMarginalAdapter(new TestOnlyIndependentMarginals())
        .fit(data, schema, FitOptions.dp(1.0, 1e-6, Randomness.insecureSeededForTesting(1)));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    m.save(b);
    SynthesizerModel back = SynthesizerModels.load(new ByteArrayInputStream(b.toByteArray()), "t");
    assertThat(csv(back.sample(200, Randomness.insecureSeededForTesting(4))))
        .isEqualTo(csv(m.sample(200, Randomness.insecureSeededForTesting(4))));
    assertThat(back.privacyCost()).isEqualTo(m.privacyCost());
    assertThat(back.schema().column("age").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(back.schema()).isEqualTo(schema); // explicit bin edges survive the model file
    assertThat(back.schema().column("capital-gain").hasEdges()).isTrue();
  }

  @Test
  void dpBounds_buckets_edgesContainValue() {
    for (double v : new double[] {0, 1, 2, 3, 90, 99999, -5, 0.001, -0.001, 4e18}) {
      int b = DpBounds.bucket(v);
      assertThat(DpBounds.lowerEdge(b)).as("lower " + v).isLessThanOrEqualTo(v);
      assertThat(DpBounds.upperEdge(b)).as("upper " + v).isGreaterThanOrEqualTo(v);
    }
  }

  @Test
  void fit_targetNotInSchema_refusedBeforeAnythingIsRead() throws Exception {
    Table data = AdultData.sample(200, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    TestOnlyIndependentMarginals inner = new TestOnlyIndependentMarginals();
    FitOptions options = FitOptions.dp(1.0, 1e-6, Randomness.insecureSeededForTesting(1))
        .withTarget("salary");

    assertThatThrownBy(() -> new DpMarginalAdapter(inner).fit(data, schema, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be one of the columns")
        .hasMessageContaining("Provided value: salary");
    assertThatThrownBy(() -> new DpMarginalAdapter(inner).fitWithPrivateBounds(data, null,
            options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: salary");
    assertThat(inner.budgets).isEmpty();
  }

  @Test
  void fit_mstWithTarget_passesTheTargetOn() throws Exception {
    Table data = AdultData.sample(1000, 1);
    Schema schema = SchemaInference.defaults().infer(data);
    FitOptions options = FitOptions.dp(1.0, 1e-9, Randomness.insecureSeededForTesting(1))
        .withTarget("income");
    DpMarginalAdapter adapter =
        new DpMarginalAdapter(MstSynthesizer.builder().iterations(50).build());

    SynthesizerModel m = adapter.fit(data, schema, options);

    // the star: 14 pairs with income, plus a tree of 13 over the other 14 columns
    int pairs = ((DpEvent.Composed) m.privacyCost()).events().size() - 15 - 13;
    assertThat(pairs).isEqualTo(14 + 13);
    assertThat(new PldAccountant().epsilon(m.privacyCost(), 1e-9)).isLessThanOrEqualTo(1.0);
  }
}
