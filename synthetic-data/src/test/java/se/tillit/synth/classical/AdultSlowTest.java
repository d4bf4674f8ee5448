package se.tillit.synth.classical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.synth.AdultData;
import se.tillit.synth.FitOptions;
import se.tillit.synth.Synthesizer;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.classical.internal.Columns;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.measure.NominalScale;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.vector.BaseVector;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;

/** Full Adult: train on synthetic, test on real holdout; and sampling speed for 1M rows. */
@Tag("slow")
class AdultSlowTest {

  @Test
  void cart_fullAdult_trainOnSyntheticAccuracyAtLeast083() throws Exception {
    double[] r = tstr(CartSynthesizer.builder().build());
    assertThat(r[0]).isGreaterThanOrEqualTo(0.83);
  }

  @Test
  void copula_fullAdult_reportsTrainOnSyntheticAccuracy() throws Exception {
    double[] r = tstr(new GaussianCopulaSynthesizer());
    assertThat(r[0]).isGreaterThan(0.7);
  }

  @Test
  void sample_oneMillionRows_under30Seconds() throws Exception {
    Table data = AdultData.table();
    Schema schema = SchemaInference.defaults().infer(data);
    for (Synthesizer s : List.of(CartSynthesizer.builder().build(), new GaussianCopulaSynthesizer())) {
      SynthesizerModel m = s.fit(data, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(1)));
      m.sample(50_000, Randomness.insecureSeededForTesting(2)); // warm-up
      long t0 = System.nanoTime();
      int total = 0;
      var random = Randomness.insecureSeededForTesting(3);
      for (int i = 0; i < 20; i++) {
        total += m.sample(50_000, random).rowCount();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "SPEED %s: %d rows in %.2f s (%.0f rows/s)%n", s.method(),
          total, secs, total / secs);
      assertThat(secs).isLessThan(30);
    }
  }

  /** {tstr accuracy, trtr accuracy}: random forest on 80% (or its synthetic copy), test on 20%. */
  static double[] tstr(Synthesizer s) throws Exception {
    Table all = AdultData.table();
    Schema schema = SchemaInference.defaults().infer(all);
    int n = all.rowCount();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    var rnd = Randomness.insecureSeededForTesting(42);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int cut = (int) (n * 0.8);
    Table train = all.select(java.util.Arrays.copyOfRange(perm, 0, cut));
    Table test = all.select(java.util.Arrays.copyOfRange(perm, cut, n));
    long t0 = System.nanoTime();
    SynthesizerModel m = s.fit(train, schema, FitOptions.nonPrivate(Randomness.insecureSeededForTesting(7)));
    double fitSecs = (System.nanoTime() - t0) / 1e9;
    Table syn = m.sample(train.rowCount(), Randomness.insecureSeededForTesting(8));
    double tstr = accuracy(syn, test, schema);
    double trtr = accuracy(train, test, schema);
    System.out.printf(Locale.ROOT, "TSTR %s: tstr=%.4f trtr=%.4f fit=%.1fs%n", s.method(), tstr,
        trtr, fitSecs);
    return new double[] {tstr, trtr};
  }

  static double accuracy(Table train, Table test, Schema schema) {
    DataFrame tr = frame(train, schema);
    DataFrame te = frame(test, schema);
    RandomForest rf = RandomForest.fit(Formula.lhs("income"), tr,
        100, 4, smile.base.cart.SplitRule.GINI, 20, 500, 5, 1.0, null, java.util.stream.LongStream.range(1, 101));
    int[] truth = te.column("income").toIntArray();
    int ok = 0;
    for (int i = 0; i < te.size(); i++) {
      if (rf.predict(te.get(i)) == truth[i]) {
        ok++;
      }
    }
    return (double) ok / te.size();
  }

  static DataFrame frame(Table t, Schema schema) {
    double[][] x = Columns.of(t, schema);
    BaseVector<?, ?, ?>[] v = new BaseVector<?, ?, ?>[x.length];
    for (int j = 0; j < x.length; j++) {
      ColumnSchema c = schema.columns().get(j);
      if (c.type() == ColumnType.CATEGORICAL) {
        int levels = c.categories().size() + 1;
        int[] vals = new int[levels];
        String[] names = new String[levels];
        for (int k = 0; k < levels; k++) {
          vals[k] = k;
          names[k] = "v" + k;
        }
        int[] codes = new int[x[j].length];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = (int) x[j][i];
        }
        v[j] = IntVector.of(new StructField(c.name(), DataTypes.IntegerType,
            new NominalScale(vals, names)), codes);
      } else {
        v[j] = DoubleVector.of(c.name(), x[j]);
      }
    }
    return DataFrame.of(v);
  }
}
