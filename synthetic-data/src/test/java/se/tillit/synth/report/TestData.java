package se.tillit.synth.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import se.tillit.synth.data.Table;

/** Test tables and the location of the shared real data. */
final class TestData {
  private TestData() {}

  /** ../shared/data found by walking up from the working directory, or null. */
  static Path sharedData() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }

  /**
   * {@code n} rows from one fixed distribution: a numeric age, a categorical group depending on
   * it, a numeric income depending on both, a categorical label depending on income.
   */
  static Table people(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    String[] groups = {"a", "b", "c", "d"};
    for (int i = 0; i < n; i++) {
      double age = 18 + r.nextDouble() * 60;
      String group = groups[Math.min(3, (int) (age / 20) + (r.nextDouble() < 0.3 ? 1 : 0))];
      double income = 1000 * (age / 10 + group.charAt(0) - 'a') + 2000 * r.nextGaussian();
      String label = income > 5000 ? "high" : "low";
      rows.add(new String[] {
        String.format(java.util.Locale.ROOT, "%.3f", age), group,
        String.format(java.util.Locale.ROOT, "%.2f", income), label
      });
    }
    return Table.of(List.of("age", "group", "income", "label"), rows);
  }
}
