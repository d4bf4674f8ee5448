package se.tillit.pseudonymize.mask;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;
import se.tillit.pseudonymize.mask.internal.OverlapResolver;
import se.tillit.pseudonymize.mask.internal.PlaceholderAssigner;

/**
 * Masks personal data in text: runs every recogniser, resolves overlapping findings and replaces
 * each entity by a typed placeholder that is consistent within the document.
 *
 * <p><b>Overlaps</b> are resolved as documented on {@link OverlapResolver}: same-type spans that
 * overlap or touch are merged; then a rule finding of an identifier type beats a model finding,
 * then the longer span, then the higher confidence; the uncovered rest of a losing span stays
 * masked.
 *
 * <p><b>Placeholders</b> are numbered per type in order of first appearance; the same entity (same
 * type and same normalised text: case and whitespace for names, the digits for identifiers, so
 * {@code 19850101-1234} and {@code 850101-1234} are one personnummer) gets the same number. A
 * surname alone after the full name maps to that person when unambiguous; see {@link
 * PlaceholderAssigner} for the exact rules.
 *
 * <p>Immutable and thread-safe when its recognisers are. It logs nothing and keeps nothing of the
 * text after {@link #mask} returns.
 */
public final class TextMasker {
  private final List<EntityRecognizer> recognizers;
  private final Set<EntityType> enabledTypes;
  private final PlaceholderStyle style;

  private TextMasker(Builder b) {
    this.recognizers = List.copyOf(b.recognizers);
    this.enabledTypes = b.enabledTypes.isEmpty() ? Set.of() : EnumSet.copyOf(b.enabledTypes);
    this.style = b.style;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The recognisers, in the order they run. */
  public List<EntityRecognizer> recognizers() {
    return recognizers;
  }

  /** The types this masker masks: enabled and found by at least one recogniser. */
  public Set<EntityType> maskedTypes() {
    EnumSet<EntityType> found = EnumSet.noneOf(EntityType.class);
    for (EntityRecognizer r : recognizers) {
      found.addAll(r.types());
    }
    found.retainAll(enabledTypes);
    return found;
  }

  public PlaceholderStyle placeholderStyle() {
    return style;
  }

  /** Masks {@code text} for every enabled type. */
  public MaskResult mask(String text) {
    return mask(text, enabledTypes);
  }

  /**
   * Masks {@code text} for the enabled types that are also in {@code types} (a request may narrow
   * the set, never widen it). An empty text gives an empty result.
   *
   * @throws IllegalArgumentException if {@code text} or {@code types} is null
   * @throws IllegalStateException if a recogniser fails or returns a span outside the text
   */
  public MaskResult mask(String text, Set<EntityType> types) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null. Provided value: null");
    }
    if (types == null) {
      throw new IllegalArgumentException("types must not be null. Provided value: null");
    }
    EnumSet<EntityType> wanted = EnumSet.noneOf(EntityType.class);
    wanted.addAll(enabledTypes);
    wanted.retainAll(types);
    if (text.isEmpty() || wanted.isEmpty()) {
      return new MaskResult(text, List.of());
    }
    List<EntitySpan> found = new ArrayList<>();
    for (EntityRecognizer r : recognizers) {
      if (java.util.Collections.disjoint(r.types(), wanted)) {
        continue;
      }
      List<EntitySpan> spans;
      try {
        spans = r.recognize(text);
      } catch (RuntimeException e) {
        // The recogniser's own message is not repeated: it might quote the text.
        throw new IllegalStateException(
            "recogniser '" + r.name() + "' failed with " + e.getClass().getName(), e);
      }
      for (EntitySpan s : spans) {
        if (s.end() > text.length()) {
          throw new IllegalStateException(
              "recogniser '" + r.name() + "' returned a span outside the text: ["
                  + s.start() + ", " + s.end() + ") for length " + text.length());
        }
        if (wanted.contains(s.type())) {
          found.add(s);
        }
      }
    }
    List<EntitySpan> resolved = OverlapResolver.resolve(text, found);
    int[] numbers = PlaceholderAssigner.assign(text, resolved);
    StringBuilder masked = new StringBuilder(text.length());
    List<MaskedEntity> entities = new ArrayList<>(resolved.size());
    int pos = 0;
    for (int i = 0; i < resolved.size(); i++) {
      EntitySpan s = resolved.get(i);
      masked.append(text, pos, s.start());
      String shown = style.format(s.type(), numbers[i]);
      int maskedStart = masked.length();
      masked.append(shown);
      entities.add(
          new MaskedEntity(
              s.type(),
              s.start(),
              s.end(),
              PlaceholderStyle.NUMBERED.format(s.type(), numbers[i]),
              s.source(),
              s.confidence(),
              maskedStart,
              masked.length()));
      pos = s.end();
    }
    masked.append(text, pos, text.length());
    return new MaskResult(masked.toString(), entities);
  }

  @Override
  public String toString() {
    List<String> names = recognizers.stream().map(EntityRecognizer::name).toList();
    return "TextMasker{recognizers=" + names + ", types=" + maskedTypes() + ", style=" + style + "}";
  }

  /** Builds a {@link TextMasker}. Defaults: all types enabled, {@link PlaceholderStyle#NUMBERED}. */
  public static final class Builder {
    private final List<EntityRecognizer> recognizers = new ArrayList<>();
    private Set<EntityType> enabledTypes = EnumSet.allOf(EntityType.class);
    private PlaceholderStyle style = PlaceholderStyle.NUMBERED;

    private Builder() {}

    public Builder addRecognizer(EntityRecognizer recognizer) {
      if (recognizer == null) {
        throw new IllegalArgumentException("recognizer must not be null. Provided value: null");
      }
      recognizers.add(recognizer);
      return this;
    }

    public Builder addRecognizers(Collection<? extends EntityRecognizer> all) {
      if (all == null) {
        throw new IllegalArgumentException("recognizers must not be null. Provided value: null");
      }
      all.forEach(this::addRecognizer);
      return this;
    }

    /** Only these types are masked (default: all). Must not be empty. */
    public Builder enabledTypes(Collection<EntityType> types) {
      if (types == null || types.isEmpty() || types.stream().anyMatch(t -> t == null)) {
        throw new IllegalArgumentException(
            "enabledTypes must be a non-empty set of entity types. Provided value: " + types);
      }
      this.enabledTypes = EnumSet.copyOf(types);
      return this;
    }

    public Builder placeholderStyle(PlaceholderStyle style) {
      if (style == null) {
        throw new IllegalArgumentException("placeholderStyle must not be null. Provided value: null");
      }
      this.style = style;
      return this;
    }

    /**
     * @throws IllegalStateException if no recogniser was added
     */
    public TextMasker build() {
      if (recognizers.isEmpty()) {
        throw new IllegalStateException("recognizers was never set: add at least one recogniser");
      }
      return new TextMasker(this);
    }
  }
}
