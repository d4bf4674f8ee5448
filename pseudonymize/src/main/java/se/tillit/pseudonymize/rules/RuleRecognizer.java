package se.tillit.pseudonymize.rules;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;
import se.tillit.pseudonymize.identifiers.BankAccount;
import se.tillit.pseudonymize.identifiers.Bankgiro;
import se.tillit.pseudonymize.identifiers.Iban;
import se.tillit.pseudonymize.identifiers.Organisationsnummer;
import se.tillit.pseudonymize.identifiers.Personnummer;
import se.tillit.pseudonymize.identifiers.PhoneNumber;
import se.tillit.pseudonymize.identifiers.Plusgiro;
import se.tillit.pseudonymize.identifiers.internal.Patterns;
import se.tillit.pseudonymize.rules.ContextIndex.Ctx;

/**
 * Finds Swedish identifiers, contact details and addresses in free text with regular expressions,
 * check digits and context words. Every span has source {@link EntitySpan#RULE}.
 *
 * <h2>Confidence policy</h2>
 *
 * <p>A <em>context word</em> is a word such as "personnummer", "pnr", "org.nr", "bankgiro", "bg",
 * "plusgiro", "pg", "konto", "clearingnummer", "tel", "mobil", "IBAN", "adress" or "bor på" ending
 * at most {@value ContextIndex#WINDOW} characters before the candidate; only the nearest one
 * counts. Negative context words ("OCR", "fakturanummer", "kundnummer", "Dnr", "ärende", "kr", ...)
 * suppress the weaker findings below.
 *
 * <table>
 *   <caption>Confidence by type and evidence</caption>
 *   <tr><th>type</th><th>evidence</th><th>confidence</th></tr>
 *   <tr><td>PERSONNUMMER, SAMORDNINGSNUMMER, INTERIM_NUMBER</td>
 *       <td>real date and valid Luhn digit (any written form)</td><td>1.0</td></tr>
 *   <tr><td></td><td>real date, wrong check digit, personnummer context word</td><td>0.6</td></tr>
 *   <tr><td></td><td>real date, wrong check digit, written with {@code -} or {@code +}, no
 *       context</td><td>0.4</td></tr>
 *   <tr><td>ORGANISATIONSNUMMER</td><td>valid, written {@code NNNNNN-NNNN} or {@code 16...}, or
 *       with context</td><td>1.0</td></tr>
 *   <tr><td></td><td>valid, ten digits without hyphen and no context</td><td>0.7</td></tr>
 *   <tr><td></td><td>wrong check digit, org context</td><td>0.6</td></tr>
 *   <tr><td>IBAN</td><td>registered length and mod-97 check</td><td>1.0</td></tr>
 *   <tr><td></td><td>registered length, wrong check, IBAN context</td><td>0.6</td></tr>
 *   <tr><td>BANKGIRO, PLUSGIRO</td><td>context word and valid Luhn digit</td><td>1.0</td></tr>
 *   <tr><td></td><td>context word, well formed, wrong check digit</td><td>0.6</td></tr>
 *   <tr><td>BANK_ACCOUNT</td><td>account context word and well formed (format only)</td>
 *       <td>0.8</td></tr>
 *   <tr><td>PHONE</td><td>valid Swedish number with phone context</td><td>0.95</td></tr>
 *   <tr><td></td><td>valid, written with separators or +46, or a compact 07x mobile</td>
 *       <td>0.85</td></tr>
 *   <tr><td></td><td>valid compact landline, or foreign +CC number</td><td>0.6 / 0.7</td></tr>
 *   <tr><td>EMAIL</td><td>well formed</td><td>0.95</td></tr>
 *   <tr><td>POSTAL_CODE</td><td>{@code NNN NN} or {@code SE-NNN NN} followed by a city</td>
 *       <td>0.9</td></tr>
 *   <tr><td></td><td>{@code NNNNN City}; {@code NNN NN} with postal or address context</td>
 *       <td>0.7 / 0.8</td></tr>
 *   <tr><td>ADDRESS</td><td>street, number, postal code and city; or street and number after an
 *       address context word</td><td>0.95</td></tr>
 *   <tr><td></td><td>street name and number</td><td>0.85</td></tr>
 *   <tr><td></td><td>street name without number right after "bor på", "adress", ...</td>
 *       <td>0.6</td></tr>
 * </table>
 *
 * <h2>Ambiguous digit runs</h2>
 *
 * <p>Ten digits are a personnummer or an organisation number, never both: an organisation number
 * has a third digit of at least 2 (a "month" of 20 or more), which no real date has. A valid
 * personnummer is reported as one even after "org.nr" (a sole trader's organisation number is their
 * personnummer, and it identifies a person). A ten-digit run starting with 0 after a phone context
 * word, that is also a valid phone number, is a phone number. Bankgiro, plusgiro and bank account
 * numbers are only reported after a context word, because their shapes are shared with too many
 * other numbers (invoice numbers, case numbers).
 *
 * <h2>Overlaps</h2>
 *
 * <p>Of overlapping findings the longer is kept (for equal spans, the more confident), except that
 * an address keeps the postal code inside it and a bank account keeps a personnummer inside it
 * (Nordea personkonto): both are reported so that a consumer masking only one of the types still
 * sees it.
 *
 * <p>Not flagged: years, dates ({@code 2024-05-01}), times, amounts ({@code 1 250 000 kr}),
 * percentages and case numbers ({@code Dnr 2024/1234}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RuleRecognizer implements EntityRecognizer {
  /** The name reported by {@link #name()}. */
  public static final String NAME = "rules";

  private static final Set<EntityType> SUPPORTED =
      Collections.unmodifiableSet(
          EnumSet.of(
              EntityType.PERSONNUMMER, EntityType.SAMORDNINGSNUMMER, EntityType.INTERIM_NUMBER,
              EntityType.ORGANISATIONSNUMMER, EntityType.PHONE, EntityType.EMAIL, EntityType.IBAN,
              EntityType.BANKGIRO, EntityType.PLUSGIRO, EntityType.BANK_ACCOUNT,
              EntityType.POSTAL_CODE, EntityType.ADDRESS));

  /**
   * The first digit, with no letter or digit (or joining sign) before it. Matching the digit
   * first and looking behind it afterwards keeps the per-position cost of a failed match low.
   */
  private static final String B = "(?=\\d)\\d(?<![\\p{L}\\p{N}+\\-/]\\d)(?<!\\d[.,]\\d)";

  /** No letter or digit right after, nor a separator followed by a digit. */
  private static final String E = "(?![\\p{L}\\p{N}]|[-/,.]\\d)";

  private static final Pattern ID =
      Pattern.compile(
          B + "(?:(?<=1)6-\\d{6}-?\\d{4}|(?:(?<=1)[6-9]\\d{2}|(?<=2)0\\d{2}|\\d)\\d{4}[-+]?[0-9TRSUWXJKLMN]\\d{3})"
              + E);

  private static final Pattern GIRO =
      Pattern.compile(B + "(?:\\d?(?: \\d{2}){1,3}-\\d|\\d{0,7}-\\d{1,4}|\\d{1,7})" + E);

  private static final Pattern ACCOUNT =
      Pattern.compile(
          B + "(?:(?<=8)\\d{3}-\\d(?:,\\s?|\\s)|(?<=[1-9])\\d{3}(?:-|,\\s?|\\s))\\d(?:[ -]?\\d){5,9}"
              + E);

  private static final Pattern IBAN_START =
      Pattern.compile("(?<![\\p{L}\\p{N}])[A-Z]{2}\\d{2}(?= ?[A-Z0-9])");

  private static final Pattern PHONE =
      Pattern.compile(
          "(?=[+0(])(?<![\\p{L}\\p{N}+\\-/])(?<!\\d[.,: ])(?:"
              + "(?<se>(?:\\+46|0046)\\s?(?:\\(0\\)\\s?)?[1-9]\\d{0,2}(?:\\s?-\\s?|\\s)?"
              + "\\d(?:\\s?\\d){4,7})"
              + "|(?<nat>(?:0[1-9]\\d{0,2}|\\(0[1-9]\\d{0,2}\\))(?:\\s?-\\s?|\\s)?[1-9]\\d(?:\\s?\\d){3,6})"
              + "|(?<intl>\\+(?!46)[1-9]\\d{0,2}(?:[\\s-]?\\d){6,12})"
              + ")(?![\\p{L}\\p{N}]|[-/,.]\\d|\\s\\d)");

  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}._%+-])" + Patterns.EMAIL + "(?![\\p{L}\\p{N}_%+-]|\\.[\\p{L}\\p{N}])");

  private static final String CITY_AFTER =
      "(?:\\s{1,2}(?!(?:SEK|EUR|USD|Kr|Kronor|Procent)(?![\\p{L}]))(?<city>" + Patterns.CITY + "))?";

  private static final Pattern POSTAL =
      Pattern.compile(
          "(?=[1-9S])(?<![\\p{L}\\p{N}\\-/+])(?<!\\d[.,])(?<code>(?<pre>SE-|S-)?[1-9]\\d{2}(?<sp>\\s?)\\d{2})"
              + "(?![\\p{L}\\p{N}]|[-/,.]\\d|\\s\\d)"
              + CITY_AFTER);

  private static final Pattern ADDRESS =
      Pattern.compile("(?=\\p{Lu})(?<![\\p{L}\\p{N}])" + Patterns.streetAddress());

  private static final Pattern BOX =
      Pattern.compile(
          "(?=[BP])(?<![\\p{L}\\p{N}])(?:Box|Pl)\\s\\d{1,5},?\\s(?:SE-)?[1-9]\\d{2}\\s?\\d{2}\\s{1,2}"
              + Patterns.CITY);

  /** A street name alone, tried only right after an address context word. */
  private static final Pattern STREET_ONLY =
      Pattern.compile(
          "[\\s:]{1,3}(?<street>(?:(?:"
              + Patterns.alternation(Patterns.STREET_PREFIXES)
              + ")\\s)?\\p{Lu}[\\p{L}-]*\\p{Ll}(?:"
              + Patterns.alternation(Patterns.STREET_SUFFIXES)
              + "))(?![\\p{L}])");

  private final Clock clock;
  private final Set<EntityType> types;

  private RuleRecognizer(Builder b) {
    this.clock = b.clock;
    this.types = Collections.unmodifiableSet(EnumSet.copyOf(b.types));
  }

  /**
   * The same as {@link #create()}; public so that {@link java.util.ServiceLoader} can instantiate
   * the recogniser from {@code META-INF/services}.
   */
  public RuleRecognizer() {
    this(new Builder());
  }

  /** A recogniser for every supported type, with the system clock in Sweden. */
  public static RuleRecognizer create() {
    return builder().build();
  }

  /** A builder with the defaults of {@link #create()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every type the rules can find. */
  public static Set<EntityType> supportedTypes() {
    return SUPPORTED;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<EntityType> types() {
    return types;
  }

  @Override
  public List<EntitySpan> recognize(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null. Provided value: null");
    }
    List<EntitySpan> found = new ArrayList<>();
    ContextIndex ctx = new ContextIndex(text);
    findIds(text, ctx, found);
    findIbans(text, ctx, found);
    findGiros(text, ctx, found);
    findAccounts(text, ctx, found);
    findPhones(text, ctx, found);
    findEmails(text, found);
    findPostalCodes(text, ctx, found);
    findAddresses(text, ctx, found);
    List<EntitySpan> resolved = SpanResolver.resolve(found);
    resolved.removeIf(s -> !types.contains(s.type()));
    return resolved;
  }

  private static void add(List<EntitySpan> out, int start, int end, EntityType type, double conf) {
    out.add(new EntitySpan(start, end, type, EntitySpan.RULE, conf));
  }

  private void findIds(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = ID.matcher(text);
    while (m.find()) {
      String s = m.group();
      Ctx c = ctx.nearestBefore(m.start());
      if (c == Ctx.PHONE && s.charAt(0) == '0' && PhoneNumber.isValid(s)) {
        continue; // reported by findPhones
      }
      var p = Personnummer.tryParse(s, clock);
      if (p.isPresent()) {
        add(out, m.start(), m.end(), typeOf(p.get().kind()), 1.0);
        continue;
      }
      if (Organisationsnummer.isValid(s)) {
        boolean compact = s.length() == 10;
        if (!compact || c == Ctx.ORG) {
          add(out, m.start(), m.end(), EntityType.ORGANISATIONSNUMMER, 1.0);
        } else if (c != Ctx.NEGATIVE) {
          add(out, m.start(), m.end(), EntityType.ORGANISATIONSNUMMER, 0.7);
        }
        continue;
      }
      if (Personnummer.isWellFormed(s, clock)) {
        EntityType t = typeOfWellFormed(s);
        if (c == Ctx.PNR) {
          add(out, m.start(), m.end(), t, 0.6);
        } else if (c != Ctx.NEGATIVE && (s.indexOf('-') >= 0 || s.indexOf('+') >= 0)) {
          add(out, m.start(), m.end(), t, 0.4);
        }
        continue;
      }
      if (c == Ctx.ORG && Organisationsnummer.isWellFormed(s)) {
        add(out, m.start(), m.end(), EntityType.ORGANISATIONSNUMMER, 0.6);
      }
    }
  }

  /** Runs the e-mail pattern only in windows around each {@code @}. */
  private static void findEmails(String text, List<EntitySpan> out) {
    Matcher m = EMAIL.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    int done = 0;
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      if (at < done) {
        continue;
      }
      int from = Math.max(done, at - 70);
      m.region(from, Math.min(text.length(), at + 260));
      while (m.find()) {
        if (m.start() <= at && at < m.end()) {
          add(out, m.start(), m.end(), EntityType.EMAIL, 0.95);
          done = m.end();
          break;
        }
        if (m.start() > at) {
          break;
        }
      }
    }
  }

  private static EntityType typeOf(Personnummer.Kind kind) {
    return switch (kind) {
      case PERSONNUMMER -> EntityType.PERSONNUMMER;
      case SAMORDNINGSNUMMER -> EntityType.SAMORDNINGSNUMMER;
      case INTERIM -> EntityType.INTERIM_NUMBER;
    };
  }

  /** The type of a well-formed number whose check digit fails. */
  private static EntityType typeOfWellFormed(String s) {
    String d = s.replace("-", "").replace("+", "");
    if (d.length() == 12) {
      d = d.substring(2);
    }
    if (Character.isLetter(d.charAt(6))) {
      return EntityType.INTERIM_NUMBER;
    }
    return d.charAt(4) >= '6' ? EntityType.SAMORDNINGSNUMMER : EntityType.PERSONNUMMER;
  }

  private void findIbans(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = IBAN_START.matcher(text);
    while (m.find()) {
      int length = Iban.lengthFor(m.group().substring(0, 2));
      if (length < 0) {
        continue;
      }
      // consume exactly `length` alphanumerics, allowing single spaces between them
      int i = m.start();
      int count = 0;
      int n = text.length();
      while (i < n && count < length) {
        char ch = text.charAt(i);
        if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
          count++;
          i++;
        } else if (ch == ' ' && count >= 4 && i + 1 < n && text.charAt(i + 1) != ' ') {
          i++;
        } else {
          break;
        }
      }
      if (count != length || (i < n && Character.isLetterOrDigit(text.charAt(i)))) {
        continue;
      }
      String candidate = text.substring(m.start(), i);
      if (Iban.isValid(candidate)) {
        add(out, m.start(), i, EntityType.IBAN, 1.0);
      } else if (ctx.nearestBefore(m.start()) == Ctx.IBAN) {
        add(out, m.start(), i, EntityType.IBAN, 0.6);
      }
    }
  }

  private static void findGiros(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = GIRO.matcher(text);
    while (m.find()) {
      Ctx c = ctx.nearestBefore(m.start());
      String s = m.group();
      if (c == Ctx.BG) {
        if (Bankgiro.isValid(s)) {
          add(out, m.start(), m.end(), EntityType.BANKGIRO, 1.0);
        } else if (s.matches("[1-9]\\d{2,3}-?\\d{4}")) {
          add(out, m.start(), m.end(), EntityType.BANKGIRO, 0.6);
        }
      } else if (c == Ctx.PG) {
        if (Plusgiro.isValid(s)) {
          add(out, m.start(), m.end(), EntityType.PLUSGIRO, 1.0);
        } else if (s.matches("\\d{1,2}(?: \\d{2}){1,3}-\\d|\\d{1,7}-\\d|\\d{2,8}")) {
          add(out, m.start(), m.end(), EntityType.PLUSGIRO, 0.6);
        }
      }
    }
  }

  private void findAccounts(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = ACCOUNT.matcher(text);
    while (m.find()) {
      if (ctx.nearestBefore(m.start()) == Ctx.ACCOUNT && BankAccount.isValid(m.group())) {
        add(out, m.start(), m.end(), EntityType.BANK_ACCOUNT, 0.8);
        // Nordea personkonto: clearing 3300 and the holder's personnummer as account number
        if (m.group().startsWith("3300")) {
          int from = m.start() + 5;
          while (from < m.end() && !Character.isDigit(text.charAt(from))) {
            from++;
          }
          var p = Personnummer.tryParse(text.substring(from, m.end()), clock);
          if (p.isPresent()) {
            add(out, from, m.end(), typeOf(p.get().kind()), 1.0);
          }
        }
      }
    }
  }

  private static void findPhones(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = PHONE.matcher(text);
    while (m.find()) {
      String s = m.group();
      Ctx c = ctx.nearestBefore(m.start());
      if (m.start("intl") >= 0) {
        int digits = s.replaceAll("\\D", "").length();
        if (digits >= 8 && digits <= 15 && c != Ctx.NEGATIVE) {
          add(out, m.start(), m.end(), EntityType.PHONE, c == Ctx.PHONE ? 0.9 : 0.7);
        }
        continue;
      }
      var p = PhoneNumber.tryParse(s);
      if (p.isEmpty()) {
        continue;
      }
      boolean compact = s.chars().allMatch(Character::isDigit);
      double conf;
      if (c == Ctx.PHONE) {
        conf = 0.95;
      } else if (c == Ctx.NEGATIVE) {
        if (compact) {
          continue;
        }
        conf = 0.6;
      } else if (!compact || p.get().isMobile()) {
        conf = 0.85;
      } else {
        conf = 0.6;
      }
      add(out, m.start(), m.end(), EntityType.PHONE, conf);
    }
  }

  private static void findPostalCodes(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = POSTAL.matcher(text);
    while (m.find()) {
      boolean prefixed = m.start("pre") >= 0;
      boolean spaced = !m.group("sp").isEmpty();
      boolean city = m.start("city") >= 0;
      int s = m.start("code");
      int e = m.end("code");
      double conf;
      if (city) {
        conf = spaced || prefixed ? 0.9 : 0.7;
      } else if (prefixed) {
        conf = 0.85;
      } else {
        Ctx c = ctx.nearestBefore(s);
        if (c == Ctx.POSTAL || c == Ctx.ADDRESS) {
          conf = spaced ? 0.8 : 0.6;
        } else {
          continue;
        }
      }
      add(out, s, e, EntityType.POSTAL_CODE, conf);
    }
  }

  private static void findAddresses(String text, ContextIndex ctx, List<EntitySpan> out) {
    Matcher m = ADDRESS.matcher(text);
    while (m.find()) {
      if (Patterns.isOrdinaryStreetWord(m.group("street"))) {
        continue;
      }
      boolean full = m.start("city") >= 0;
      double conf = full || ctx.nearestBefore(m.start()) == Ctx.ADDRESS ? 0.95 : 0.85;
      add(out, m.start(), m.end(), EntityType.ADDRESS, conf);
    }
    Matcher box = BOX.matcher(text);
    while (box.find()) {
      add(out, box.start(), box.end(), EntityType.ADDRESS, 0.85);
    }
    // a street name without a number, right after "bor på", "adress", ...
    Matcher street = STREET_ONLY.matcher(text);
    for (int end : ctx.addressWordEnds()) {
      street.region(end, Math.min(text.length(), end + 80));
      if (street.lookingAt() && !Patterns.isOrdinaryStreetWord(street.group("street"))) {
        add(out, street.start("street"), street.end("street"), EntityType.ADDRESS, 0.6);
      }
    }
  }

  /** Builder for {@link RuleRecognizer}. */
  public static final class Builder {
    private Clock clock = Clock.system(ZoneId.of("Europe/Stockholm"));
    private Set<EntityType> types = SUPPORTED;

    private Builder() {}

    /**
     * The clock whose date decides the century of ten-digit personnummer (default: the system
     * clock in Europe/Stockholm).
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null. Provided value: null");
      }
      this.clock = clock;
      return this;
    }

    /** The types to report: a non-empty subset of {@link #supportedTypes()} (default: all). */
    public Builder types(Set<EntityType> types) {
      if (types == null || types.isEmpty() || !SUPPORTED.containsAll(types)) {
        throw new IllegalArgumentException(
            "types must be a non-empty subset of " + SUPPORTED + ". Provided value: " + types);
      }
      this.types = EnumSet.copyOf(types);
      return this;
    }

    public RuleRecognizer build() {
      return new RuleRecognizer(this);
    }
  }
}
