package se.tillit.pseudonymize.mask.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * Numbers the entities of one document so that the same entity gets the same number.
 *
 * <p>Two mentions are the same entity when they have the same type and the same {@link SurfaceKey}.
 * Numbers count from 1 per type in order of first appearance. Two further rules for people:
 *
 * <ul>
 *   <li><b>Surname alone.</b> A one-word PERSON mention equal to the last word of a multi-word
 *       PERSON name that occurred EARLIER gets that person's number, provided exactly one distinct
 *       multi-word name in the whole document ends with that word. With "Anna Svensson" and "Erik
 *       Svensson" both present, a lone "Svensson" is ambiguous and gets a number of its own; so
 *       does a surname that appears before any full name.
 *   <li><b>Swedish genitive.</b> A name mention ending in "s" that is not itself known maps to the
 *       known entity without the "s" ("Anna Svenssons" after "Anna Svensson"; a lone "Svenssons"
 *       follows the surname rule with "Svensson").
 * </ul>
 */
public final class PlaceholderAssigner {
  private PlaceholderAssigner() {}

  /** The document-wide number of each span, in the order of {@code spans} (sorted by start). */
  public static int[] assign(CharSequence text, List<EntitySpan> spans) {
    // Pass 1: multi-word person names, by last word, with their first occurrence.
    Map<String, Set<String>> fullNamesBySurname = new HashMap<>();
    Map<String, Integer> firstFullNameStart = new HashMap<>();
    String[] keys = new String[spans.size()];
    for (int i = 0; i < spans.size(); i++) {
      EntitySpan s = spans.get(i);
      keys[i] = SurfaceKey.of(s.type(), text.subSequence(s.start(), s.end()));
      if (s.type() == EntityType.PERSON) {
        int space = keys[i].lastIndexOf(' ');
        if (space > 0) {
          fullNamesBySurname
              .computeIfAbsent(keys[i].substring(space + 1), k -> new HashSet<>())
              .add(keys[i]);
          firstFullNameStart.putIfAbsent(keys[i], s.start());
        }
      }
    }
    // Pass 2: numbers in document order.
    Map<EntityType, Map<String, Integer>> numbers = new EnumMap<>(EntityType.class);
    int[] out = new int[spans.size()];
    for (int i = 0; i < spans.size(); i++) {
      EntitySpan s = spans.get(i);
      Map<String, Integer> known = numbers.computeIfAbsent(s.type(), t -> new HashMap<>());
      String key = keys[i];
      if (s.type() == EntityType.PERSON && key.indexOf(' ') < 0) {
        String full = uniqueEarlierFullName(key, s.start(), fullNamesBySurname, firstFullNameStart);
        if (full == null && key.length() > 2 && key.endsWith("s")) {
          full =
              uniqueEarlierFullName(
                  key.substring(0, key.length() - 1),
                  s.start(),
                  fullNamesBySurname,
                  firstFullNameStart);
        }
        if (full != null) {
          key = full;
        }
      }
      if (!known.containsKey(key)
          && OverlapResolver.isNameType(s.type())
          && key.length() > 2
          && key.endsWith("s")
          && known.containsKey(key.substring(0, key.length() - 1))) {
        key = key.substring(0, key.length() - 1);
      }
      Integer n = known.get(key);
      if (n == null) {
        n = known.size() + 1;
        known.put(key, n);
      }
      out[i] = n;
    }
    return out;
  }

  private static String uniqueEarlierFullName(
      String surname,
      int start,
      Map<String, Set<String>> fullNamesBySurname,
      Map<String, Integer> firstFullNameStart) {
    Set<String> names = fullNamesBySurname.get(surname);
    if (names == null || names.size() != 1) {
      return null;
    }
    String full = names.iterator().next();
    return firstFullNameStart.get(full) < start ? full : null;
  }
}
