package se.tillit.pseudonymize.mask;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import se.tillit.pseudonymize.EntityType;

/**
 * The outcome of masking one document: the masked text and the entities, ordered by position.
 *
 * <p>{@link #toString()} gives counts only, never text.
 */
public final class MaskResult {
  private final String text;
  private final List<MaskedEntity> entities;

  MaskResult(String text, List<MaskedEntity> entities) {
    this.text = text;
    this.entities = List.copyOf(entities);
  }

  /** The masked text: the original with every entity replaced by its placeholder. */
  public String text() {
    return text;
  }

  /** The masked entities in document order, non-overlapping. */
  public List<MaskedEntity> entities() {
    return entities;
  }

  /** Number of distinct entities (placeholders) per type. */
  public Map<EntityType, Integer> distinctCounts() {
    Map<EntityType, java.util.Set<String>> seen = new EnumMap<>(EntityType.class);
    for (MaskedEntity e : entities) {
      seen.computeIfAbsent(e.type(), t -> new java.util.HashSet<>()).add(e.placeholder());
    }
    Map<EntityType, Integer> counts = new EnumMap<>(EntityType.class);
    seen.forEach((t, s) -> counts.put(t, s.size()));
    return counts;
  }

  @Override
  public String toString() {
    return "MaskResult{entities=" + entities.size() + ", maskedChars=" + text.length() + "}";
  }
}
