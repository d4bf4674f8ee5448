package se.tillit.cli.mask;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * TEST HELPERS ONLY: stand-ins for the real recognisers, registered in this test tree's
 * META-INF/services so that {@code tillit mask} finds them through MaskerFactory.
 */
public final class TestRecognizers {
  private TestRecognizers() {}

  private abstract static class RegexRecognizer implements EntityRecognizer {
    private final Pattern pattern;
    private final EntityType type;
    private final String source;
    private final double confidence;

    RegexRecognizer(String regex, EntityType type, String source, double confidence) {
      this.pattern = Pattern.compile(regex);
      this.type = type;
      this.source = source;
      this.confidence = confidence;
    }

    @Override
    public Set<EntityType> types() {
      return EnumSet.of(type);
    }

    @Override
    public List<EntitySpan> recognize(String text) {
      List<EntitySpan> out = new ArrayList<>();
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        out.add(new EntitySpan(m.start(), m.end(), type, source, confidence));
      }
      return out;
    }
  }

  /** TEST HELPER: naive e-mail regex (rule). */
  public static final class Email extends RegexRecognizer {
    public Email() {
      super("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+", EntityType.EMAIL,
          EntitySpan.RULE, 1.0);
    }

    @Override
    public String name() {
      return "test-email";
    }
  }

  /** TEST HELPER: personnummer shapes without validation (rule). */
  public static final class Personnummer extends RegexRecognizer {
    public Personnummer() {
      super("(?<!\\d)(?:\\d{2})?\\d{6}[-+]?\\d{4}(?!\\d)", EntityType.PERSONNUMMER, EntitySpan.RULE,
          1.0);
    }

    @Override
    public String name() {
      return "test-personnummer";
    }
  }

  /** TEST HELPER: a few fixed person names (model). */
  public static final class Names extends RegexRecognizer {
    public Names() {
      super("(?<!\\p{L})(?:Anna Svensson|Erik Johansson|Svensson|Johansson)(?!\\p{L})",
          EntityType.PERSON, EntitySpan.MODEL, 0.9);
    }

    @Override
    public String name() {
      return "test-names";
    }
  }
}
