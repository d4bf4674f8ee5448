package se.tillit.synth.report.internal;

/**
 * Pairwise association between columns: Pearson's r for two numeric columns, Cramér's V for two
 * categorical ones (missing counts as its own category), and the correlation ratio eta for a
 * numeric and a categorical one (rows with a missing number are left out). V and eta lie in [0, 1],
 * r in [-1, 1].
 */
public final class Associations {
  private Associations() {}

  /** The symmetric association matrix of {@code f}'s columns (1 on the diagonal). */
  public static double[][] matrix(Frame f) {
    int p = f.columnCount();
    double[][] m = new double[p][p];
    for (int a = 0; a < p; a++) {
      m[a][a] = 1;
      for (int b = a + 1; b < p; b++) {
        double v;
        if (f.isNumeric(a) && f.isNumeric(b)) {
          v = pearson(f.num(a), f.num(b));
        } else if (!f.isNumeric(a) && !f.isNumeric(b)) {
          v = cramersV(f.cat(a), f.cat(b));
        } else if (f.isNumeric(a)) {
          v = correlationRatio(f.cat(b), f.num(a));
        } else {
          v = correlationRatio(f.cat(a), f.num(b));
        }
        m[a][b] = v;
        m[b][a] = v;
      }
    }
    return m;
  }

  /** Pearson's r over rows where both values are present; 0 when either column is constant. */
  public static double pearson(double[] x, double[] y) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        sx += x[i];
        sy += y[i];
        n++;
      }
    }
    if (n < 2) {
      return 0;
    }
    double mx = sx / n;
    double my = sy / n;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        double dx = x[i] - mx;
        double dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
    }
    if (sxx <= 0 || syy <= 0) {
      return 0;
    }
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  /**
   * Cramér's V = sqrt(chi2 / (n (min(r, c) - 1))) of the contingency table of two coded columns
   * (code -1 = missing, its own category), counting only categories that occur; 0 when either
   * column has a single category. No bias correction.
   */
  public static double cramersV(int[] a, int[] b) {
    int n = a.length;
    if (n == 0) {
      return 0;
    }
    int ka = 0;
    int kb = 0;
    for (int i = 0; i < n; i++) {
      ka = Math.max(ka, a[i] + 2);
      kb = Math.max(kb, b[i] + 2);
    }
    long[][] t = new long[ka][kb];
    long[] ra = new long[ka];
    long[] cb = new long[kb];
    for (int i = 0; i < n; i++) {
      t[a[i] + 1][b[i] + 1]++;
      ra[a[i] + 1]++;
      cb[b[i] + 1]++;
    }
    int r = 0;
    int c = 0;
    for (long v : ra) {
      r += v > 0 ? 1 : 0;
    }
    for (long v : cb) {
      c += v > 0 ? 1 : 0;
    }
    int k = Math.min(r, c);
    if (k < 2) {
      return 0;
    }
    double chi2 = 0;
    for (int i = 0; i < ka; i++) {
      if (ra[i] == 0) {
        continue;
      }
      for (int j = 0; j < kb; j++) {
        if (cb[j] == 0) {
          continue;
        }
        double e = (double) ra[i] * cb[j] / n;
        double d = t[i][j] - e;
        chi2 += d * d / e;
      }
    }
    return Math.min(1, Math.sqrt(chi2 / (n * (double) (k - 1))));
  }

  /**
   * Correlation ratio eta = sqrt(between-group sum of squares / total sum of squares) of the
   * numbers {@code y} grouped by the categories {@code group} (code -1 = missing, its own group);
   * 0 when {@code y} is constant.
   */
  public static double correlationRatio(int[] group, double[] y) {
    int k = 0;
    for (int g : group) {
      k = Math.max(k, g + 2);
    }
    double[] sum = new double[k];
    long[] count = new long[k];
    double total = 0;
    long n = 0;
    for (int i = 0; i < y.length; i++) {
      if (!Double.isNaN(y[i])) {
        sum[group[i] + 1] += y[i];
        count[group[i] + 1]++;
        total += y[i];
        n++;
      }
    }
    if (n < 2) {
      return 0;
    }
    double mean = total / n;
    double sst = 0;
    for (double v : y) {
      if (!Double.isNaN(v)) {
        sst += (v - mean) * (v - mean);
      }
    }
    if (sst <= 0) {
      return 0;
    }
    double ssb = 0;
    for (int g = 0; g < k; g++) {
      if (count[g] > 0) {
        double mg = sum[g] / count[g];
        ssb += count[g] * (mg - mean) * (mg - mean);
      }
    }
    return Math.min(1, Math.sqrt(ssb / sst));
  }
}
