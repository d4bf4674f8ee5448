package se.tillit.synth.dp.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted graphical model: a junction tree and the calibrated marginal of every clique, in
 * counts (each table sums to {@link #total()}). Computed from noisy measurements only, so it is
 * safe to publish.
 */
public final class GraphicalModel {
  private final JunctionTree tree;
  private final double[][] marginals;
  private final double total;

  public GraphicalModel(JunctionTree tree, double[][] marginals, double total) {
    this.tree = tree;
    this.marginals = marginals;
    this.total = total;
  }

  public JunctionTree tree() {
    return tree;
  }

  public double total() {
    return total;
  }

  public double[] cliqueMarginal(int i) {
    return marginals[i];
  }

  /**
   * The model's marginal over {@code clique} in counts, or null if computing it would need a table
   * of more than {@code maxCells} cells (cliques not inside one junction-tree clique are computed
   * by passing messages over the smallest subtree that covers them).
   */
  public double[] project(int[] clique, long maxCells) {
    int[] domain = tree.domain();
    int inside = tree.containing(clique);
    if (inside >= 0) {
      return new Factor(tree.clique(inside), marginals[inside]).sumTo(clique, domain).values();
    }
    int m = tree.cliqueCount();
    // children lists and depths
    int[] depth = new int[m];
    for (int i : tree.order()) {
      depth[i] = tree.parent(i) < 0 ? 0 : depth[tree.parent(i)] + 1;
    }
    boolean[] needed = new boolean[m];
    int[] ends = new int[clique.length];
    for (int k = 0; k < clique.length; k++) {
      int best = -1;
      int bestCover = -1;
      for (int i = 0; i < m; i++) {
        if (Cliques.contains(tree.clique(i), clique[k])) {
          int cover = Cliques.intersection(tree.clique(i), clique).length;
          if (cover > bestCover) {
            bestCover = cover;
            best = i;
          }
        }
      }
      ends[k] = best;
    }
    // Steiner subtree: walk all ends up to their common ancestor
    int lca = ends[0];
    for (int k = 1; k < ends.length; k++) {
      int a = lca;
      int b = ends[k];
      while (a != b) {
        if (depth[a] >= depth[b]) {
          a = tree.parent(a);
        } else {
          b = tree.parent(b);
        }
        if (a < 0 || b < 0) {
          break;
        }
      }
      lca = a < 0 || b < 0 ? -1 : a;
      if (lca < 0) {
        break;
      }
    }
    if (lca < 0) {
      throw new IllegalStateException("junction tree is not connected");
    }
    for (int e : ends) {
      for (int v = e; v != lca; v = tree.parent(v)) {
        needed[v] = true;
      }
    }
    needed[lca] = true;
    int[] order = tree.order();
    Factor[] msg = new Factor[m];
    for (int idx = order.length - 1; idx >= 0; idx--) {
      int c = order[idx];
      if (!needed[c]) {
        continue;
      }
      // keep only the columns a message or the answer needs: the separators of this clique's
      // subtree edges and the target columns it holds
      int[] keep = Cliques.intersection(tree.clique(c), clique);
      if (c != lca) {
        keep = Cliques.union(keep, tree.separator(c));
      }
      for (int k = 0; k < m; k++) {
        if (needed[k] && tree.parent(k) == c && k != lca) {
          keep = Cliques.union(keep, tree.separator(k));
        }
      }
      Factor full = new Factor(tree.clique(c), scaled(marginals[c]));
      Factor phi = full.sumTo(keep, domain);
      for (int k = 0; k < m; k++) {
        if (needed[k] && tree.parent(k) == c && k != lca && msg[k] != null) {
          long cells = Cliques.cells(Cliques.union(phi.attrs(), msg[k].attrs()), domain);
          if (cells > maxCells) {
            return null;
          }
          phi = phi.multiply(msg[k], domain);
        }
      }
      if (c == lca) {
        return scaleBack(phi.sumTo(clique, domain).values());
      }
      int[] sep = tree.separator(c);
      int[] up = Cliques.union(sep, Cliques.intersection(phi.attrs(), clique));
      Factor sepMarginal = phi.sumTo(sep, domain);
      msg[c] = phi.sumTo(up, domain).divideBy(sepMarginal, domain);
    }
    return null;
  }

  private double[] scaled(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / total;
    }
    return out;
  }

  private double[] scaleBack(double[] v) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= total;
    }
    return out;
  }

  /** A forward sampler over the tree: the root's table, then each clique given its separator. */
  public ForwardSampler sampler(int[] domainSizes) {
    List<ForwardSampler.Step> steps = new ArrayList<>();
    int[] domain = tree.domain();
    for (int c : tree.order()) {
      int[] cl = tree.clique(c);
      int[] sep = tree.separator(c);
      int[] fresh = Cliques.minus(cl, sep);
      if (fresh.length == 0) {
        continue;
      }
      int[] toSep = Cliques.indexMap(cl, sep, domain);
      int[] toNew = Cliques.indexMap(cl, fresh, domain);
      int newSize = (int) Cliques.cells(fresh, domain);
      int sepSize = (int) Cliques.cells(sep, domain);
      double[] table = new double[sepSize * newSize];
      double[] mu = marginals[c];
      for (int i = 0; i < mu.length; i++) {
        table[toSep[i] * newSize + toNew[i]] = Math.max(0.0, mu[i]);
      }
      steps.add(new ForwardSampler.Step(sep, fresh, table));
    }
    return new ForwardSampler(domainSizes, steps);
  }

  @Override
  public String toString() {
    return "GraphicalModel[" + tree.cliqueCount() + " cliques, " + Arrays.toString(new long[] {
      tree.size()}) + " cells]";
  }
}
