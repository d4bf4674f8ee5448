package se.tillit.pseudonymize.mask.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;

/**
 * Turns the possibly overlapping findings of several recognisers into non-overlapping spans.
 *
 * <p>Policy, in this order:
 *
 * <ol>
 *   <li><b>Same type, merged.</b> Spans of the same type that overlap or touch are merged into
 *       their union. Name spans ({@code PERSON}, {@code ORGANISATION}, {@code PLACE}) are also merged
 *       across a gap of at most {@value #MAX_NAME_GAP} spaces or tabs (no line break), so a model
 *       that tags "Anna" and "Svensson" separately still yields one person. The merged span takes
 *       the source of its highest-ranked member and the highest confidence.
 *   <li><b>Ranking.</b> Spans are ranked: (a) a {@code rule} span of an identifier type (every
 *       type except the three name types) before anything else; (b) the longer span; (c) the
 *       higher confidence; (d) the earlier start; (e) the type's declaration order.
 *   <li><b>Greedy, keeping what would leak.</b> Spans are taken in rank order. A span that overlaps
 *       spans already taken is not dropped outright: the parts of it not yet covered are kept as
 *       spans of its own type if they still contain a letter or digit (trimmed of surrounding
 *       whitespace and punctuation). So a personnummer found by the rules inside a span that the
 *       model tagged as a person yields the personnummer and the rest of the name, and nothing a
 *       recogniser found is left unmasked.
 * </ol>
 *
 * <p>The result is sorted by start and non-overlapping.
 */
public final class OverlapResolver {
  /** Longest run of spaces/tabs across which two name spans of one type are merged. */
  public static final int MAX_NAME_GAP = 2;

  private static final Comparator<EntitySpan> RANK =
      Comparator.comparing((EntitySpan s) -> ruleIdentifier(s) ? 0 : 1)
          .thenComparing(EntitySpan::length, Comparator.reverseOrder())
          .thenComparing(EntitySpan::confidence, Comparator.reverseOrder())
          .thenComparingInt(EntitySpan::start)
          .thenComparing(EntitySpan::type);

  private OverlapResolver() {}

  /** True for PERSON, ORGANISATION and PLACE. */
  public static boolean isNameType(EntityType t) {
    return t == EntityType.PERSON || t == EntityType.ORGANISATION || t == EntityType.PLACE;
  }

  private static boolean ruleIdentifier(EntitySpan s) {
    return !isNameType(s.type()) && EntitySpan.RULE.equals(s.source());
  }

  /** Resolves {@code spans} (all inside {@code text}) as documented on the class. */
  public static List<EntitySpan> resolve(CharSequence text, List<EntitySpan> spans) {
    if (spans.isEmpty()) {
      return List.of();
    }
    List<EntitySpan> merged = mergeSameType(text, spans);
    merged.sort(RANK);
    TreeMap<Integer, Integer> taken = new TreeMap<>();
    List<EntitySpan> out = new ArrayList<>();
    for (EntitySpan s : merged) {
      if (!overlapsTaken(taken, s.start(), s.end())) {
        take(taken, out, s);
        continue;
      }
      for (int[] piece : uncovered(taken, s.start(), s.end())) {
        int a = piece[0];
        int b = piece[1];
        while (a < b && !Character.isLetterOrDigit(text.charAt(a))) {
          a++;
        }
        while (b > a && !Character.isLetterOrDigit(text.charAt(b - 1))) {
          b--;
        }
        if (a < b) {
          take(taken, out, new EntitySpan(a, b, s.type(), s.source(), s.confidence()));
        }
      }
    }
    out.sort(Comparator.comparingInt(EntitySpan::start));
    return out;
  }

  private static void take(TreeMap<Integer, Integer> taken, List<EntitySpan> out, EntitySpan s) {
    taken.put(s.start(), s.end());
    out.add(s);
  }

  private static boolean overlapsTaken(TreeMap<Integer, Integer> taken, int start, int end) {
    Map.Entry<Integer, Integer> before = taken.floorEntry(start);
    if (before != null && before.getValue() > start) {
      return true;
    }
    Integer next = taken.ceilingKey(start);
    return next != null && next < end;
  }

  /** The sub-ranges of [start, end) not covered by any taken interval. */
  private static List<int[]> uncovered(TreeMap<Integer, Integer> taken, int start, int end) {
    List<int[]> pieces = new ArrayList<>();
    int pos = start;
    Map.Entry<Integer, Integer> before = taken.floorEntry(start);
    if (before != null && before.getValue() > pos) {
      pos = before.getValue();
    }
    for (Map.Entry<Integer, Integer> e : taken.subMap(start, true, end, false).entrySet()) {
      if (e.getKey() > pos) {
        pieces.add(new int[] {pos, e.getKey()});
      }
      pos = Math.max(pos, e.getValue());
    }
    if (pos < end) {
      pieces.add(new int[] {pos, end});
    }
    return pieces;
  }

  private static List<EntitySpan> mergeSameType(CharSequence text, List<EntitySpan> spans) {
    List<EntitySpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(EntitySpan::type).thenComparingInt(EntitySpan::start));
    List<EntitySpan> out = new ArrayList<>();
    EntitySpan cur = null;
    for (EntitySpan s : sorted) {
      if (cur != null && cur.type() == s.type() && joins(text, cur, s)) {
        EntitySpan best = RANK.compare(cur, s) <= 0 ? cur : s;
        cur =
            new EntitySpan(
                cur.start(),
                Math.max(cur.end(), s.end()),
                cur.type(),
                best.source(),
                Math.max(cur.confidence(), s.confidence()));
      } else {
        if (cur != null) {
          out.add(cur);
        }
        cur = s;
      }
    }
    out.add(cur);
    return out;
  }

  /** Whether {@code next} (starting at or after {@code cur}'s start) joins {@code cur}. */
  private static boolean joins(CharSequence text, EntitySpan cur, EntitySpan next) {
    if (next.start() <= cur.end()) {
      return true;
    }
    if (!isNameType(cur.type()) || next.start() - cur.end() > MAX_NAME_GAP) {
      return false;
    }
    for (int i = cur.end(); i < next.start(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\u00a0') {
        return false;
      }
    }
    return true;
  }
}
