package se.tillit.pseudonymize.ner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import se.tillit.pseudonymize.ner.internal.FeatureHasher;

/**
 * Training-data augmentation for person names: copies of the sentences that contain a person name,
 * with each name replaced by another one. Half of the replacements come from the project's name
 * lists, half are new names that no list contains, made by a character model of order 3 over the
 * lists (so they look like names of many origins without being any listed name) and refused when
 * they are an ordinary word of the training data (a lower-case token there). The model therefore
 * sees the same contexts ("säger X", "X har") with names it cannot have memorised, and learns to
 * find a name from its context and form, which is what unseen names in new text need.
 *
 * <p>Structure is kept: lower-case particles ("von", "de"), initials ("W", "G.") and tokens that
 * are not letters stay; the last word of a name of two or more words becomes a surname, the
 * others given names; a one-word name becomes a surname with probability 0.6; a genitive ("s" or
 * ":s" after a name that is listed without it) is kept; all capitals stay all capitals. The output
 * depends only on the input and the {@link Random}.
 */
final class NameSubstitution {
  private static final int ORDER = 3;
  private static final char START = '^';
  private static final char END = '$';

  private final List<String> given;
  private final List<String> surnames;
  private final Set<String> listed;
  private final Map<String, Map<Character, Integer>> givenModel;
  private final Map<String, Map<Character, Integer>> surnameModel;
  private final Set<String> ordinaryWords;
  /** With mention swaps: the training data's own mentions of each type but PER, by type. */
  private final Map<NerTag, List<List<String>>> mentions;

  private NameSubstitution(Set<String> ordinaryWords, Map<NerTag, List<List<String>>> mentions) {
    this.given = sorted(FeatureHasher.givenNames());
    this.surnames = sorted(FeatureHasher.surnames());
    this.listed = new HashSet<>(given);
    this.listed.addAll(surnames);
    this.givenModel = charModel(given);
    this.surnameModel = charModel(surnames);
    this.ordinaryWords = ordinaryWords;
    this.mentions = mentions;
  }

  /**
   * The training sentences followed by {@code copies} substituted copies of each sentence that has
   * a person name; {@code copies} in [0, 10].
   */
  static List<LabeledSentence> augment(List<LabeledSentence> train, int copies, Random random) {
    return augment(train, copies, false, random);
  }

  /**
   * As {@link #augment(List, int, Random)}; with {@code swapMentions}, copies are made of every
   * sentence with an entity of any type, and each organisation, place or other mention in a copy
   * is replaced by a mention of the same type drawn from the training data (mention replacement),
   * so that the contexts of the other types grow as much as those of person names.
   */
  static List<LabeledSentence> augment(
      List<LabeledSentence> train, int copies, boolean swapMentions, Random random) {
    if (copies < 0 || copies > 10) {
      throw new IllegalArgumentException(
          "name copies must be >= 0 and <= 10. Provided value: " + copies);
    }
    if (copies == 0) {
      return train;
    }
    Set<String> ordinary = new HashSet<>();
    for (LabeledSentence s : train) {
      for (String t : s.tokens()) {
        if (!t.isEmpty() && t.equals(t.toLowerCase(Locale.ROOT))) {
          ordinary.add(t);
        }
      }
    }
    Map<NerTag, List<List<String>>> mentions = new java.util.EnumMap<>(NerTag.class);
    List<LabeledSentence> copied = new ArrayList<>();
    for (LabeledSentence s : train) {
      Set<NerEvaluator.Span> spans = NerEvaluator.spans(s.tags());
      if (swapMentions) {
        for (NerEvaluator.Span sp : spans) {
          if (sp.tag() != NerTag.PER) {
            mentions.computeIfAbsent(sp.tag(), k -> new ArrayList<>())
                .add(List.copyOf(s.tokens().subList(sp.start(), sp.end())));
          }
        }
      }
      if (swapMentions ? !spans.isEmpty() : s.tags().contains(NerTag.PER)) {
        copied.add(s);
      }
    }
    NameSubstitution sub = new NameSubstitution(ordinary, mentions);
    List<LabeledSentence> out = new ArrayList<>(train);
    for (int c = 0; c < copies; c++) {
      for (LabeledSentence s : copied) {
        out.add(sub.substitute(s, random));
      }
    }
    return out;
  }

