package se.tillit.pseudonymize;

import java.util.List;

/**
 * Finds entities in text. Implementations: the rule-based recogniser for identifiers, e-mail,
 * phone numbers and addresses, and the NER model for names of people, organisations and places.
 * A masking engine runs several and resolves overlaps.
 *
 * <p>Implementations are thread-safe and keep nothing of the text after returning.
 */
public interface EntityRecognizer {
  /** A short name for reports, e.g. {@code "rules"} or {@code "ner"}. */
  String name();

  /** The entity types this recogniser can find. */
  java.util.Set<EntityType> types();

  /** All entities found in {@code text}, in any order; overlapping spans are allowed. */
  List<EntitySpan> recognize(String text);
}
