package se.tillit.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import se.tillit.pseudonymize.table.KeyPurpose;
import se.tillit.pseudonymize.table.TableKeyStore;
import se.tillit.pseudonymize.table.TablePolicy;
import se.tillit.pseudonymize.table.TablePseudonymizer;
import se.tillit.pseudonymize.table.TableRunResult;

/**
 * Rows per second of table pseudonymisation (issue #4), on a generated 10 000-row table of ten
 * columns. The score is rows/s (one operation = one row). Policies: "all" applies every transform
 * (FF1 personnummer, HMAC, AES-SIV, date shift, generalisation, suppression); "hmac" only keyed
 * pseudonyms and generalisation; "fpe" only the FF1 personnummer column (the costliest transform).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PseudonymizeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PseudonymizeBenchmark {
  private static final int ROWS = 10_000;
  private static final String HEAD = "quasi_identifiers: [age, postcode, sex]\nsensitive: diagnosis\n"
      + "unlisted_columns: keep\ncolumns:\n";

  @Param({"all", "hmac", "fpe"})
  public String policy;

  private byte[] table;
  private TablePseudonymizer pseudonymizer;
  private Path dir;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("tillit-bench");
    Path ks = dir.resolve("keys.p12");
    char[] pw = "benchmark-only".toCharArray();
    try (TableKeyStore s = TableKeyStore.openOrCreate(ks, pw)) {
      s.generate("ff1", KeyPurpose.FF1_AES);
      s.generate("link", KeyPurpose.HMAC_SHA256);
      s.generate("siv", KeyPurpose.AES_SIV);
      s.save();
    }
    String columns;
    switch (policy) {
      case "all":
        columns = "  pnr: {transform: fpe, key: ff1, format: personnummer}\n"
            + "  name: {transform: hmac, key: link}\n"
            + "  email: {transform: encrypt, key: siv}\n"
            + "  visit: {transform: date_shift, key: link, person: pnr, max_days: 30}\n"
            + "  age: {transform: generalize, method: age_band, width: 10}\n"
            + "  postcode: {transform: generalize, method: postcode_prefix, digits: 2}\n"
            + "  income: {transform: generalize, method: round, step: 1000}\n"
            + "  phone: {transform: suppress}\n";
        break;
      case "hmac":
        columns = "  pnr: {transform: hmac, key: link, normalize: digits}\n"
            + "  name: {transform: hmac, key: link}\n"
            + "  email: {transform: hmac, key: link, normalize: lowercase}\n"
            + "  age: {transform: generalize, method: age_band, width: 10}\n"
            + "  postcode: {transform: generalize, method: postcode_prefix, digits: 2}\n"
            + "  phone: {transform: suppress}\n";
        break;
      default:
        columns = "  pnr: {transform: fpe, key: ff1, format: personnummer}\n";
        break;
    }
    try (TableKeyStore s = TableKeyStore.open(ks, pw)) {
      pseudonymizer = TablePseudonymizer.create(TablePolicy.parse(HEAD + columns, policy), s);
    }
    table = generate(ROWS, 1);
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long pseudonymizeRows() throws IOException {
    TableRunResult r =
        pseudonymizer.pseudonymize(new ByteArrayInputStream(table), OutputStream.nullOutputStream());
    return r.rows();
  }

  /** Synthetic rows with valid personnummer (Luhn check digit computed here). */
  static byte[] generate(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("pnr,name,email,visit,age,postcode,sex,income,phone,diagnosis\n");
    String[] dx = {"J45", "E11", "I10", "F32", "M54"};
    for (int i = 0; i < rows; i++) {
      LocalDate born = LocalDate.of(1930, 1, 1).plusDays(r.nextInt(30000));
      String nine = String.format(Locale.ROOT, "%02d%02d%02d%03d", born.getYear() % 100,
          born.getMonthValue(), born.getDayOfMonth(), r.nextInt(1000));
      sb.append(born.getYear() / 100).append(nine, 0, 6).append('-').append(nine, 6, 9)
          .append(luhn(nine)).append(",Person ").append(r.nextInt(50000)).append(",p").append(i)
          .append("@example.se,").append(LocalDate.of(2024, 1, 1).plusDays(r.nextInt(365)))
          .append(',').append(2024 - born.getYear()).append(',').append(10000 + r.nextInt(89999))
          .append(',').append(r.nextBoolean() ? "F" : "M").append(',').append(r.nextInt(900000))
          .append(",070-").append(1000000 + r.nextInt(8999999)).append(',').append(dx[r.nextInt(5)])
          .append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int luhn(String nine) {
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      int p = (nine.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += p > 9 ? p - 9 : p;
    }
    return (10 - sum % 10) % 10;
  }
}
