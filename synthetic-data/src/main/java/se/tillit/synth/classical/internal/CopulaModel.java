package se.tillit.synth.classical.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import org.apache.commons.math3.special.Erf;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.internal.ModelFiles;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;

/** A fitted Gaussian copula: marginals and the Cholesky factor of the correlation matrix. */
public final class CopulaModel implements SynthesizerModel {
  public static final String KIND = "copula";
  private static final double EPS = 1e-12;

  private final Schema schema;
  private final Marginal[] marginals;
  private final double[][] chol;

  public CopulaModel(Schema schema, Marginal[] marginals, double[][] chol) {
    this.schema = schema;
    this.marginals = marginals.clone();
    this.chol = chol;
  }

  @Override
  public String method() {
    return "copula";
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Table sample(int rows, SecureRandom random) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0. Provided value: " + rows);
    }
    int d = marginals.length;
    double[][] out = new double[d][rows];
    double[] g = new double[d];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < d; j++) {
        g[j] = random.nextGaussian();
      }
      for (int j = 0; j < d; j++) {
        double z = 0;
        double[] lj = chol[j];
        for (int k = 0; k <= j; k++) {
          z += lj[k] * g[k];
        }
        out[j][r] = marginals[j].fromNormal(z);
      }
    }
    return Columns.toTable(schema, out, rows);
  }

  @Override
  public DpEvent privacyCost() {
    throw new IllegalStateException(
        "method copula is not differentially private: it has no privacy cost to report");
  }

  @Override
  public void save(OutputStream out) throws IOException {
    ObjectNode root = ModelFiles.header(KIND, method(), schema);
    ArrayNode m = root.putArray("marginals");
    for (Marginal mg : marginals) {
      ObjectNode o = m.addObject();
      o.put("categorical", mg.categorical);
      o.put("discrete", mg.discrete);
      o.put("p_missing", mg.pMissing);
      o.set("probabilities", ModelFiles.doubles(mg.probabilities));
      o.set("order", ModelFiles.ints(mg.order));
      o.set("quantiles", ModelFiles.doubles(mg.quantiles));
    }
    ArrayNode c = root.putArray("cholesky");
    for (double[] row : chol) {
      c.add(ModelFiles.doubles(row));
    }
    ModelFiles.write(root, out);
  }

  public static CopulaModel fromJson(JsonNode root) {
    Schema schema = ModelFiles.schemaFromJson(root.get("schema"));
    JsonNode ms = root.path("marginals");
    int d = schema.columns().size();
    if (ms.size() != d || root.path("cholesky").size() != d) {
      throw new IllegalArgumentException("the model file must hold one marginal per column");
    }
    Marginal[] marginals = new Marginal[d];
    for (int j = 0; j < d; j++) {
      JsonNode o = ms.get(j);
      marginals[j] = new Marginal(o.path("categorical").asBoolean(),
          o.path("discrete").asBoolean(), o.path("p_missing").asDouble(),
          ModelFiles.doubles(o.path("probabilities")), ModelFiles.ints(o.path("order")),
          ModelFiles.doubles(o.path("quantiles")));
      ColumnSchema c = schema.columns().get(j);
      boolean cat = c.type() == ColumnType.CATEGORICAL;
      if (cat != marginals[j].categorical
          || (cat && marginals[j].order.length != c.categories().size() + 1)
          || (!cat && marginals[j].quantiles.length < 1)) {
        throw new IllegalArgumentException("the model file holds a malformed marginal");
      }
    }
    double[][] chol = new double[d][];
    for (int j = 0; j < d; j++) {
      chol[j] = ModelFiles.doubles(root.path("cholesky").get(j));
      if (chol[j].length != d) {
        throw new IllegalArgumentException("the model file holds a malformed correlation");
      }
    }
    return new CopulaModel(schema, marginals, chol);
  }

  /** One column's marginal distribution. */
  public static final class Marginal {
    final boolean categorical;
    final boolean discrete;
    final double pMissing;
    /** Categorical: probability of each code in {@link #order}; cumulative bounds derived. */
    final double[] probabilities;
    /** Categorical: codes by decreasing frequency. */
    final int[] order;
    /** Numeric: quantiles of the present values at k / QUANTILES. */
    final double[] quantiles;
    private final double[] zUpper; // categorical: normal score of each interval's upper end

    Marginal(boolean categorical, boolean discrete, double pMissing, double[] probabilities,
        int[] order, double[] quantiles) {
      this.categorical = categorical;
      this.discrete = discrete;
      this.pMissing = pMissing;
      this.probabilities = probabilities;
      this.order = order;
      this.quantiles = quantiles;
      this.zUpper = new double[probabilities.length];
      double cum = 0;
      for (int k = 0; k < probabilities.length; k++) {
        cum += probabilities[k];
        zUpper[k] = k == probabilities.length - 1 ? Double.POSITIVE_INFINITY : inverse(cum);
      }
    }

    /** Categorical codes 0..levels-1 (the last is missing). */
    public static Marginal categorical(double[] codes, int levels) {
      int[] counts = new int[levels];
      for (double c : codes) {
        counts[(int) c]++;
      }
      Integer[] idx = new Integer[levels];
      for (int i = 0; i < levels; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> counts[b] != counts[a] ? counts[b] - counts[a] : a - b);
      int[] order = new int[levels];
      double[] p = new double[levels];
      for (int k = 0; k < levels; k++) {
        order[k] = idx[k];
        p[k] = (double) counts[idx[k]] / codes.length;
      }
      return new Marginal(true, false, 0, p, order, new double[0]);
    }

    /** Numeric values (NaN = missing); {@code discrete} for integers and dates. */
    public static Marginal numeric(double[] values, boolean discrete, int quantiles) {
      double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
      double pMissing = 1 - (double) present.length / values.length;
      double[] q = new double[quantiles + 1];
      if (present.length == 0) {
        q = new double[] {0};
      } else {
        for (int k = 0; k <= quantiles; k++) {
          double pos = (double) k / quantiles * (present.length - 1);
          int lo = (int) Math.floor(pos);
          int hi = Math.min(present.length - 1, lo + 1);
          q[k] = present[lo] + (pos - lo) * (present[hi] - present[lo]);
        }
      }
      return new Marginal(false, discrete, pMissing, new double[0], new int[0], q);
    }

    /** A normal score per cell: uniform within the cell's CDF interval, then inverse normal. */
    public double[] normalScores(double[] x, SecureRandom random) {
      int n = x.length;
      double[] z = new double[n];
      if (categorical) {
        double[] lower = new double[order.length];
        int[] pos = new int[order.length];
        double cum = 0;
        for (int k = 0; k < order.length; k++) {
          lower[k] = cum;
          cum += probabilities[k];
          pos[order[k]] = k;
        }
        for (int i = 0; i < n; i++) {
          int k = pos[(int) x[i]];
          z[i] = inverse(lower[k] + random.nextDouble() * probabilities[k]);
        }
        return z;
      }
      double[] present = Arrays.stream(x).filter(v -> !Double.isNaN(v)).sorted().toArray();
      int m = present.length;
      for (int i = 0; i < n; i++) {
        double u;
        if (Double.isNaN(x[i])) {
          u = random.nextDouble() * pMissing;
        } else {
          int lo = lowerIndex(present, x[i]);
          int hi = upperIndex(present, x[i]);
          double q = (lo + random.nextDouble() * (hi - lo)) / m;
          u = pMissing + (1 - pMissing) * q;
        }
        z[i] = inverse(u);
      }
      return z;
    }

    /** The value (code for categorical; NaN for missing) of normal score {@code z}. */
    double fromNormal(double z) {
      if (categorical) {
        int k = 0;
        while (z > zUpper[k]) {
          k++;
        }
        return order[k];
      }
      double u = 0.5 * Erf.erfc(-z / Math.sqrt(2));
      if (u < pMissing) {
        return Double.NaN;
      }
      double q = pMissing >= 1 ? 0 : (u - pMissing) / (1 - pMissing);
      int k = quantiles.length - 1;
      double pos = q * k;
      int lo = Math.max(0, Math.min(k, (int) Math.floor(pos)));
      if (discrete) {
        return Math.round(quantiles[lo]);
      }
      int hi = Math.min(k, lo + 1);
      return quantiles[lo] + (pos - lo) * (quantiles[hi] - quantiles[lo]);
    }

    private static int lowerIndex(double[] a, double v) {
      int lo = 0;
      int hi = a.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (a[mid] < v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private static int upperIndex(double[] a, double v) {
      int lo = 0;
      int hi = a.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (a[mid] <= v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private static double inverse(double u) {
      double c = Math.max(EPS, Math.min(1 - EPS, u));
      return Math.sqrt(2) * Erf.erfInv(2 * c - 1);
    }
  }
}
