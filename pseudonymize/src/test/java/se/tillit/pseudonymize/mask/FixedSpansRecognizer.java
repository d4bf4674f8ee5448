package se.tillit.pseudonymize.mask;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/** TEST HELPER ONLY: returns the spans it was given, whatever the text. */
public final class FixedSpansRecognizer implements EntityRecognizer {
  private final List<EntitySpan> spans;

  public FixedSpansRecognizer(List<EntitySpan> spans) {
    this.spans = List.copyOf(spans);
  }

  public FixedSpansRecognizer(EntitySpan... spans) {
    this(List.of(spans));
  }

  @Override
  public String name() {
    return "fixed";
  }

  @Override
  public Set<EntityType> types() {
    return EnumSet.allOf(EntityType.class);
  }

  @Override
  public List<EntitySpan> recognize(String text) {
    return spans;
  }
}
