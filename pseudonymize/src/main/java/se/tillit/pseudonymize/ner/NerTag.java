package se.tillit.pseudonymize.ner;

import java.util.Optional;
import se.tillit.pseudonymize.EntityType;

/**
 * The tags of the Swedish NER corpus (Webbnyheter 2012): one tag per token, no B-/I- prefixes, so an
 * entity is a run of consecutive tokens with the same tag. The order of the constants is the order
 * of the model's output units and is part of the model format.
 */
public enum NerTag {
  /** Outside any entity; written {@code 0} in the corpus. */
  O("0"),
  /** Person name. */
  PER("PER"),
  /** Organisation name. */
  ORG("ORG"),
  /** Place name. */
  LOC("LOC"),
  /** Other names (events, products, ...); learnt, but not masked. */
  MISC("MISC");

  private final String label;

  NerTag(String label) {
    this.label = label;
  }

  /** The tag as written in the corpus files. */
  public String label() {
    return label;
  }

  /** The masked entity type of this tag, if any: PER, ORG and LOC only. */
  public Optional<EntityType> entityType() {
    switch (this) {
      case PER:
        return Optional.of(EntityType.PERSON);
      case ORG:
        return Optional.of(EntityType.ORGANISATION);
      case LOC:
        return Optional.of(EntityType.PLACE);
      default:
        return Optional.empty();
    }
  }

  /** The tag written as {@code label} in a corpus file, or empty when it is not a known tag. */
  public static Optional<NerTag> fromLabel(String label) {
    for (NerTag t : values()) {
      if (t.label.equals(label)) {
        return Optional.of(t);
      }
    }
    if ("O".equals(label)) {
      return Optional.of(O);
    }
    return Optional.empty();
  }
}
