package se.tillit.synth.dp.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * A junction tree over all columns that covers a set of cliques: the maximal cliques of a
 * triangulation of the cliques' interaction graph (greedy elimination that keeps the largest new
 * table small, as in Private-PGM's {@code JunctionTree.greedy_order}), joined by a maximum
 * spanning tree on separator sizes (Koller and Friedman, Probabilistic Graphical Models, 10.4).
 *
 * <p>The tree is stored rooted at clique 0: {@code order()} lists cliques parents first, and
 * {@code parent(i)} is -1 for the root. Disconnected parts are joined with empty separators.
 */
public final class JunctionTree {
  private final int[] domain;
  private final List<int[]> cliques;
  private final int[] parent;
  private final int[] order;

  private JunctionTree(int[] domain, List<int[]> cliques, int[] parent, int[] order) {
    this.domain = domain;
    this.cliques = cliques;
    this.parent = parent;
    this.order = order;
  }

  /** Builds a junction tree over columns {@code 0..domain.length-1} covering {@code cliques}. */
  public static JunctionTree build(int[] domain, List<int[]> cliques) {
    int d = domain.length;
    BitSet[] adj = new BitSet[d];
    for (int i = 0; i < d; i++) {
      adj[i] = new BitSet(d);
    }
    for (int[] c : cliques) {
      for (int a : c) {
        for (int b : c) {
          if (a != b) {
            adj[a].set(b);
          }
        }
      }
    }
    boolean[] eliminated = new boolean[d];
    List<int[]> formed = new ArrayList<>();
    for (int step = 0; step < d; step++) {
      int best = -1;
      double bestCost = Double.POSITIVE_INFINITY;
      for (int v = 0; v < d; v++) {
        if (eliminated[v]) {
          continue;
        }
        double cost = Math.log(domain[v]);
        for (int u = adj[v].nextSetBit(0); u >= 0; u = adj[v].nextSetBit(u + 1)) {
          cost += Math.log(domain[u]);
        }
        if (cost < bestCost - 1e-12) {
          bestCost = cost;
          best = v;
        }
      }
      int v = best;
      int[] clique = new int[adj[v].cardinality() + 1];
      int k = 0;
      clique[k++] = v;
      for (int u = adj[v].nextSetBit(0); u >= 0; u = adj[v].nextSetBit(u + 1)) {
        clique[k++] = u;
      }
      Arrays.sort(clique);
      formed.add(clique);
      for (int a = adj[v].nextSetBit(0); a >= 0; a = adj[v].nextSetBit(a + 1)) {
        for (int b = adj[v].nextSetBit(0); b >= 0; b = adj[v].nextSetBit(b + 1)) {
          if (a != b) {
            adj[a].set(b);
          }
        }
        adj[a].clear(v);
      }
      adj[v].clear();
      eliminated[v] = true;
    }
    // keep the maximal ones
    List<int[]> maximal = new ArrayList<>();
    formed.sort(Comparator.comparingInt((int[] c) -> -c.length).thenComparing(Arrays::compare));
    for (int[] c : formed) {
      boolean covered = false;
      for (int[] m : maximal) {
        if (Cliques.contains(m, c)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        maximal.add(c);
      }
    }
    // maximum spanning tree on separator sizes (Prim from clique 0); ties by index
    int m = maximal.size();
    int[] parent = new int[m];
    int[] order = new int[m];
    boolean[] in = new boolean[m];
    int[] bestW = new int[m];
    int[] bestP = new int[m];
    Arrays.fill(bestW, -1);
    Arrays.fill(bestP, -1);
    bestW[0] = Integer.MAX_VALUE;
    for (int step = 0; step < m; step++) {
      int pick = -1;
      for (int i = 0; i < m; i++) {
        if (!in[i] && (pick < 0 || bestW[i] > bestW[pick])) {
          pick = i;
        }
      }
      in[pick] = true;
      order[step] = pick;
      parent[pick] = step == 0 ? -1 : bestP[pick];
      for (int i = 0; i < m; i++) {
        if (!in[i]) {
          int w = Cliques.intersection(maximal.get(i), maximal.get(pick)).length;
          if (w > bestW[i]) {
            bestW[i] = w;
            bestP[i] = pick;
          }
        }
      }
    }
    return new JunctionTree(domain.clone(), List.copyOf(maximal), parent, order);
  }

  /** Number of cells of all clique tables together. */
  public long size() {
    long total = 0;
    for (int[] c : cliques) {
      long cells = Cliques.cells(c, domain);
      if (cells == Long.MAX_VALUE || total + cells < 0) {
        return Long.MAX_VALUE;
      }
      total += cells;
    }
    return total;
  }

  /** Size in MiB of the clique tables as doubles, as Private-PGM's hypothetical_model_size. */
  public static double sizeMib(int[] domain, List<int[]> cliques) {
    long cells = build(domain, cliques).size();
    return cells == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : cells * 8.0 / (1 << 20);
  }

  public List<int[]> cliques() {
    return cliques;
  }

  public int cliqueCount() {
    return cliques.size();
  }

  public int[] clique(int i) {
    return cliques.get(i);
  }

  public int parent(int i) {
    return parent[i];
  }

  /** Cliques in an order where every parent comes before its children. */
  public int[] order() {
    return order.clone();
  }

  public int[] separator(int i) {
    return parent[i] < 0 ? new int[0] : Cliques.intersection(cliques.get(i), cliques.get(parent[i]));
  }

  /** The index of a clique containing {@code c}, the smallest such, or -1. */
  public int containing(int[] c) {
    int best = -1;
    long bestSize = Long.MAX_VALUE;
    for (int i = 0; i < cliques.size(); i++) {
      if (Cliques.contains(cliques.get(i), c)) {
        long s = Cliques.cells(cliques.get(i), domain);
        if (s < bestSize) {
          bestSize = s;
          best = i;
        }
      }
    }
    return best;
  }

  public int[] domain() {
    return domain.clone();
  }
}
