package se.tillit.pseudonymize.mask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * TEST HELPER ONLY: a tiny gazetteer standing in for the NER model. Finds the listed names as whole
 * words (longest first, with an optional genitive "s") and reports them with source "model" and
 * confidence 0.9.
 */
public final class TestNameRecognizer implements EntityRecognizer {
  /** The default dictionary used when created by ServiceLoader. */
  public static final Map<String, EntityType> DEFAULT_NAMES = defaults();

  private final Map<String, EntityType> names;
  private final Pattern pattern;

  public TestNameRecognizer() {
    this(DEFAULT_NAMES);
  }

  public TestNameRecognizer(Map<String, EntityType> names) {
    this.names = Map.copyOf(names);
    String alternation =
        names.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    this.pattern = Pattern.compile("(?<![\\p{L}\\p{N}])(" + alternation + ")s?(?![\\p{L}\\p{N}])");
  }

  private static Map<String, EntityType> defaults() {
    Map<String, EntityType> m = new LinkedHashMap<>();
    for (String p :
        List.of("Anna Svensson", "Erik Johansson", "Karin Lindqvist", "Svensson", "Johansson",
            "Lindqvist", "Anna", "Erik", "Karin", "Mohammed Ali", "Ali")) {
      m.put(p, EntityType.PERSON);
    }
    for (String p : List.of("Malmö", "Göteborg", "Stockholm", "Kiruna")) {
      m.put(p, EntityType.PLACE);
    }
    for (String o : List.of("Försäkringskassan", "Skatteverket", "Malmö stad")) {
      m.put(o, EntityType.ORGANISATION);
    }
    return Map.copyOf(m);
  }

  @Override
  public String name() {
    return "test-names";
  }

  @Override
  public Set<EntityType> types() {
    return EnumSet.of(EntityType.PERSON, EntityType.PLACE, EntityType.ORGANISATION);
  }

  @Override
  public List<EntitySpan> recognize(String text) {
    List<EntitySpan> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      EntityType t = names.get(m.group(1));
      out.add(new EntitySpan(m.start(), m.end(), t, EntitySpan.MODEL, 0.9));
    }
    return out;
  }
}