  /**
   * {@code s} with each person name replaced and, with mention swaps, each other mention replaced
   * by one drawn from the training data.
   */
  LabeledSentence substitute(LabeledSentence s, Random random) {
    List<String> tokens = new ArrayList<>();
    List<NerTag> tags = new ArrayList<>();
    List<String> in = s.tokens();
    List<NerTag> inTags = s.tags();
    int i = 0;
    while (i < in.size()) {
      NerTag type = inTags.get(i);
      int j = i + 1;
      while (j < in.size() && inTags.get(j) == type) {
        j++;
      }
      List<List<String>> pool = mentions.get(type);
      if (type != NerTag.PER) {
        List<String> span = pool == null ? in.subList(i, j) : pool.get(random.nextInt(pool.size()));
        tokens.addAll(span);
        for (int k = 0; k < span.size(); k++) {
          tags.add(type);
        }
        i = j;
        continue;
      }
      int at = tokens.size();
      tokens.addAll(in.subList(i, j));
      for (int k = i; k < j; k++) {
        tags.add(type);
      }
      boolean oneWord = j - i == 1;
      for (int k = i; k < j; k++) {
        String original = in.get(k);
        if (!replaceable(original)) {
          continue;
        }
        boolean surname = k == j - 1 && (!oneWord || random.nextDouble() < 0.6);
        String name = name(surname, random);
        tokens.set(at + k - i, withForm(original, name));
      }
      i = j;
    }
    return new LabeledSentence(tokens, tags);
  }

  /** A word of a name that is replaced: starts with a capital letter and has two or more letters. */
  private static boolean replaceable(String token) {
    if (token.length() < 2 || !Character.isUpperCase(token.codePointAt(0))) {
      return false;
    }
    if (token.endsWith(".")) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!Character.isLetter(c) && c != '-' && c != '\'' && c != ':') {
        return false;
      }
    }
    return true;
  }

  /** The replacement carries the original's genitive and its all-capitals form. */
  private String withForm(String original, String name) {
    String lower = original.toLowerCase(Locale.ROOT);
    String out = name;
    if (lower.endsWith(":s")) {
      out = name + ":s";
    } else if (lower.endsWith("s") && listed.contains(lower.substring(0, lower.length() - 1))) {
      out = name.endsWith("s") || name.endsWith("x") || name.endsWith("z") ? name : name + "s";
    }
    boolean allCaps = original.length() > 2 && original.equals(original.toUpperCase(Locale.ROOT));
    return allCaps ? out.toUpperCase(Locale.ROOT) : out;
  }

  /** A listed name or, with probability one half, a new one. */
  private String name(boolean surname, Random random) {
    List<String> list = surname ? surnames : given;
    if (random.nextBoolean()) {
      for (int attempt = 0; attempt < 20; attempt++) {
        String n = generate(surname ? surnameModel : givenModel, random);
        if (n.length() >= 3 && n.length() <= 14 && !listed.contains(n)
            && !ordinaryWords.contains(n)) {
          return capitalise(n);
        }
      }
    }
    return capitalise(list.get(random.nextInt(list.size())));
  }

  private static String generate(Map<String, Map<Character, Integer>> model, Random random) {
    StringBuilder sb = new StringBuilder();
    String context = String.valueOf(START).repeat(ORDER);
    while (sb.length() < 20) {
      Map<Character, Integer> next = model.get(context);
      if (next == null) {
        break;
      }
      int total = 0;
      for (int n : next.values()) {
        total += n;
      }
      int pick = random.nextInt(total);
      char chosen = END;
      for (Map.Entry<Character, Integer> e : next.entrySet()) {
        pick -= e.getValue();
        if (pick < 0) {
          chosen = e.getKey();
          break;
        }
      }
      if (chosen == END) {
        break;
      }
      sb.append(chosen);
      context = context.substring(1) + chosen;
    }
    return sb.toString();
  }

  /** Counts of the next character after each {@code ORDER} characters (in insertion order). */
  private static Map<String, Map<Character, Integer>> charModel(List<String> names) {
    Map<String, Map<Character, Integer>> model = new java.util.LinkedHashMap<>();
    for (String n : names) {
      String padded = String.valueOf(START).repeat(ORDER) + n + END;
      for (int i = ORDER; i < padded.length(); i++) {
        model
            .computeIfAbsent(padded.substring(i - ORDER, i), k -> new java.util.LinkedHashMap<>())
            .merge(padded.charAt(i), 1, Integer::sum);
      }
    }
    return model;
  }

  private static List<String> sorted(Set<String> names) {
    List<String> out = new ArrayList<>(names);
    out.sort(null);
    return out;
  }

  /** Upper-case first letter, and the first letter after each hyphen. */
  private static String capitalise(String lower) {
    StringBuilder sb = new StringBuilder(lower.length());
    boolean up = true;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      sb.append(up ? Character.toUpperCase(c) : c);
      up = c == '-' || c == ' ';
    }
    return sb.toString();
  }
}
