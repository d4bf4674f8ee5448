package se.tillit.pseudonymize.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads token-per-line NER files in the format of the Swedish NER corpus: UTF-8, one {@code
 * token<whitespace>tag} per line (tab or spaces), a blank line between sentences, tags {@code PER,
 * ORG, LOC, MISC} and {@code 0} (also {@code O}) for outside. The stray tag {@code bn} of the corpus
 * is ignored: a line holding only {@code bn} is skipped, and a token tagged {@code bn} counts as
 * outside.
 *
 * <p>Errors name the file and the line number, never the text of the line.
 */
public final class NerCorpus {
  private static final String STRAY = "bn";

  private NerCorpus() {}

  /** All sentences of {@code file}. */
  public static List<LabeledSentence> read(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("input file must not be null. Provided value: null");
    }
    String name = String.valueOf(file.getFileName());
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("input file " + name + " does not exist or is not a file");
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<LabeledSentence> out = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    List<NerTag> tags = new ArrayList<>();
    int lineNo = 0;
    try (BufferedReader r =
        new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (CharacterCodingException e) {
          throw new IllegalArgumentException(
              "input file " + name + " line " + (lineNo + 1) + ": not valid UTF-8");
        }
        if (line == null) {
          break;
        }
        lineNo++;
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        String s = line.strip();
        if (s.isEmpty()) {
          if (!tokens.isEmpty()) {
            out.add(new LabeledSentence(tokens, tags));
            tokens = new ArrayList<>();
            tags = new ArrayList<>();
          }
          continue;
        }
        if (s.equals(STRAY)) {
          continue;
        }
        int cut = lastWhitespace(s);
        if (cut < 0) {
          throw new IllegalArgumentException(
              "input file " + name + " line " + lineNo
                  + ": malformed line, expected a token, whitespace and a tag");
        }
        String token = s.substring(0, cut).strip();
        String label = s.substring(cut + 1);
        if (token.isEmpty() || containsWhitespace(token)) {
          throw new IllegalArgumentException(
              "input file " + name + " line " + lineNo
                  + ": malformed line, expected a token, whitespace and a tag");
        }
        NerTag tag;
        final int at = lineNo;
        if (label.equals(STRAY)) {
          tag = NerTag.O;
        } else {
          tag =
              NerTag.fromLabel(label)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "input file " + name + " line " + at
                                  + ": unknown tag; allowed tags are PER, ORG, LOC, MISC and 0"));
        }
        tokens.add(token);
        tags.add(tag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read input file " + name, e);
    }
    if (!tokens.isEmpty()) {
      out.add(new LabeledSentence(tokens, tags));
    }
    return out;
  }

  private static int lastWhitespace(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean containsWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
