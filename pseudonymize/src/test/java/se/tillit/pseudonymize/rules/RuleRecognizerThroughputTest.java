package se.tillit.pseudonymize.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.EntitySpan;

/**
 * Measures (does not assert) the recogniser's speed on Swedish news text from
 * {@code shared/data/swedish-ner/train.tsv}, with identifiers sprinkled in, on one thread.
 */
@Tag("slow")
class RuleRecognizerThroughputTest {

  @Test
  void recognize_swedishNewsText_reportsMegabytesPerSecond() throws IOException {
    Path tsv = find("shared/data/swedish-ner/train.tsv");
    StringBuilder b = new StringBuilder();
    int sentences = 0;
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        b.append(++sentences % 20 == 0
            ? " Kontakt: tel 070-123 45 67, pnr 811218-9876, Storgatan 12, 123 45 Stockholm.\n"
            : "\n");
        continue;
      }
      b.append(line, 0, line.indexOf('\t') < 0 ? line.length() : line.indexOf('\t')).append(' ');
    }
    String text = b.toString();
    RuleRecognizer rules = RuleRecognizer.create();
    rules.recognize(text); // warm-up
    rules.recognize(text);
    long t0 = System.nanoTime();
    int rounds = 3;
    int found = 0;
    for (int i = 0; i < rounds; i++) {
      List<EntitySpan> spans = rules.recognize(text);
      found = spans.size();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double mb = text.getBytes(StandardCharsets.UTF_8).length * (double) rounds / 1e6;
    System.out.printf(
        "RuleRecognizer: %.2f MB in %.2f s = %.2f MB/s, %d spans per pass%n",
        mb, seconds, mb / seconds, found);
    assertThat(found).isGreaterThan(0);
  }

  private static Path find(String rel) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path p = dir.resolve(rel);
      if (Files.exists(p)) {
        return p;
      }
      dir = dir.getParent();
    }
    assumeTrue(false, rel + " not found");
    return null;
  }
}
