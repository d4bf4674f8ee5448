package se.tillit.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.tillit.dp.Randomness;
import se.tillit.synth.FitOptions;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.Synthesizers;
import se.tillit.synth.data.Table;
import se.tillit.synth.io.Csv;
import se.tillit.synth.io.CsvOptions;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;

/**
 * Rows sampled per second by synthesizers fitted on UCI Adult (MST at epsilon 1). Target of issue #5:
 * 1 million rows in under 30 s. One invocation samples 50,000 rows (the chunk the CLI uses), so
 * seconds per million rows = 20 x the reported time.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SynthSampleBenchmark}; Adult is read
 * from ../shared/data/adult/adult.csv (or -Dtillit.adult=PATH).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SynthSampleBenchmark {
  static final int ROWS = 50_000;

  @Param({"cart", "copula", "mst"})
  public String method;

  private SynthesizerModel model;
  private SecureRandom random;

  @Setup
  public void fit() throws Exception {
    Table data = Csv.read(adult(), CsvOptions.DEFAULT);
    Schema schema = SchemaInference.defaults().infer(data);
    FitOptions options = Synthesizers.isDifferentiallyPrivate(method)
        ? FitOptions.dp(1.0, 1e-9, Randomness.insecureSeededForTesting(1))
        : FitOptions.nonPrivate(Randomness.insecureSeededForTesting(1));
    model = Synthesizers.byName(method).fit(data, schema, options);
    random = Randomness.secure();
  }

  @Benchmark
  public Table sample50k() {
    return model.sample(ROWS, random);
  }

  static Path adult() {
    String p = System.getProperty("tillit.adult");
    if (p != null) {
      return Path.of(p);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path c = dir.resolve("shared/data/adult/adult.csv");
      if (Files.isRegularFile(c)) {
        return c;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("adult.csv not found; pass -Dtillit.adult=PATH");
  }
}
