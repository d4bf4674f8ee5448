package se.tillit.pseudonymize.ner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the tokens of one sentence into hashed feature buckets. A feature is a string such as
 * {@code "w=stockholm"} or {@code "x3@-1=ska"}; its bucket is {@code h mod buckets}, where {@code
 * h} is MurmurHash3 x86 32-bit of the feature's UTF-8 bytes with the fixed seed. Each token gets a
 * fixed number of slots; the network sums (averages) the embedding rows of a token's slots, which
 * equals a dense layer over the bag of hashed features. The layout therefore depends only on the
 * bucket count, the window and the slot count, never on data.
 *
 * <p>Features of the token itself: bias, lower-cased form, word shape, length, prefixes and suffixes
 * of 1 to 4 characters, character 3- and 4-grams of {@code ^form$}, capitalisation flags (also
 * combined with being first in the sentence), position in the sentence. Features of each neighbour
 * at offsets {@code -window..window}: lower-cased form, shape, 3-character suffix, capitalisation
 * (or a sentence-boundary marker).
 *
 * <p>Name-list features (feature version 2): whether the token, and each neighbour at offsets -1
 * and +1, is in the project's hand-written lists of common given names and surnames in Sweden
 * ({@code given-names.txt}, {@code surnames.txt} beside {@code NerModel}). The lists are part of
 * the feature scheme, the same for every agency, so the layout stays vocabulary-free.
 *
 * <p>Feature version 3: much larger hand-written lists (names of people living in Sweden of many
 * origins), the list class of a genitive's stem ("Anderssons", "Obama:s"), the name-list class of
 * the neighbours at offsets -2 and +2, and whether the token follows a title or form of address
 * ("fru", "professor", "VD", any "...minister") at offset -1 (or else -2).
 */
public final class FeatureHasher {
  private static final Set<String> GIVEN = names("given-names.txt");
  private static final Set<String> SURNAMES = names("surnames.txt");

  /** The given-name list of the features, lower-cased. */
  public static Set<String> givenNames() {
    return GIVEN;
  }

  /** The surname list of the features, lower-cased. */
  public static Set<String> surnames() {
    return SURNAMES;
  }

