package se.tillit.cli.synth;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.cli.ProgressBar;
import se.tillit.dp.Randomness;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.SynthesizerModels;
import se.tillit.synth.io.Csv;

/** {@code tillit synth sample}: draws synthetic rows from a model into a CSV file. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    header = "Sample synthetic rows from a fitted model into a CSV file.",
    description = {
      "Sampling spends no further privacy. Rows are drawn in chunks of " + SampleCommand.CHUNK
          + "; a given --seed reproduces the file exactly (INSECURE: experiments only)."
    })
public final class SampleCommand implements Callable<Integer>, JsonOutput.Capable {
  static final int CHUNK = 50_000;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'synth fit'.")
  Path model;

  @Option(names = "--rows", required = true, paramLabel = "N", description = "Rows to sample, >= 1.")
  long rows;

  @Option(names = "--out", required = true, paramLabel = "SYNTHETIC.csv", description = "CSV file to write.")
  Path out;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed for reproducibility experiments (INSECURE: not for real releases).")
  Long seed;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    if (rows < 1 || rows > 1_000_000_000L) {
      throw new IllegalArgumentException(
          "--rows must be >= 1 and <= 1000000000. Provided value: " + rows);
    }
    SynthesizerModel m = SynthesizerModels.load(model);
    SecureRandom random;
    if (seed != null) {
      random = Randomness.insecureSeededForTesting(seed);
      spec.commandLine().getErr().println(
          "tillit: --seed given: reproducible but INSECURE randomness; not for real releases");
    } else {
      random = Randomness.secure();
    }
    long t0 = System.nanoTime();
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar("sample " + m.method(), rows)) {
      Csv.writeHeader(m.schema().names(), w);
      long left = rows;
      while (left > 0) {
        int n = (int) Math.min(CHUNK, left);
        Csv.appendRows(m.sample(n, random), w);
        left -= n;
        bar.step(n);
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("method", m.method());
      r.put("rows", rows);
      r.put("out", out.toString());
      r.put("seconds", secs);
      r.put("rows_per_second", rows / Math.max(secs, 1e-9));
      JsonOutput.print(o, r);
    } else {
      o.printf(Locale.ROOT, "wrote %d synthetic rows (%s) to %s in %.1f s%n", rows, m.method(),
          out, secs);
    }
    return 0;
  }
}
