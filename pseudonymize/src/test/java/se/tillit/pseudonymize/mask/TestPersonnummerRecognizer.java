package se.tillit.pseudonymize.mask;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * TEST HELPER ONLY: 10- or 12-digit personnummer shapes (no date or check-digit validation),
 * standing in for the real rule recogniser.
 */
public final class TestPersonnummerRecognizer implements EntityRecognizer {
  private static final Pattern PNR = Pattern.compile("(?<!\\d)(?:\\d{2})?\\d{6}[-+]?\\d{4}(?!\\d)");

  @Override
  public String name() {
    return "test-personnummer";
  }

  @Override
  public Set<EntityType> types() {
    return Set.of(EntityType.PERSONNUMMER);
  }

  @Override
  public List<EntitySpan> recognize(String text) {
    List<EntitySpan> out = new ArrayList<>();
    Matcher m = PNR.matcher(text);
    while (m.find()) {
      out.add(new EntitySpan(m.start(), m.end(), EntityType.PERSONNUMMER, EntitySpan.RULE, 1.0));
    }
    return out;
  }
}
