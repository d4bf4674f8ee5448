package se.tillit.synth.dp.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Helpers for cliques: sorted arrays of distinct column indices. */
public final class Cliques {
  private Cliques() {}

  /** A sorted copy with duplicates removed. */
  public static int[] of(int... attrs) {
    return Arrays.stream(attrs).distinct().sorted().toArray();
  }

  /** Number of cells of the marginal over {@code clique}; saturates at Long.MAX_VALUE. */
  public static long cells(int[] clique, int[] domain) {
    long n = 1;
    for (int a : clique) {
      try {
        n = Math.multiplyExact(n, domain[a]);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }

  public static boolean contains(int[] big, int[] small) {
    int i = 0;
    for (int a : small) {
      while (i < big.length && big[i] < a) {
        i++;
      }
      if (i == big.length || big[i] != a) {
        return false;
      }
    }
    return true;
  }

  public static boolean contains(int[] clique, int attr) {
    return Arrays.binarySearch(clique, attr) >= 0;
  }

  public static int[] union(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return of(all);
  }

  public static int[] intersection(int[] a, int[] b) {
    return Arrays.stream(a).filter(x -> contains(b, x)).toArray();
  }

  public static int[] minus(int[] a, int[] b) {
    return Arrays.stream(a).filter(x -> !contains(b, x)).toArray();
  }

  /** All non-empty subsets of the given cliques, without repetition, in a stable order. */
  public static List<int[]> downwardClosure(List<int[]> cliques) {
    Set<List<Integer>> seen = new LinkedHashSet<>();
    for (int[] c : cliques) {
      int k = c.length;
      for (int mask = 1; mask < (1 << k); mask++) {
        List<Integer> sub = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          if ((mask & (1 << i)) != 0) {
            sub.add(c[i]);
          }
        }
        seen.add(sub);
      }
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> s : seen) {
      out.add(s.stream().mapToInt(Integer::intValue).toArray());
    }
    out.sort(Cliques::compare);
    return out;
  }

  /** Orders by size, then lexicographically. */
  public static int compare(int[] a, int[] b) {
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    return Arrays.compare(a, b);
  }

  /** All k-subsets of {0..d-1} in lexicographic order. */
  public static List<int[]> allOfSize(int d, int k) {
    List<int[]> out = new ArrayList<>();
    combos(d, k, 0, new int[k], 0, out);
    return out;
  }

  private static void combos(int d, int k, int start, int[] cur, int depth, List<int[]> out) {
    if (depth == k) {
      out.add(cur.clone());
      return;
    }
    for (int i = start; i < d; i++) {
      cur[depth] = i;
      combos(d, k, i + 1, cur, depth + 1, out);
    }
  }

  /**
   * For each cell of the table over {@code big} (row-major, last attribute fastest), the index of
   * the cell of the table over {@code sub} (a subset of big) it falls in.
   */
  public static int[] indexMap(int[] big, int[] sub, int[] domain) {
    int k = big.length;
    int[] dims = new int[k];
    int[] strides = new int[k];
    int size = 1;
    for (int i = 0; i < k; i++) {
      dims[i] = domain[big[i]];
      size *= dims[i];
    }
    int stride = 1;
    for (int j = sub.length - 1; j >= 0; j--) {
      int pos = Arrays.binarySearch(big, sub[j]);
      if (pos < 0) {
        throw new IllegalArgumentException("sub must be a subset of big");
      }
      strides[pos] = stride;
      stride *= domain[sub[j]];
    }
    int[] map = new int[size];
    if (k == 0) {
      return map;
    }
    int[] counter = new int[k];
    int idx = 0;
    int last = k - 1;
    int lastDim = dims[last];
    int lastStride = strides[last];
    int i = 0;
    while (i < size) {
      for (int c = 0; c < lastDim; c++) {
        map[i++] = idx + c * lastStride;
      }
      int p = last - 1;
      while (p >= 0) {
        counter[p]++;
        idx += strides[p];
        if (counter[p] < dims[p]) {
          break;
        }
        idx -= strides[p] * dims[p];
        counter[p] = 0;
        p--;
      }
      if (p < 0) {
        break;
      }
    }
    return map;
  }

  public static String toString(int[] clique, List<String> names) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < clique.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(names.get(clique[i]));
    }
    return sb.append(')').toString();
  }
}
