package se.tillit.synth.dp.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Private-PGM estimation (McKenna, Sheldon, Miklau, ICML 2019, "Graphical-model based estimation
 * and inference for differential privacy"; McKenna, Miklau, Sheldon 2021, Section 4): finds the
 * graphical model whose clique marginals minimise {@code sum_m ||mu_m - y_m||^2 / (2 sigma_m^2)}
 * over the noisy measurements y_m, by mirror descent on the log-potentials of the measured
 * cliques with an Armijo backtracking step (the step doubles every iteration and halves until the
 * loss falls by at least half of its linear prediction), with exact marginals from log-space
 * belief propagation on a junction tree. Only noisy measurements are read: this is
 * post-processing.
 *
 * <p>Log-potentials are kept per measured clique, so an estimator can be warm-started with the
 * potentials of an earlier fit after new measurements (as AIM does each round).
 */
public final class PgmEstimator {
  private final int[] domain;
  private final Map<String, double[]> potentials = new LinkedHashMap<>();
  private double stepSize = Double.NaN;

  public PgmEstimator(int[] domain) {
    this.domain = domain.clone();
  }

  /** The measured cliques a set of measurements implies, plus every single column. */
  public static List<int[]> modelCliques(int d, List<Measurement> measurements) {
    List<int[]> cliques = new ArrayList<>();
    for (int a = 0; a < d; a++) {
      cliques.add(new int[] {a});
    }
    for (Measurement m : measurements) {
      cliques.add(m.clique());
    }
    return cliques;
  }

  /** The variance-weighted estimate of the record count from the measurements' sums. */
  public static double estimateTotal(List<Measurement> measurements) {
    double num = 0;
    double den = 0;
    for (Measurement m : measurements) {
      double sum = 0;
      for (double v : m.noisy()) {
        sum += v;
      }
      double variance = m.totalVariance();
      num += sum / variance;
      den += 1 / variance;
    }
    return den == 0 ? 1.0 : Math.max(1.0, num / den);
  }

  /** Runs {@code iterations} mirror-descent steps from the current potentials. */
  public GraphicalModel estimate(List<Measurement> measurements, double total, int iterations) {
    JunctionTree tree = JunctionTree.build(domain, modelCliques(domain.length, measurements));
    return new Run(tree, measurements, total).fit(iterations);
  }

  private static String key(int[] clique) {
    return Arrays.toString(clique);
  }

  /** One fit on a fixed junction tree. */
  private final class Run {
    final JunctionTree tree;
    final int m;
    final int[][] cliques;
    final int[] parent;
    final int[] order;
    final int[][] children;
    final int[][] sepMap; // clique i -> separator with parent
    final int[][] parentSepMap; // parent of i -> separator with i
    final int[] sepSize;
    final List<String> keys = new ArrayList<>();
    final List<int[]> keyCliques = new ArrayList<>();
    final int[] keyHome;
    final int[][] keyMap;
    final List<Measurement> measurements;
    final int[] measKey;
    final double total;

    Run(JunctionTree tree, List<Measurement> measurements, double total) {
      this.tree = tree;
      this.measurements = measurements;
      this.total = total;
      m = tree.cliqueCount();
      cliques = new int[m][];
      parent = new int[m];
      sepMap = new int[m][];
      parentSepMap = new int[m][];
      sepSize = new int[m];
      order = tree.order();
      List<List<Integer>> kids = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        cliques[i] = tree.clique(i);
        parent[i] = tree.parent(i);
        kids.add(new ArrayList<>());
        if (Cliques.cells(cliques[i], domain) > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("junction tree clique too large");
        }
      }
      children = new int[m][];
      for (int i = 0; i < m; i++) {
        if (parent[i] >= 0) {
          kids.get(parent[i]).add(i);
          int[] sep = tree.separator(i);
          sepMap[i] = Cliques.indexMap(cliques[i], sep, domain);
          parentSepMap[i] = Cliques.indexMap(cliques[parent[i]], sep, domain);
          sepSize[i] = (int) Cliques.cells(sep, domain);
        }
      }
      for (int i = 0; i < m; i++) {
        children[i] = kids.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      measKey = new int[measurements.size()];
      Map<String, Integer> index = new LinkedHashMap<>();
      for (int j = 0; j < measurements.size(); j++) {
        int[] c = measurements.get(j).clique();
        String k = key(c);
        Integer at = index.get(k);
        if (at == null) {
          at = keys.size();
          index.put(k, at);
          keys.add(k);
          keyCliques.add(c);
          potentials.computeIfAbsent(k, x -> new double[(int) Cliques.cells(c, domain)]);
        }
        measKey[j] = at;
      }
      keyHome = new int[keys.size()];
      keyMap = new int[keys.size()][];
      for (int k = 0; k < keys.size(); k++) {
        keyHome[k] = tree.containing(keyCliques.get(k));
        keyMap[k] = Cliques.indexMap(cliques[keyHome[k]], keyCliques.get(k), domain);
      }
    }

    double[][] currentTheta() {
      double[][] theta = new double[keys.size()][];
      for (int k = 0; k < keys.size(); k++) {
        theta[k] = potentials.get(keys.get(k)).clone();
      }
      return theta;
    }

    /** Belief propagation: the marginals (counts) of every junction-tree clique. */
    double[][] marginals(double[][] theta) {
      double[][] belief = new double[m][];
      for (int i = 0; i < m; i++) {
        belief[i] = new double[(int) Cliques.cells(cliques[i], domain)];
      }
      for (int k = 0; k < theta.length; k++) {
        double[] b = belief[keyHome[k]];
        int[] map = keyMap[k];
        double[] t = theta[k];
        for (int x = 0; x < b.length; x++) {
          b[x] += t[map[x]];
        }
      }
      double[][] up = new double[m][];
      for (int idx = m - 1; idx >= 0; idx--) {
        int i = order[idx];
        for (int c : children[i]) {
          addBroadcast(belief[i], up[c], parentSepMap[c]);
        }
        if (parent[i] >= 0) {
          up[i] = logSumExp(belief[i], sepMap[i], sepSize[i]);
        }
      }
      for (int idx = 0; idx < m; idx++) {
        int i = order[idx];
        for (int c : children[i]) {
          double[] down = logSumExp(belief[i], parentSepMap[c], sepSize[c]);
          for (int s = 0; s < down.length; s++) {
            down[s] -= up[c][s];
          }
          addBroadcast(belief[c], down, sepMap[c]);
        }
      }
      double[][] mu = new double[m][];
      for (int i = 0; i < m; i++) {
        double[] b = belief[i];
        double max = Double.NEGATIVE_INFINITY;
        for (double v : b) {
          max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[b.length];
        for (int x = 0; x < b.length; x++) {
          out[x] = Math.exp(b[x] - max);
          sum += out[x];
        }
        double scale = total / sum;
        for (int x = 0; x < b.length; x++) {
          out[x] *= scale;
        }
        mu[i] = out;
      }
      return mu;
    }

    /** Loss and (if grad != null) its gradient with respect to each measured clique's marginal. */
    double loss(double[][] mu, double[][] grad) {
      double loss = 0;
      if (grad != null) {
        for (double[] g : grad) {
          Arrays.fill(g, 0.0);
        }
      }
      double[][] projected = new double[keys.size()][];
      for (int j = 0; j < measurements.size(); j++) {
        Measurement meas = measurements.get(j);
        int k = measKey[j];
        if (projected[k] == null) {
          double[] p = new double[meas.noisy().length];
          double[] src = mu[keyHome[k]];
          int[] map = keyMap[k];
          for (int x = 0; x < src.length; x++) {
            p[map[x]] += src[x];
          }
          projected[k] = p;
        }
        double[] p = projected[k];
        double[] y = meas.noisy();
        double[] factor = meas.varianceFactor();
        double w0 = 1.0 / (meas.sigma() * meas.sigma());
        for (int x = 0; x < y.length; x++) {
          double w = factor == null ? w0 : w0 / factor[x];
          double diff = p[x] - y[x];
          loss += 0.5 * w * diff * diff;
          if (grad != null) {
            grad[k][x] += w * diff;
          }
        }
      }
      return loss;
    }

    GraphicalModel fit(int iterations) {
      double[][] theta = currentTheta();
      double[][] mu = marginals(theta);
      double[][] grad = new double[keys.size()][];
      for (int k = 0; k < grad.length; k++) {
        grad[k] = new double[theta[k].length];
      }
      double loss = loss(mu, grad);
      double alpha = Double.isNaN(stepSize) ? 1.0 / total : stepSize;
      for (int t = 0; t < iterations; t++) {
        alpha *= 2;
        double[][] nextTheta;
        double[][] nextMu;
        double nextLoss;
        int tries = 0;
        while (true) {
          nextTheta = new double[theta.length][];
          for (int k = 0; k < theta.length; k++) {
            double[] nt = theta[k].clone();
            for (int x = 0; x < nt.length; x++) {
              nt[x] -= alpha * grad[k][x];
            }
            nextTheta[k] = nt;
          }
          nextMu = marginals(nextTheta);
          nextLoss = loss(nextMu, null);
          double predicted = 0;
          for (int k = 0; k < keys.size(); k++) {
            double[] a = project(mu, k);
            double[] b = project(nextMu, k);
            for (int x = 0; x < a.length; x++) {
              predicted += grad[k][x] * (a[x] - b[x]);
            }
          }
          if (loss - nextLoss >= 0.5 * predicted || ++tries > 50) {
            break;
          }
          alpha *= 0.5;
        }
        if (nextLoss > loss) {
          break; // no progress possible at this precision
        }
        theta = nextTheta;
        mu = nextMu;
        loss = loss(mu, grad);
      }
      stepSize = alpha;
      for (int k = 0; k < keys.size(); k++) {
        potentials.put(keys.get(k), theta[k]);
      }
      return new GraphicalModel(tree, mu, total);
    }

    double[] project(double[][] mu, int k) {
      double[] p = new double[(int) Cliques.cells(keyCliques.get(k), domain)];
      double[] src = mu[keyHome[k]];
      int[] map = keyMap[k];
      for (int x = 0; x < src.length; x++) {
        p[map[x]] += src[x];
      }
      return p;
    }
  }

  private static void addBroadcast(double[] target, double[] source, int[] map) {
    for (int x = 0; x < target.length; x++) {
      target[x] += source[map[x]];
    }
  }

  private static double[] logSumExp(double[] v, int[] map, int size) {
    double[] max = new double[size];
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int x = 0; x < v.length; x++) {
      if (v[x] > max[map[x]]) {
        max[map[x]] = v[x];
      }
    }
    double[] sum = new double[size];
    for (int x = 0; x < v.length; x++) {
      sum[map[x]] += Math.exp(v[x] - max[map[x]]);
    }
    for (int s = 0; s < size; s++) {
      sum[s] = max[s] + Math.log(sum[s]);
    }
    return sum;
  }
}
