package se.tillit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import se.tillit.pseudonymize.mask.MaskResult;
import se.tillit.pseudonymize.mask.TextMasker;
import se.tillit.pseudonymize.ner.NerRecognizer;
import se.tillit.pseudonymize.rules.RuleRecognizer;

/**
 * Text masked per second on one core (one thread), rules only and rules plus the NER model.
 * Targets of issue #4: at least 1 MB/s with rules only, 100 KB/s with the model. The text is
 * generated here: Swedish case-note sentences with names, identifiers, phone numbers, e-mail and
 * addresses about every other sentence. MB/s = {@link #BYTES} / reported seconds per operation.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MaskingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
public class MaskingBenchmark {
  /** Size of the text masked by one operation (UTF-8 bytes, about 256 KiB). */
  public static final int BYTES = 256 * 1024;

  @Param({"rules", "rules+model"})
  public String recognizers;

  private TextMasker masker;
  private String text;

  @Setup
  public void setUp() throws Exception {
    TextMasker.Builder b = TextMasker.builder().addRecognizer(RuleRecognizer.create());
    if (recognizers.contains("model")) {
      b.addRecognizer(new NerRecognizer());
    }
    masker = b.build();
    text = swedishText(BYTES, 42);
  }

  @Benchmark
  public MaskResult mask() {
    return masker.mask(text);
  }

  private static final String[] FIRST = {"Anna", "Erik", "Maria", "Lars", "Karin", "Johan",
    "Eva", "Anders", "Sara", "Mikael", "Fatima", "Ahmed", "Linnea", "Oskar"};
  private static final String[] LAST = {"Andersson", "Johansson", "Karlsson", "Nilsson",
    "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lindqvist"};
  private static final String[] ORGS = {"Försäkringskassan", "Skatteverket", "Göteborgs stad",
    "Region Skåne", "Arbetsförmedlingen", "Volvo", "Migrationsverket"};
  private static final String[] PLACES = {"Göteborg", "Malmö", "Uppsala", "Luleå", "Stockholm",
    "Västerås", "Örebro"};
  private static final String[] FILLER = {
    "Ärendet har handlagts enligt gällande rutiner och beslut fattas inom fyra veckor.",
    "Den sökande har inkommit med kompletterande underlag den 12 mars.",
    "Handläggaren bedömer att rätten till ersättning kvarstår under perioden.",
    "Mötet avslutades efter en genomgång av budgeten för nästa år.",
    "Beslutet kan överklagas inom tre veckor från den dag då det delgavs."
  };

  /** Generated Swedish text of about {@code bytes} UTF-8 bytes; deterministic for a seed. */
  static String swedishText(int bytes, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    while (sb.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
      for (int i = 0; i < 50; i++) {
        String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
        switch (r.nextInt(6)) {
          case 0 -> sb.append(name).append(" (personnummer ").append(personnummer(r))
              .append(") har kontaktat ").append(ORGS[r.nextInt(ORGS.length)]).append(". ");
          case 1 -> sb.append("Ring ").append(name).append(" på 070-").append(100 + r.nextInt(900))
              .append(' ').append(10 + r.nextInt(90)).append(' ').append(10 + r.nextInt(90))
              .append(" eller mejla ").append(name.toLowerCase().replace(' ', '.'))
              .append("@exempel.se. ");
          case 2 -> sb.append(name).append(" bor på Storgatan ").append(1 + r.nextInt(80))
              .append(", ").append(100 + r.nextInt(900)).append(' ').append(10 + r.nextInt(90))
              .append(' ').append(PLACES[r.nextInt(PLACES.length)]).append(". ");
          default -> sb.append(FILLER[r.nextInt(FILLER.length)]).append(' ');
        }
      }
      sb.append("\n\n");
    }
    return sb.toString();
  }

  private static String personnummer(Random r) {
    String base = String.format("%02d%02d%02d%03d", 40 + r.nextInt(60), 1 + r.nextInt(12),
        1 + r.nextInt(28), r.nextInt(1000));
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      int v = (base.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += v / 10 + v % 10;
    }
    return base.substring(0, 6) + "-" + base.substring(6) + (10 - sum % 10) % 10;
  }
}
