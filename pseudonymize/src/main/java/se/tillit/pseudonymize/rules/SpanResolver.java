package se.tillit.pseudonymize.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/** Resolves overlaps among the rule findings; see {@link RuleRecognizer}. */
final class SpanResolver {
  private SpanResolver() {}

  static List<EntitySpan> resolve(List<EntitySpan> found) {
    List<EntitySpan> sorted = new ArrayList<>(found);
    sorted.sort(
        Comparator.comparingInt(EntitySpan::length)
            .reversed()
            .thenComparing(Comparator.comparingDouble(EntitySpan::confidence).reversed())
            .thenComparingInt(EntitySpan::start));
    List<EntitySpan> kept = new ArrayList<>();
    outer:
    for (EntitySpan c : sorted) {
      for (EntitySpan k : kept) {
        if (k.overlaps(c) && !(contains(k, c) && nests(k.type(), c.type()))) {
          continue outer;
        }
      }
      kept.add(c);
    }
    kept.sort(Comparator.comparingInt(EntitySpan::start).thenComparingInt(EntitySpan::end));
    return kept;
  }

  private static boolean contains(EntitySpan outer, EntitySpan inner) {
    return outer.start() <= inner.start()
        && inner.end() <= outer.end()
        && outer.length() > inner.length();
  }

  private static boolean nests(EntityType outer, EntityType inner) {
    return (outer == EntityType.ADDRESS && inner == EntityType.POSTAL_CODE)
        || (outer == EntityType.BANK_ACCOUNT
            && (inner == EntityType.PERSONNUMMER
                || inner == EntityType.SAMORDNINGSNUMMER
                || inner == EntityType.INTERIM_NUMBER));
  }
}