  /** A name list in the resources beside {@code NerModel}, lower-cased. */
  private static Set<String> names(String resource) {
    String path = "/se/tillit/pseudonymize/ner/" + resource;
    try (InputStream in = FeatureHasher.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the NER name list " + resource + " is missing");
      }
      Set<String> out = new HashSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          out.add(l.toLowerCase(Locale.ROOT));
        }
      }
      return Set.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the NER name list " + resource, e);
    }
  }

  /**
   * Words that put a person's name right after them: forms of address and titles ("fru",
   * "professor", "VD"), in lower case. Together with every word ending in "minister" they give the
   * title features of feature version 3.
   */
  private static final Set<String> TITLES =
      Set.of("herr", "herrn", "fru", "frun", "fröken", "dr", "doktor", "doktorn", "professor",
          "professorn", "prof", "docent", "docenten", "vd", "vd:n", "ordförande", "ordföranden",
          "talesperson", "talespersonen", "talesman", "talesmannen", "presschef", "presschefen",
          "chef", "chefen", "direktör", "direktören", "generaldirektör", "generaldirektören",
          "tränare", "tränaren", "förbundskapten", "förbundskaptenen", "kung", "kungen",
          "drottning", "drottningen", "prins", "prinsen", "prinsessan", "kronprinsessan",
          "president", "presidenten", "kommissionär", "kommissionären", "biskop", "biskopen",
          "ärkebiskop", "åklagare", "åklagaren", "kammaråklagare", "kammaråklagaren", "advokat",
          "advokaten", "domare", "domaren", "rådman", "rådmannen", "kommunalråd", "kommunalrådet",
          "riksdagsledamot", "riksdagsledamoten", "partiledare", "partiledaren", "språkrör",
          "språkröret", "författare", "författaren", "regissör", "regissören", "skådespelare",
          "skådespelaren", "sångerskan", "sångaren", "artisten", "journalisten", "forskaren",
          "överläkare", "överläkaren", "läkaren", "kyrkoherde", "kyrkoherden", "pastor", "kapten",
          "kaptenen", "general", "generalen", "överste", "översten", "mr", "mrs", "ms", "sir",
          "handläggare", "handläggaren", "socialsekreterare", "socialsekreteraren");

  /** The name-list class of a lower-cased token: "g" given name, "s" surname, "gs" both, or null. */
  static String nameClass(String lower) {
    boolean g = GIVEN.contains(lower);
    boolean n = SURNAMES.contains(lower);
    return g ? (n ? "gs" : "g") : (n ? "s" : null);
  }

  /**
   * The name-list class of the stem of a genitive ("Anderssons", "Obama:s"), or null when {@code
   * lower} is not a genitive of a listed name; null too for listed names themselves.
   */
  static String genitiveClass(String lower) {
    int n = lower.length();
    if (n < 4 || lower.charAt(n - 1) != 's') {
      return null;
    }
    int cut = lower.charAt(n - 2) == ':' ? n - 2 : n - 1;
    return nameClass(lower.substring(0, cut));
  }

  /** Whether a lower-cased token is a title or form of address that precedes names. */
  static boolean title(String lower) {
    return TITLES.contains(lower) || lower.endsWith("minister") || lower.endsWith("ministern");
  }

  private final int buckets;
  private final int mask;
  private final int window;
  private final int seed;
  private final int slots;

  public FeatureHasher(int buckets, int window, int slots, int seed) {
    if (Integer.bitCount(buckets) != 1) {
      throw new IllegalArgumentException(
          "buckets must be a power of two. Provided value: " + buckets);
    }
    this.buckets = buckets;
    this.mask = buckets - 1;
    this.window = window;
    this.slots = slots;
    this.seed = seed;
  }

  public int buckets() {
    return buckets;
  }

  /** Number of feature slots per token. */
  public int slots() {
    return slots;
  }

  /** The padding index, {@code buckets}: fills the unused slots of a token. */
  public int padIndex() {
    return buckets;
  }

  /**
   * The feature buckets of every token of {@code tokens}: token {@code t} owns entries {@code
   * [t * slots, (t + 1) * slots)}; features beyond {@code slots} are dropped (character n-grams
   * come last, so only those of very long words), unused slots hold {@link #padIndex()}.
   */
  public int[] hash(List<String> tokens) {
    int n = tokens.size();
    String[] lower = new String[n];
    String[] shape = new String[n];
    String[] names = new String[n];
    boolean[] cap = new boolean[n];
    for (int i = 0; i < n; i++) {
      String t = normalise(tokens.get(i));
      lower[i] = t.toLowerCase(Locale.ROOT);
      shape[i] = shape(t);
      names[i] = nameClass(lower[i]);
      cap[i] = !t.isEmpty() && Character.isUpperCase(t.codePointAt(0));
    }
    int[] out = new int[n * slots];
    java.util.Arrays.fill(out, buckets);
    StringBuilder sb = new StringBuilder(32);
    Sink sink = new Sink(out);
    for (int i = 0; i < n; i++) {
      sink.start(i * slots, slots);
      String t = normalise(tokens.get(i));
      String w = lower[i];
      add(sink, sb, "b");
      add(sink, sb, "w=", w);
      add(sink, sb, "s=", shape[i]);
      add(sink, sb, "len=", Integer.toString(Math.min(w.length(), 12)));
      boolean first = i == 0;
      boolean allCap = t.length() > 1 && t.equals(t.toUpperCase(Locale.ROOT)) && !t.equals(w);
      if (cap[i]) {
        add(sink, sb, first ? "cap&first" : "cap&inner");
      }
      if (allCap) {
        add(sink, sb, "allcap");
      }
      if (first) {
        add(sink, sb, "pos=first");
      }
      if (i == n - 1) {
        add(sink, sb, "pos=last");
      }
      if (names[i] != null) {
        add(sink, sb, "name=", cap[i] ? names[i] + "&cap" : names[i]);
      }
      if (i > 0 && names[i - 1] != null) {
        add(sink, sb, "name@-1=", names[i - 1]);
      }
      if (i + 1 < n && names[i + 1] != null) {
        add(sink, sb, "name@1=", names[i + 1]);
      }
      if (names[i] == null) {
        String gen = genitiveClass(w);
        if (gen != null) {
          add(sink, sb, "gen=", cap[i] ? gen + "&cap" : gen);
        }
      }
      if (i > 1 && names[i - 2] != null) {
        add(sink, sb, "name@-2=", names[i - 2]);
      }
      if (i + 2 < n && names[i + 2] != null) {
        add(sink, sb, "name@2=", names[i + 2]);
      }
      if (i > 0 && title(lower[i - 1])) {
        add(sink, sb, "title@-1");
      } else if (i > 1 && title(lower[i - 2])) {
        add(sink, sb, "title@-2");
      }
      for (int o = -window; o <= window; o++) {
        if (o == 0) {
          continue;
        }
        int j = i + o;
        String at = "@" + o + "=";
        if (j < 0 || j >= n) {
          add(sink, sb, "w" + at, j < 0 ? "<s>" : "</s>");
          continue;
        }
        add(sink, sb, "w" + at, lower[j]);
        add(sink, sb, "s" + at, shape[j]);
        String lj = lower[j];
        add(sink, sb, "x3" + at, lj.length() <= 3 ? lj : lj.substring(lj.length() - 3));
        if (cap[j]) {
          add(sink, sb, "cap" + at, j == 0 ? "first" : "inner");
        }
      }
      int len = w.length();
      for (int k = 1; k <= 4 && k <= len; k++) {
        add(sink, sb, "p" + k + "=", w.substring(0, k));
        add(sink, sb, "x" + k + "=", w.substring(len - k));
      }
      String padded = "^" + w + "$";
      for (int g = 3; g <= 4; g++) {
        for (int s = 0; s + g <= padded.length(); s++) {
          add(sink, sb, g == 3 ? "g3=" : "g4=", padded.substring(s, s + g));
        }
      }
    }
    return out;
  }

  /** Removes soft hyphens and zero-width characters, which the corpus scatters inside words. */
  static String normalise(String token) {
    boolean clean = true;
    for (int i = 0; i < token.length(); i++) {
      if (Character.getType(token.charAt(i)) == Character.FORMAT) {
        clean = false;
        break;
      }
    }
    if (clean) {
      return token;
    }
    StringBuilder sb = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (Character.getType(c) != Character.FORMAT) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Word shape: X for upper case, x lower, d digit, other characters kept; repeats collapsed. */
  static String shape(String t) {
    StringBuilder sb = new StringBuilder(8);
    char last = 0;
    for (int i = 0; i < t.length() && sb.length() < 8; i++) {
      char c = t.charAt(i);
      char m;
      if (Character.isUpperCase(c)) {
        m = 'X';
      } else if (Character.isLetter(c)) {
        m = 'x';
      } else if (Character.isDigit(c)) {
        m = 'd';
      } else {
        m = c;
      }
      if (m != last) {
        sb.append(m);
        last = m;
      }
    }
    return sb.toString();
  }

  private void add(Sink sink, StringBuilder sb, String key) {
    put(sink, key);
  }

  private void add(Sink sink, StringBuilder sb, String prefix, String value) {
    sb.setLength(0);
    sb.append(prefix).append(value);
    put(sink, sb.toString());
  }

  private void put(Sink sink, String feature) {
    if (sink.full()) {
      return;
    }
    sink.add(MurmurHash3.hash32(feature.getBytes(StandardCharsets.UTF_8), seed) & mask);
  }

  /** Bucket of {@code feature}: MurmurHash3 x86 32-bit of its UTF-8 bytes, mod buckets. */
  public int bucketOf(String feature) {
    return MurmurHash3.hash32(feature.getBytes(StandardCharsets.UTF_8), seed) & mask;
  }

  private static final class Sink {
    final int[] out;
    int pos;
    int end;

    Sink(int[] out) {
      this.out = out;
    }

    void start(int from, int count) {
      pos = from;
      end = from + count;
    }

    boolean full() {
      return pos >= end;
    }

    void add(int i) {
      out[pos++] = i;
    }
  }
}
