package se.tillit.synth.dp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import se.tillit.synth.data.EncodedData;

/** Test data and quality measures for the DP synthesizer tests. */
final class DpTestData {
  private DpTestData() {}

  /**
   * n rows of 4 columns: a (4 values), b = a with probability 0.9 else uniform, c (3 values)
   * independent, e (2 values) = c == 0 mostly.
   */
  static EncodedData correlated(int n, long seed) {
    Random r = new Random(seed);
    int[][] codes = new int[4][n];
    for (int i = 0; i < n; i++) {
      int a = r.nextInt(4);
      codes[0][i] = a;
      codes[1][i] = r.nextDouble() < 0.9 ? a : r.nextInt(4);
      int c = r.nextInt(3);
      codes[2][i] = c;
      codes[3][i] = (c == 0) == (r.nextDouble() < 0.85) ? 1 : 0;
    }
    return new EncodedData(List.of("a", "b", "c", "e"), new int[] {4, 4, 3, 2}, codes);
  }

  static Path sharedData() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }

  /** Adult discretized (48,842 rows, 14 columns); skips the test when absent. */
  static EncodedData adult() throws IOException {
    Path shared = sharedData();
    assumeTrue(shared != null, "shared/data not found");
    Path csv = shared.resolve("adult/adult-discretized.csv");
    Path domainFile = shared.resolve("adult/adult-discretized-domain.json");
    assumeTrue(Files.exists(csv) && Files.exists(domainFile), "adult-discretized not found");
    JsonNode domainJson = new ObjectMapper().readTree(domainFile.toFile());
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    int d = header.length;
    int n = lines.size() - 1;
    int[] domain = new int[d];
    for (int j = 0; j < d; j++) {
      domain[j] = domainJson.get(header[j]).asInt();
    }
    int[][] codes = new int[d][n];
    for (int i = 0; i < n; i++) {
      String[] cells = lines.get(i + 1).split(",");
      for (int j = 0; j < d; j++) {
        codes[j][i] = Integer.parseInt(cells[j].trim());
      }
    }
    return new EncodedData(Arrays.asList(header), domain, codes);
  }

  static double[] marginal(EncodedData data, int... cols) {
    int[] domain = data.domainSizes();
    int size = 1;
    for (int c : cols) {
      size *= domain[c];
    }
    double[] m = new double[size];
    int n = data.rowCount();
    for (int i = 0; i < n; i++) {
      int idx = 0;
      for (int c : cols) {
        idx = idx * domain[c] + data.codes()[c][i];
      }
      m[idx]++;
    }
    for (int k = 0; k < size; k++) {
      m[k] /= n;
    }
    return m;
  }

  static double tvd(EncodedData a, EncodedData b, int... cols) {
    double[] p = marginal(a, cols);
    double[] q = marginal(b, cols);
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.abs(p[i] - q[i]);
    }
    return s / 2;
  }

  /** Mean total variation distance over all column pairs. */
  static double meanPairTvd(EncodedData real, EncodedData synth) {
    int d = real.columnCount();
    double sum = 0;
    int count = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        sum += tvd(real, synth, i, j);
        count++;
      }
    }
    return sum / count;
  }

  static double meanOneWayTvd(EncodedData real, EncodedData synth) {
    double sum = 0;
    for (int i = 0; i < real.columnCount(); i++) {
      sum += tvd(real, synth, i);
    }
    return sum / real.columnCount();
  }

  static List<int[]> rows(EncodedData data) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < data.rowCount(); i++) {
      int[] row = new int[data.columnCount()];
      for (int j = 0; j < row.length; j++) {
        row[j] = data.codes()[j][i];
      }
      out.add(row);
    }
    return out;
  }
}
