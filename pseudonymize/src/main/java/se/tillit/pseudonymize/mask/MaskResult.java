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

  /**
   * The result as plain maps and lists for a JSON writer: {@code text}, {@code entities} (each with
   * {@code type, start, end, placeholder, source, confidence, masked_start, masked_end}) and {@code
   * counts} (distinct entities per type). This is the shape of {@code tillit mask --json} and of
   * the masking service's answers.
   */
  public Map<String, Object> toJsonMap() {
    List<Map<String, Object>> list = new java.util.ArrayList<>(entities.size());
    for (MaskedEntity e : entities) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("type", e.type().name());
      m.put("start", e.start());
      m.put("end", e.end());
      m.put("placeholder", e.placeholder());
      m.put("source", e.source());
      m.put("confidence", e.confidence());
      m.put("masked_start", e.maskedStart());
      m.put("masked_end", e.maskedEnd());
      list.add(m);
    }
    Map<String, Object> counts = new java.util.LinkedHashMap<>();
    distinctCounts().forEach((t, n) -> counts.put(t.name(), n));
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("text", text);
    out.put("entities", list);
    out.put("counts", counts);
    return out;
  }

  @Override
  public String toString() {
    return "MaskResult{entities=" + entities.size() + ", maskedChars=" + text.length() + "}";
  }
}
