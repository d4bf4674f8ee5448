package se.tillit.synth.dp.internal;

/** A dense non-negative table over a clique (row-major, last column fastest). */
public record Factor(int[] attrs, double[] values) {

  /** The product of two factors, over the union of their cliques. */
  public Factor multiply(Factor other, int[] domain) {
    int[] u = Cliques.union(attrs, other.attrs);
    long cells = Cliques.cells(u, domain);
    if (cells > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("factor too large: " + cells + " cells");
    }
    int[] m1 = Cliques.indexMap(u, attrs, domain);
    int[] m2 = Cliques.indexMap(u, other.attrs, domain);
    double[] out = new double[(int) cells];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[m1[i]] * other.values[m2[i]];
    }
    return new Factor(u, out);
  }

  /** Sums out every column not in {@code keep}. */
  public Factor sumTo(int[] keep, int[] domain) {
    int[] k = Cliques.intersection(attrs, keep);
    int[] map = Cliques.indexMap(attrs, k, domain);
    double[] out = new double[(int) Cliques.cells(k, domain)];
    for (int i = 0; i < map.length; i++) {
      out[map[i]] += values[i];
    }
    return new Factor(k, out);
  }

  /** Elementwise division by a factor over a subset; 0/0 = 0. */
  public Factor divideBy(Factor sub, int[] domain) {
    int[] map = Cliques.indexMap(attrs, sub.attrs, domain);
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      double d = sub.values[map[i]];
      out[i] = d > 0 ? values[i] / d : 0.0;
    }
    return new Factor(attrs, out);
  }
}
