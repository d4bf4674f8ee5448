package se.tillit.pseudonymize.ner;

import java.util.List;

/**
 * One sentence of a token-per-line corpus: tokens and their gold tags, of equal length. {@link
 * #toString()} gives only the length, never the tokens.
 */
public record LabeledSentence(List<String> tokens, List<NerTag> tags) {
  public LabeledSentence {
    tokens = List.copyOf(tokens);
    tags = List.copyOf(tags);
    if (tokens.size() != tags.size()) {
      throw new IllegalArgumentException(
          "tags must have as many entries as tokens (" + tokens.size() + "). Provided value: "
              + tags.size());
    }
  }

  public int size() {
    return tokens.size();
  }

  @Override
  public String toString() {
    return "LabeledSentence{tokens=" + tokens.size() + "}";
  }
}
