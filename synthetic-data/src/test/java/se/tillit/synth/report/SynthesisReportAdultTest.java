package se.tillit.synth.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import se.tillit.synth.data.Table;
import se.tillit.synth.report.internal.SimpleCsv;

/**
 * The whole report on UCI Adult (32,561 rows, 15 columns) with default options. A random half of
 * the rows is the training data; of the other half, one part stands in for "synthetic" data (a
 * perfect generator that never saw the training rows) and the rest is the holdout.
 */
class SynthesisReportAdultTest {
  /** CPU seconds of this process: fair on a machine whose cores are shared with other jobs. */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  @Test
  void compute_adultFreshHalfAsSynthetic_fastAndNoLeakage() throws Exception {
    Path data = TestData.sharedData();
    assumeTrue(data != null && Files.exists(data.resolve("adult/adult.csv")), "shared Adult data");
    Table adult = SimpleCsv.read(data.resolve("adult/adult.csv"), "adult");
    int n = adult.rowCount();
    int[] perm = shuffled(n, new SplittableRandom(7));
    int half = n / 2;
    int quarter = half + (n - half) / 2;
    Table train = adult.select(Arrays.copyOfRange(perm, 0, half));
    Table synthetic = adult.select(Arrays.copyOfRange(perm, half, quarter));
    Table holdout = adult.select(Arrays.copyOfRange(perm, quarter, n));

    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    SynthesisReport report =
        SynthesisReport.compute(
            train, synthetic, holdout, ReportOptions.builder().target("income").seed(1).build(),
            (stage, done, total) -> System.out.printf(Locale.ROOT, "%6.1f s wall %6.1f s cpu: %s%n",
                (System.nanoTime() - t0) / 1e9, cpuSeconds() - cpu0, stage));
    String html = report.toHtml();
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds() - cpu0;
    Path out = Path.of("target", "adult-report.html");
    Files.createDirectories(out.getParent());
    Files.writeString(out, html);

    Map<String, Object> json = report.toJson();
    System.out.printf(Locale.ROOT, "Adult report: %.1f s wall, %.1f s CPU, %d KiB HTML: %s%n",
        wall, cpu, html.length() / 1024, json);
    assertThat(cpu).as("CPU seconds").isLessThan(30);
    assertThat(report.meanMarginalTvd()).isLessThan(0.03);
    assertThat(report.meanPairwiseTvd()).isLessThan(0.06);
    UtilityResult u = report.utility().orElseThrow();
    assertThat(u.trtrAccuracy()).isBetween(0.82, 0.90);
    assertThat(u.tstrAccuracy()).isBetween(0.82, 0.90);
    PrivacyResult p = report.privacy();
    assertThat(p.miaAuc()).isBetween(0.45, 0.55);
    assertThat(p.dcrRatio()).isBetween(0.8, 1.25);
    assertThat(p.exactMatchRate()).isLessThan(0.01);
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
