package se.tillit.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.accounting.RdpAccountant;

/**
 * Cost of one epsilon answer for DP-SGD (Poisson-subsampled Gaussian, noise multiplier 1.1,
 * sampling rate 0.01, delta 1e-5). Targets of issue #2: RDP for 10^6 steps under 100 ms, PLD for
 * 10^4 steps under 1 s, per call. A fresh accountant per call, so no cache helps.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AccountantBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccountantBenchmark {

  @Param({"1.1"})
  public double noiseMultiplier;

  @Param({"0.01"})
  public double samplingRate;

  @Benchmark
  public double rdpEpsilon_1e6Steps() {
    return new RdpAccountant().epsilon(DpEvent.dpSgd(noiseMultiplier, samplingRate, 1_000_000), 1e-5);
  }

  @Benchmark
  public double pldEpsilon_1e4Steps() {
    return new PldAccountant().epsilon(DpEvent.dpSgd(noiseMultiplier, samplingRate, 10_000), 1e-5);
  }

  @Benchmark
  public double rdpEpsilon_1e4Steps() {
    return new RdpAccountant().epsilon(DpEvent.dpSgd(noiseMultiplier, samplingRate, 10_000), 1e-5);
  }
}
