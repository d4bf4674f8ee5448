package se.tillit.pseudonymize.identifiers.internal;

import java.util.List;

/**
 * Regular expressions shared by the validators and the rule-based recogniser. They contain no
 * anchors or boundaries; callers add what they need.
 */
public final class Patterns {
  private Patterns() {}

  /** An e-mail address (dot-atom local part, at least two domain labels). */
  public static final String EMAIL =
      "[\\p{L}\\p{N}_%+-]+(?:\\.[\\p{L}\\p{N}_%+-]+)*"
          + "@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}";

  /**
   * Endings of Swedish street names written as one word ({@code Storgatan}, {@code Sveavägen}).
   * Endings that are also common words ({@code plats}, {@code gången}, {@code led}) are left out.
   */
  public static final List<String> STREET_SUFFIXES =
      List.of(
          "gatan", "gata", "vägen", "väg", "gränd", "gränden", "stigen", "stig", "backen", "backe",
          "torget", "torg", "allén", "allé", "alle", "plan", "planen", "leden", "kajen", "kaj",
          "stranden", "strand", "esplanaden", "promenaden", "platsen", "parken", "slingan", "liden",
          "ringen", "högen", "bron", "bryggan", "kroken", "svängen", "terrassen");

  /** Separate words that end a multi-word street name ({@code Birger Jarls gata}). */
  public static final List<String> STREET_WORDS =
      List.of("gata", "väg", "torg", "allé", "gränd", "plan", "plats", "backe", "stig", "park");

  /** Leading words of street names ({@code Norra Strandgatan}, {@code S:t Eriksgatan}). */
  public static final List<String> STREET_PREFIXES =
      List.of(
          "Norra", "Södra", "Östra", "Västra", "Stora", "Lilla", "Gamla", "Nya", "Övre", "Nedre",
          "Yttre", "Inre", "Sankt", "S:t", "St.", "Kungliga");

  /**
   * Compound words that end like a street name but are ordinary words ({@code Handlingsplan 2}),
   * in lower case.
   */
  public static final List<String> NOT_STREETS =
      List.of(
          "handlingsplan", "översiktsplan", "detaljplan", "budgetplan", "verksamhetsplan",
          "vårdplan", "genomförandeplan", "åtgärdsplan", "arbetsplan", "studieplan",
          "behandlingsplan", "utvecklingsplan", "projektplan", "tidsplan", "affärsplan",
          "kommunikationsplan", "beredskapsplan", "aktivitetsplan", "samordningsplan",
          "mötesplan", "arbetsplatsen", "mötesplatsen", "parkeringsplatsen", "marknadsplatsen",
          "ingången", "uppgången", "genomgången", "nedgången", "milstolpen", "motorvägen",
          "halvvägen", "vägen", "gatan", "torget", "planen", "bron", "kajen", "stigen", "backen",
          "parken", "platsen", "stranden", "ringen", "kroken", "svängen", "bryggan", "liden",
          "allén", "leden", "slingan", "högen", "terrassen", "vattenvägen", "luftvägen",
          "mellanvägen", "omvägen", "genvägen", "livsstigen", "riksväg", "europaväg");

  /**
   * A city name after a postal code: one capitalised word, or two when the first is a genitive
   * ({@code Upplands Väsby}) or a direction or size word ({@code Norra Sunderbyn}).
   */
  public static final String CITY =
      "\\p{Lu}\\p{L}+(?:(?<=s|Stora|Lilla|Norra|Södra|Östra|Västra)\\s\\p{Lu}\\p{L}+)?";

  /**
   * True when the street part of a match is an ordinary word rather than a street name
   * ({@code Handlingsplan}, {@code Ingången}).
   */
  public static boolean isOrdinaryStreetWord(String street) {
    String last = street.substring(street.lastIndexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
    return NOT_STREETS.contains(last);
  }

  /** Regex alternation of {@code words}, longest first so that the longest ending wins. */
  public static String alternation(List<String> words) {
    return String.join(
        "|",
        words.stream()
            .sorted((a, b) -> Integer.compare(b.length(), a.length()))
            .map(java.util.regex.Pattern::quote)
            .toList());
  }

  /**
   * A street address: street name, house number (1..999, no leading 0), an optional entrance
   * letter ({@code 12 B}, {@code 12b}), range ({@code 12-14}), and optional floor or flat
   * ({@code 3 tr}, {@code lgh 1102}); then optionally a postal code and a city. Groups:
   * {@code street}, {@code number}, {@code postal}, {@code city}.
   */
  public static String streetAddress() {
    String prefix = "(?:(?:" + alternation(STREET_PREFIXES) + ")\\s)?";
    String oneWord =
        "\\p{Lu}[\\p{L}-]*\\p{Ll}(?:" + alternation(STREET_SUFFIXES) + ")";
    String multiWord =
        "\\p{Lu}\\p{Ll}+(?:\\s\\p{Lu}\\p{Ll}+)?s\\s(?:" + alternation(STREET_WORDS) + ")";
    String street = "(?<street>" + prefix + "(?:" + oneWord + "|" + multiWord + "))";
    String number =
        "(?<number>[1-9]\\d{0,2}(?:\\s?-\\s?[1-9]\\d{0,2})?(?:[a-h]|\\s?[A-H])?)(?![\\p{L}\\p{N}%:])";
    String floor =
        "(?:,?\\s(?:\\d{1,2}\\s?(?:tr|trappor|vån)\\b\\.?|lgh\\.?\\s?\\d{4}|våning\\s\\d{1,2}))?";
    String tail =
        "(?:,?\\s(?<postal>(?:SE-)?[1-9]\\d{2}\\s?\\d{2})\\s{1,2}"
            + "(?<city>" + CITY + "))?";
    return street + "\\s" + number + floor + tail;
  }
}
