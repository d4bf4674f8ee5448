package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerCorpusTest {
  @TempDir Path dir;

  private Path write(String content) throws Exception {
    Path p = dir.resolve("corpus.tsv");
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void read_tabsSpacesBlankLinesAndStrayTag_parses() throws Exception {
    Path p = write("Gunhild\tPER\nWestman    PER\nbor\t0\n\n\nbn\ni 0\nUppsala\tLOC\n.\tbn\n");
    List<LabeledSentence> s = NerCorpus.read(p);
    assertThat(s).hasSize(2);
    assertThat(s.get(0).tokens()).containsExactly("Gunhild", "Westman", "bor");
    assertThat(s.get(0).tags()).containsExactly(NerTag.PER, NerTag.PER, NerTag.O);
    assertThat(s.get(1).tokens()).containsExactly("i", "Uppsala", ".");
    assertThat(s.get(1).tags()).containsExactly(NerTag.O, NerTag.LOC, NerTag.O);
    assertThat(s.get(0).toString()).doesNotContain("Gunhild");
  }

  @Test
  void read_missingFile_namesFile() {
    assertThatThrownBy(() -> NerCorpus.read(dir.resolve("nope.tsv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.tsv");
  }

  @Test
  void read_lineWithoutTag_namesFileAndLineButNotToken() throws Exception {
    Path p = write("Anna\tPER\n\nHemligtnamn\n");
    assertThatThrownBy(() -> NerCorpus.read(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corpus.tsv")
        .hasMessageContaining("line 3")
        .hasMessageNotContaining("Hemligtnamn");
  }

  @Test
  void read_unknownTag_namesFileAndLineButNotTokenOrTag() throws Exception {
    Path p = write("Anna\tPER\nSvensson\tPERSONNAMN\n");
    assertThatThrownBy(() -> NerCorpus.read(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corpus.tsv")
        .hasMessageContaining("line 2")
        .hasMessageContaining("unknown tag")
        .hasMessageNotContaining("Svensson")
        .hasMessageNotContaining("PERSONNAMN");
  }

  @Test
  void read_invalidUtf8_namesLine() throws Exception {
    Path p = dir.resolve("latin1.tsv");
    Files.write(p, "a\t0\nG\u00f6ran\tPER\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> NerCorpus.read(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latin1.tsv")
        .hasMessageContaining("UTF-8");
  }
}
