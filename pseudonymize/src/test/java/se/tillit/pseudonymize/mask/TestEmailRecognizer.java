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
 * TEST HELPER ONLY: a naive e-mail regex standing in for the real rule recogniser. Registered in
 * the test tree's META-INF/services so that {@link MaskerFactory} finds it in tests.
 */
public final class TestEmailRecognizer implements EntityRecognizer {
  private static final Pattern EMAIL =
      Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");

  @Override
  public String name() {
    return "test-email";
  }

  @Override
  public Set<EntityType> types() {
    return Set.of(EntityType.EMAIL);
  }

  @Override
  public List<EntitySpan> recognize(String text) {
    List<EntitySpan> out = new ArrayList<>();
    Matcher m = EMAIL.matcher(text);
    while (m.find()) {
      out.add(new EntitySpan(m.start(), m.end(), EntityType.EMAIL, EntitySpan.RULE, 1.0));
    }
    return out;
  }
}
