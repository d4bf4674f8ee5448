package se.tillit.synth.classical;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Erf;
import se.tillit.synth.FitOptions;
import se.tillit.synth.Synthesizer;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.classical.internal.CopulaModel;
import se.tillit.synth.classical.internal.CopulaModel.Marginal;
import se.tillit.synth.classical.internal.Columns;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

/**
 * The Gaussian copula of the Synthetic Data Vault (Patki, Wedge and Veeramachaneni 2016, "The
 * Synthetic Data Vault", IEEE DSAA; SDV's {@code GaussianCopulaSynthesizer} with RDT's frequency
 * encoding of categories). Each column gets a marginal: numeric columns their empirical CDF
 * (stored as {@link #QUANTILES} + 1 quantiles), categorical columns one interval of [0, 1) per
 * category in order of decreasing frequency (missing values are one more category; a numeric
 * column's missing values take the bottom interval). Every cell is mapped to a uniform score within
 * its interval and then to a normal score; the model is the correlation matrix of the normal
 * scores. Sampling draws multivariate normals (Cholesky factor), maps them back through the normal
 * CDF and each marginal's inverse.
 *
 * <p>NOT differentially private; the stored quantiles and frequencies come from the data: protect
 * a saved model like the data itself. {@link SynthesizerModel#privacyCost()} throws.
 */
public final class GaussianCopulaSynthesizer implements Synthesizer {
  /** Number of quantile intervals stored per numeric column. */
  public static final int QUANTILES = 1000;

  @Override
  public String method() {
    return "copula";
  }

  @Override
  public boolean isDifferentiallyPrivate() {
    return false;
  }

  @Override
  public SynthesizerModel fit(Table data, Schema schema, FitOptions options) {
    SchemaInference.checkColumnsExist(schema, data);
    int n = data.rowCount();
    if (n < 2) {
      throw new IllegalArgumentException(
          "the table must have at least 2 rows for a copula. Provided: " + n);
    }
    double[][] x = Columns.of(data, schema);
    int d = x.length;
    Marginal[] marginals = new Marginal[d];
    double[][] z = new double[d][];
    for (int j = 0; j < d; j++) {
      ColumnSchema c = schema.columns().get(j);
      marginals[j] = c.type() == ColumnType.CATEGORICAL
          ? Marginal.categorical(x[j], c.categories().size() + 1)
          : Marginal.numeric(x[j], c.type() != ColumnType.NUMERIC, QUANTILES);
      z[j] = marginals[j].normalScores(x[j], options.random());
      options.progress().accept(0.8 * (j + 1) / d);
    }
    double[][] corr = correlation(z);
    double[][] chol = cholesky(corr);
    options.progress().accept(1.0);
    return new CopulaModel(schema, marginals, chol);
  }

  static double[][] correlation(double[][] z) {
    int d = z.length;
    int n = z[0].length;
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (int j = 0; j < d; j++) {
      double s = 0;
      for (double v : z[j]) {
        s += v;
      }
      mean[j] = s / n;
      double q = 0;
      for (double v : z[j]) {
        q += (v - mean[j]) * (v - mean[j]);
      }
      sd[j] = Math.sqrt(q / n);
    }
    double[][] c = new double[d][d];
    for (int a = 0; a < d; a++) {
      c[a][a] = 1;
      for (int b = a + 1; b < d; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += (z[a][i] - mean[a]) * (z[b][i] - mean[b]);
        }
        double r = sd[a] == 0 || sd[b] == 0 ? 0 : s / n / (sd[a] * sd[b]);
        c[a][b] = c[b][a] = Math.max(-1, Math.min(1, r));
      }
    }
    return c;
  }

  /** Lower Cholesky factor; shrinks towards the identity until positive definite. */
  static double[][] cholesky(double[][] c) {
    int d = c.length;
    for (double lambda = 1e-6; lambda < 1; lambda *= 10) {
      double[][] m = new double[d][d];
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          m[a][b] = (1 - lambda) * c[a][b] + (a == b ? lambda : 0);
        }
      }
      try {
        RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(m), 1e-12, 1e-12)
            .getL();
        return l.getData();
      } catch (NonPositiveDefiniteMatrixException e) {
        // shrink more
      }
    }
    double[][] id = new double[d][d];
    for (int a = 0; a < d; a++) {
      id[a][a] = 1;
    }
    return id;
  }

  /** Standard normal CDF. */
  static double phi(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }
}
