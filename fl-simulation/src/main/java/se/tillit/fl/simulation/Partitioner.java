package se.tillit.fl.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;
import se.tillit.fl.model.Table;

/**
 * Splits one table into simulated clients' local tables: {@code iid} (a uniform random split) or
 * {@code dirichlet:ALPHA} (label skew: for every label class, the class's rows are divided among
 * the clients in proportions drawn from a symmetric Dirichlet(ALPHA); smaller ALPHA, more skew; the
 * scheme of Hsu et al. 2019 used by Flower Datasets' DirichletPartitioner). Dirichlet draws are
 * repeated (up to 100 times) until every client has at least {@code minRows} rows.
 *
 * <p>Seeded randomness: partitioning is simulation set-up, not a protection, and must be
 * reproducible.
 */
public final class Partitioner {
  private final String kind;
  private final double alpha;

  private Partitioner(String kind, double alpha) {
    this.kind = kind;
    this.alpha = alpha;
  }

  /** Parses {@code iid} or {@code dirichlet:ALPHA} (ALPHA a positive number). */
  public static Partitioner parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("iid")) {
      return new Partitioner("iid", 0);
    }
    if (s.startsWith("dirichlet:")) {
      double a;
      try {
        a = Double.parseDouble(s.substring("dirichlet:".length()));
      } catch (NumberFormatException e) {
        a = Double.NaN;
      }
      if (!(a > 0) || Double.isInfinite(a)) {
        throw new IllegalArgumentException("--partition dirichlet:ALPHA needs a positive finite ALPHA, "
            + "e.g. dirichlet:0.5. Provided value: " + spec);
      }
      return new Partitioner("dirichlet", a);
    }
    throw new IllegalArgumentException(
        "--partition must be iid or dirichlet:ALPHA (e.g. dirichlet:0.5). Provided value: " + spec);
  }

  public String describe() {
    return kind.equals("iid") ? "iid" : "dirichlet:" + alpha;
  }

  /**
   * Partitions {@code table} into {@code clients} lists of row indices.
   *
   * @param labelColumn the label, used by the Dirichlet split
   */
  public List<List<Integer>> split(Table table, String labelColumn, int clients, int minRows, long seed) {
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be at least 1. Provided value: " + clients);
    }
    if ((long) clients * minRows > table.rowCount()) {
      throw new IllegalArgumentException(table.rowCount() + " rows cannot give " + clients
          + " clients at least " + minRows + " rows each; use fewer clients or more data");
    }
    Random rnd = new Random(seed);
    if (kind.equals("iid")) {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < table.rowCount(); i++) {
        all.add(i);
      }
      Collections.shuffle(all, rnd);
      List<List<Integer>> parts = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int from = (int) ((long) all.size() * c / clients);
        int to = (int) ((long) all.size() * (c + 1) / clients);
        parts.add(new ArrayList<>(all.subList(from, to)));
      }
      return parts;
    }
    int label = table.columnIndex(labelColumn);
    Map<String, List<Integer>> byClass = new LinkedHashMap<>();
    for (int i = 0; i < table.rowCount(); i++) {
      byClass.computeIfAbsent(table.cell(i, label), k -> new ArrayList<>()).add(i);
    }
    RandomGenerator gen = new JDKRandomGenerator();
    gen.setSeed(seed);
    GammaDistribution gamma = new GammaDistribution(gen, alpha, 1.0);
    List<List<Integer>> best = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      List<List<Integer>> parts = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        parts.add(new ArrayList<>());
      }
      for (List<Integer> members : byClass.values()) {
        List<Integer> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, rnd);
        double[] p = new double[clients];
        double sum = 0;
        for (int c = 0; c < clients; c++) {
          p[c] = gamma.sample();
          sum += p[c];
        }
        int start = 0;
        double cum = 0;
        for (int c = 0; c < clients; c++) {
          cum += p[c] / sum;
          int end = c == clients - 1 ? shuffled.size() : (int) Math.round(cum * shuffled.size());
          end = Math.max(start, Math.min(end, shuffled.size()));
          parts.get(c).addAll(shuffled.subList(start, end));
          start = end;
        }
      }
      best = parts;
      if (parts.stream().allMatch(x -> x.size() >= minRows)) {
        return parts;
      }
    }
    throw new IllegalArgumentException("dirichlet:" + alpha + " left some of " + clients
        + " clients with fewer than " + minRows + " rows in 100 draws; use a larger ALPHA or fewer clients"
        + " (smallest client had " + best.stream().mapToInt(List::size).min().orElse(0) + ")");
  }
}
