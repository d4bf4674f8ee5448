package se.tillit.synth;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import se.tillit.dp.Randomness;
import se.tillit.synth.data.Table;
import se.tillit.synth.io.Csv;
import se.tillit.synth.io.CsvOptions;

/** Finds ../shared/data/adult/adult.csv by walking up; tests skip when it is absent. */
public final class AdultData {
  private static Table cached;

  private AdultData() {}

  public static Path path() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path c = p.resolve("shared/data/adult/adult.csv");
      if (Files.isRegularFile(c)) {
        return c;
      }
      p = p.getParent();
    }
    assumeTrue(false, "shared/data/adult/adult.csv not found; skipping");
    return null;
  }

  public static synchronized Table table() throws IOException {
    if (cached == null) {
      cached = Csv.read(path(), CsvOptions.DEFAULT);
    }
    return cached;
  }

  /** A fixed random sample of {@code n} rows. */
  public static Table sample(int n, long seed) throws IOException {
    Table t = table();
    SecureRandom r = Randomness.insecureSeededForTesting(seed);
    int[] idx = new int[t.rowCount()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + r.nextInt(idx.length - i);
      int tmp = idx[i];
      idx[i] = idx[j];
      idx[j] = tmp;
    }
    return t.select(java.util.Arrays.copyOf(idx, n));
  }
}
