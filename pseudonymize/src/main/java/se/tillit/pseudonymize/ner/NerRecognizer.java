package se.tillit.pseudonymize.ner;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * Finds names of people, organisations and places in Swedish text with a {@link NerModel}: the text
 * is split by the {@link Tokenizer}, every sentence is tagged, and each run of consecutive tokens
 * with the same tag becomes one span from the first token's start to the last token's end. PER,
 * ORG and LOC map to {@link EntityType#PERSON}, {@link EntityType#ORGANISATION} and {@link
 * EntityType#PLACE}; MISC is dropped. The confidence is the mean probability of the span's tokens.
 * Spans have source {@link EntitySpan#MODEL}.
 *
 * <p>Thread-safe; nothing of the text is kept or logged.
 */
public final class NerRecognizer implements EntityRecognizer {
  private static final Set<EntityType> TYPES =
      EnumSet.of(EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE);

  private final NerModel model;

  public NerRecognizer(NerModel model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null. Provided value: null");
    }
    this.model = model;
  }

  /**
   * A recogniser with the model shipped with Tillit; public so that {@link java.util.ServiceLoader}
   * can create it from {@code META-INF/services} (that is how {@code tillit mask} finds it).
   */
  public NerRecognizer() {
    this(NerModel.loadDefault());
  }

  /** A recogniser with the model shipped with Tillit. */
  public static NerRecognizer withDefaultModel() {
    return new NerRecognizer(NerModel.loadDefault());
  }

  public NerModel model() {
    return model;
  }

  @Override
  public String name() {
    return "ner";
  }

  @Override
  public Set<EntityType> types() {
    return TYPES;
  }

  @Override
  public List<EntitySpan> recognize(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null. Provided value: null");
    }
    List<List<Tokenizer.Token>> sentences = Tokenizer.sentences(text);
    List<List<String>> words = new ArrayList<>(sentences.size());
    for (List<Tokenizer.Token> s : sentences) {
      List<String> w = new ArrayList<>(s.size());
      for (Tokenizer.Token t : s) {
        w.add(t.text());
      }
      words.add(w);
    }
    List<List<TagPrediction>> tags = model.predictAll(words);
    List<EntitySpan> out = new ArrayList<>();
    for (int s = 0; s < sentences.size(); s++) {
      List<Tokenizer.Token> tokens = sentences.get(s);
      List<TagPrediction> p = tags.get(s);
      int i = 0;
      while (i < tokens.size()) {
        NerTag tag = p.get(i).tag();
        int j = i;
        double sum = 0;
        while (j < tokens.size() && p.get(j).tag() == tag) {
          sum += p.get(j).probability();
          j++;
        }
        Optional<EntityType> type = tag.entityType();
        if (type.isPresent()) {
          double confidence = Math.min(1.0, Math.max(0.0, sum / (j - i)));
          out.add(
              new EntitySpan(
                  tokens.get(i).start(),
                  tokens.get(j - 1).end(),
                  type.get(),
                  EntitySpan.MODEL,
                  confidence));
        }
        i = j;
      }
    }
    return out;
  }
}
