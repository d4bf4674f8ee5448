package se.tillit.pseudonymize.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * The masking engine's own overhead: throughput of {@link TextMasker} with trivial recognisers, so
 * that the recognisers' cost can be judged apart. Run with {@code -P slow}; prints MB/s (UTF-8).
 */
@Tag("slow")
class TextMaskerThroughputTest {
  /** TEST HELPER ONLY: finds nothing. */
  static final class NothingRecognizer implements EntityRecognizer {
    @Override
    public String name() {
      return "nothing";
    }

    @Override
    public Set<EntityType> types() {
      return Set.of(EntityType.PERSON);
    }

    @Override
    public List<EntitySpan> recognize(String text) {
      return List.of();
    }
  }

  /** TEST HELPER ONLY: every occurrence of a fixed word, by indexOf (near-zero cost per span). */
  static final class WordRecognizer implements EntityRecognizer {
    private final String word;
    private final EntityType type;
    private final String source;

    WordRecognizer(String word, EntityType type, String source) {
      this.word = word;
      this.type = type;
      this.source = source;
    }

    @Override
    public String name() {
      return "word";
    }

    @Override
    public Set<EntityType> types() {
      return Set.of(type);
    }

    @Override
    public List<EntitySpan> recognize(String text) {
      List<EntitySpan> out = new ArrayList<>();
      for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
        out.add(new EntitySpan(i, i + word.length(), type, source, 0.9));
      }
      return out;
    }
  }

  @Test
  void throughput_trivialRecognizers_report() {
    StringBuilder sb = new StringBuilder();
    String[] names = {"Anna Svensson", "Erik Johansson", "Karin Lindqvist", "Mohammed Ali"};
    int i = 0;
    while (sb.length() < 4_000_000) {
      String n = names[i % names.length];
      sb.append("Ärende ").append(i).append(": ").append(n)
          .append(" ringde om sitt beslut från Försäkringskassan i Malmö. ")
          .append(n.substring(n.indexOf(' ') + 1)).append(" vill ha svar senast på fredag.\n");
      i++;
    }
    String text = sb.toString();
    double mb = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 1e6;
    TextMasker nothing = TextMasker.builder().addRecognizer(new NothingRecognizer()).build();
    TextMasker dense =
        TextMasker.builder()
            .addRecognizer(new WordRecognizer("Svensson", EntityType.PERSON, EntitySpan.MODEL))
            .addRecognizer(new WordRecognizer("Anna Svensson", EntityType.PERSON, EntitySpan.MODEL))
            .addRecognizer(new WordRecognizer("Malmö", EntityType.PLACE, EntitySpan.MODEL))
            .addRecognizer(
                new WordRecognizer("Försäkringskassan", EntityType.ORGANISATION, EntitySpan.MODEL))
            .build();
    for (TextMasker m : List.of(nothing, dense)) {
      double best = Double.MAX_VALUE;
      int spans = 0;
      for (int round = 0; round < 6; round++) {
        long t0 = System.nanoTime();
        MaskResult r = m.mask(text);
        long dt = System.nanoTime() - t0;
        spans = r.entities().size();
        if (round > 0) {
          best = Math.min(best, dt / 1e9);
        }
      }
      System.out.printf(Locale.ROOT, "TextMasker %s: %.2f MB in %.3f s = %.1f MB/s, %d entities%n",
          m.recognizers().size() == 1 ? "no-op recogniser" : "4 indexOf recognisers",
          mb, best, mb / best, spans);
      assertThat(mb / best).isGreaterThan(1.0);
    }
    double recognizersOnly = Double.MAX_VALUE;
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      for (EntityRecognizer r : dense.recognizers()) {
        r.recognize(text);
      }
      if (round > 0) {
        recognizersOnly = Math.min(recognizersOnly, (System.nanoTime() - t0) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "the 4 indexOf recognisers alone: %.3f s%n", recognizersOnly);
  }
}
