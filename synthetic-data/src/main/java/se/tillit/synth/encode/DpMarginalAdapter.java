package se.tillit.synth.encode;

import java.util.ArrayList;
import java.util.List;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.FitOptions;
import se.tillit.synth.Synthesizer;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.dp.EncodedModel;
import se.tillit.synth.dp.MarginalSynthesizer;
import se.tillit.synth.encode.internal.DpMarginalModel;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

/**
 * Runs a marginal-based DP synthesizer (MST, AIM, PrivBayes) on a table: encodes it with a
 * {@link Discretizer} over a public domain, fits the {@link MarginalSynthesizer} on the codes, and
 * returns a model whose samples are decoded back to values.
 *
 * <p>PRIVACY. {@link #fit} treats the given schema as PUBLIC: its categories and bounds must come
 * from knowledge about the domain (a schema file), never from this data; otherwise the output
 * leaks them. {@link #fitWithPrivateBounds} is for when no complete schema file exists: columns
 * missing from the public schema that are numeric, integer or date get differentially private
 * bounds ({@link DpBounds}) paid from a share of epsilon ({@link #BOUNDS_SHARE}, split evenly) and
 * are always nullable; a missing categorical column is refused, because its categories cannot be
 * released for free. Column types of undeclared columns are taken from the data's format (treated
 * as public metadata). A target in the {@link FitOptions} must be a column of the schema and is
 * passed on with {@link MarginalSynthesizer#withTarget}. The model's {@link SynthesizerModel#privacyCost()} composes the bound
 * mechanisms and the synthesizer's events; its total never exceeds (epsilon, delta).
 */
public final class DpMarginalAdapter implements Synthesizer {
  /** Share of epsilon spent on private bounds when some numeric column has no public bounds. */
  public static final double BOUNDS_SHARE = 0.05;

  private final MarginalSynthesizer delegate;

  public DpMarginalAdapter(MarginalSynthesizer delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate must not be null. Provided value: null");
    }
    this.delegate = delegate;
  }

  @Override
  public String method() {
    return delegate.method();
  }

  @Override
  public boolean isDifferentiallyPrivate() {
    return true;
  }

  /** Fits with {@code schema} as the public domain of every column (extra table columns dropped). */
  @Override
  public SynthesizerModel fit(Table data, Schema schema, FitOptions options) {
    checkBudget(options);
    SchemaInference.checkColumnsExist(schema, data);
    checkTarget(schema, options.target());
    return fitEncoded(data, schema, options.epsilon(), options, List.of());
  }

  /**
   * Fits with the columns of {@code publicSchema} (may be null) as public domains and DP bounds
   * for the table's other numeric columns; see the class comment.
   *
   * @throws IllegalArgumentException if an undeclared column is categorical (the message names
   *     them and says how to write a schema file)
   */
  public SynthesizerModel fitWithPrivateBounds(Table data, Schema publicSchema,
      FitOptions options) {
    checkBudget(options);
    if (publicSchema != null) {
      SchemaInference.checkColumnsExist(publicSchema, data);
    }
    // Types only: the inferred bounds and categories are discarded below.
    Schema typed = SchemaInference.defaults().infer(data, publicSchema);
    checkTarget(typed, options.target());
    List<String> needBounds = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (ColumnSchema c : typed.columns()) {
      boolean declared = publicSchema != null && publicSchema.names().contains(c.name());
      if (!declared) {
        (c.type() == ColumnType.CATEGORICAL ? refused : needBounds).add(c.name());
      }
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          "a differentially private fit needs the categories of categorical columns from a"
              + " schema file, not from the data; column(s) " + refused + " are not declared."
              + " Write a schema with 'tillit synth schema --in DATA.csv --out schema.yaml',"
              + " review it (categories must be public knowledge) and pass --schema");
    }
    double epsilon = options.epsilon();
    List<DpEvent> boundEvents = new ArrayList<>();
    List<ColumnSchema> cols = new ArrayList<>();
    double perColumn = needBounds.isEmpty() ? 0 : epsilon * BOUNDS_SHARE / needBounds.size();
    for (ColumnSchema c : typed.columns()) {
      if (!needBounds.contains(c.name())) {
        cols.add(c);
        continue;
      }
      int t = data.columnIndex(c.name());
      double[] values = presentValues(data, t, c);
      DpBounds.Result b = DpBounds.estimate(c.name(), values, perColumn, options.random());
      boundEvents.add(b.event());
      double min = b.min();
      double max = Math.max(b.max(), min);
      // equal width: the inferred edges are data-derived and not used here
      int bins = c.type() == ColumnType.NUMERIC
          ? SchemaInference.DEFAULT_BINS
          : (int) Math.min(SchemaInference.DEFAULT_BINS, (long) (max - min) + 1);
      cols.add(new ColumnSchema(c.name(), c.type(), List.of(), min, max, bins, true));
    }
    double rest = needBounds.isEmpty() ? epsilon : epsilon * (1 - BOUNDS_SHARE);
    return fitEncoded(data, new Schema(cols), rest, options, boundEvents);
  }

  private static double[] presentValues(Table data, int t, ColumnSchema c) {
    double[] v = new double[data.rowCount()];
    int k = 0;
    for (int r = 0; r < data.rowCount(); r++) {
      String cell = data.get(r, t);
      if (cell != null) {
        v[k++] = se.tillit.synth.internal.Cells.number(c, cell, r + 1);
      }
    }
    return java.util.Arrays.copyOf(v, k);
  }

  private SynthesizerModel fitEncoded(Table data, Schema schema, double epsilon,
      FitOptions options, List<DpEvent> before) {
    Discretizer d = new Discretizer(schema);
    MarginalSynthesizer s =
        options.target() == null ? delegate : delegate.withTarget(options.target());
    EncodedModel m = s.fit(
        d.encode(data), epsilon, options.delta(), options.random(), options.progress());
    DpEvent cost = before.isEmpty() ? m.privacyCost() : compose(before, m.privacyCost());
    return new DpMarginalModel(method(), schema, m, cost);
  }

  private static DpEvent compose(List<DpEvent> before, DpEvent last) {
    List<DpEvent> all = new ArrayList<>(before);
    all.add(last);
    return new DpEvent.Composed(all);
  }

  /** Before anything is read: the target, if any, must be a column of the schema. */
  private static void checkTarget(Schema schema, String target) {
    if (target != null && !schema.names().contains(target)) {
      throw new IllegalArgumentException("target must be one of the columns " + schema.names()
          + ". Provided value: " + target);
    }
  }

  private void checkBudget(FitOptions options) {
    if (options.epsilon() == null || options.delta() == null) {
      throw new IllegalArgumentException(
          "method " + method() + " is differentially private: epsilon and delta are required."
              + " Provided value: epsilon=" + options.epsilon() + ", delta=" + options.delta());
    }
    DpPreconditions.checkEpsilon(options.epsilon());
    DpPreconditions.checkDelta(options.delta());
  }
}
