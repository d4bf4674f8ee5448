package se.tillit.pseudonymize.mask;

import se.tillit.pseudonymize.EntityType;

/** How a masked entity is written in the output text. */
public enum PlaceholderStyle {
  /**
   * The type and a number that is consistent within one document: {@code [PERSON_1]},
   * {@code [PERSONNUMMER_2]}. The same entity gets the same number every time it occurs, so the
   * masked text can still be read ("[PERSON_1] met [PERSON_2]; later [PERSON_1] called").
   */
  NUMBERED,
  /**
   * The type only: {@code [PERSON]}. Hides even which mentions refer to the same entity; the
   * result's entities still carry the numbered placeholder.
   */
  TYPE_ONLY;

  /** The text written in place of an entity of {@code type} with document-wide number {@code n}. */
  public String format(EntityType type, int n) {
    return this == NUMBERED ? "[" + type.name() + "_" + n + "]" : "[" + type.name() + "]";
  }
}
