package se.tillit.synth.classical;

import java.util.ArrayList;
import java.util.List;
import se.tillit.synth.FitOptions;
import se.tillit.synth.Synthesizer;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.classical.internal.CartModel;
import se.tillit.synth.classical.internal.Columns;
import se.tillit.synth.classical.internal.CompactTree;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;
import smile.base.cart.Node;
import smile.base.cart.SplitRule;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.measure.NominalScale;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.vector.BaseVector;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.regression.RegressionTree;

/**
 * Sequential CART synthesis, as in synthpop (Nowok, Raab and Dibben 2016, "synthpop: bespoke
 * creation of synthetic data in R", JSS 74(11); its {@code syn.cart}): the first column is drawn
 * from its empirical distribution; every later column j gets a CART tree on columns 0..j-1
 * (a Smile classification tree for a categorical column, a regression tree otherwise), and a
 * synthetic value is drawn from the training values in the leaf that the synthetic predictors
 * reach. Missing values of a categorical column are one more category; those of a numeric column
 * are a value below all others.
 *
 * <p>NOT differentially private, and the model holds real values of the training data (leaf
 * donors): protect a saved model like the data itself. {@link SynthesizerModel#privacyCost()}
 * throws.
 */
public final class CartSynthesizer implements Synthesizer {
  /** synthpop's default minimum leaf size ({@code minbucket = 5}). */
  public static final int DEFAULT_MIN_LEAF_SIZE = 5;

  private final int minLeafSize;
  private final int maxDepth;

  private CartSynthesizer(Builder b) {
    this.minLeafSize = b.minLeafSize;
    this.maxDepth = b.maxDepth;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String method() {
    return "cart";
  }

  @Override
  public boolean isDifferentiallyPrivate() {
    return false;
  }

  @Override
  public SynthesizerModel fit(Table data, Schema schema, FitOptions options) {
    SchemaInference.checkColumnsExist(schema, data);
    if (data.rowCount() == 0) {
      throw new IllegalArgumentException("the table must have at least one row. Provided: 0");
    }
    double[][] x = Columns.of(data, schema);
    for (int j = 0; j < x.length; j++) {
      if (schema.columns().get(j).type() != ColumnType.CATEGORICAL) {
        CartModel.toSentinel(x[j]);
      }
    }
    List<ColumnSchema> cols = schema.columns();
    List<CompactTree> trees = new ArrayList<>();
    int n = data.rowCount();
    for (int j = 0; j < cols.size(); j++) {
      options.progress().accept((double) j / cols.size());
      if (j == 0 || constant(x[j])) {
        trees.add(CompactTree.single(x[j].clone()));
        continue;
      }
      CompactTree tree = CompactTree.fromSmile(fitTree(cols, x, j, n));
      tree.fillLeaves(x, x[j]);
      trees.add(tree);
    }
    options.progress().accept(1.0);
    return new CartModel(schema, trees);
  }

  private Node fitTree(List<ColumnSchema> cols, double[][] x, int j, int n) {
    BaseVector<?, ?, ?>[] vectors = new BaseVector<?, ?, ?>[j + 1];
    for (int k = 0; k <= j; k++) {
      vectors[k] = vector(cols.get(k), "c" + k, x[k]);
    }
    DataFrame df = DataFrame.of(vectors);
    Formula f = Formula.lhs("c" + j);
    int maxNodes = Math.max(2, n / minLeafSize);
    if (cols.get(j).type() == ColumnType.CATEGORICAL) {
      return DecisionTree.fit(f, df, SplitRule.GINI, maxDepth, maxNodes, minLeafSize).root();
    }
    return RegressionTree.fit(f, df, maxDepth, maxNodes, minLeafSize).root();
  }

  private static BaseVector<?, ?, ?> vector(ColumnSchema c, String name, double[] v) {
    if (c.type() == ColumnType.CATEGORICAL) {
      int levels = c.categories().size() + 1;
      String[] names = new String[levels];
      int[] values = new int[levels];
      for (int i = 0; i < levels; i++) {
        names[i] = "v" + i;
        values[i] = i;
      }
      int[] codes = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        codes[i] = (int) v[i];
      }
      return IntVector.of(
          new StructField(name, DataTypes.IntegerType, new NominalScale(values, names)), codes);
    }
    return DoubleVector.of(name, v);
  }

  private static boolean constant(double[] v) {
    for (double d : v) {
      if (Double.compare(d, v[0]) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Builder: minimum leaf size (default 5, as synthpop), maximum depth (default 30). */
  public static final class Builder {
    private int minLeafSize = DEFAULT_MIN_LEAF_SIZE;
    private int maxDepth = 30;

    private Builder() {}

    public Builder minLeafSize(int minLeafSize) {
      if (minLeafSize < 1) {
        throw new IllegalArgumentException(
            "minLeafSize must be >= 1. Provided value: " + minLeafSize);
      }
      this.minLeafSize = minLeafSize;
      return this;
    }

    public Builder maxDepth(int maxDepth) {
      if (maxDepth < 2) {
        throw new IllegalArgumentException("maxDepth must be >= 2. Provided value: " + maxDepth);
      }
      this.maxDepth = maxDepth;
      return this;
    }

    public CartSynthesizer build() {
      return new CartSynthesizer(this);
    }
  }
}
