package se.tillit.pseudonymize.rules;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks up the context word nearest before an offset in one text. Not thread-safe; one instance
 * per call of {@code recognize}.
 */
final class ContextIndex {

  /** Classes of context words. */
  enum Ctx {
    PNR, ORG, BG, PG, ACCOUNT, PHONE, IBAN, ADDRESS, POSTAL, NEGATIVE, NONE
  }

  /** How far before a candidate a context word may end. */
  static final int WINDOW = 48;

  private static final Ctx[] GROUPS = {
    Ctx.PNR, Ctx.ORG, Ctx.BG, Ctx.PG, Ctx.ACCOUNT, Ctx.PHONE, Ctx.IBAN, Ctx.ADDRESS, Ctx.POSTAL,
    Ctx.NEGATIVE
  };

  private static final Pattern WORDS =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])(?:"
              + "(personnumm\\p{L}*|personnr|pers\\.\\s?nr|p-?nr|p\\.nr|samordningsnumm\\p{L}*"
              + "|samordningsnr|samnr|födelsenumm\\p{L}*|identitetsnumm\\p{L}*"
              + "|interimsnumm\\p{L}*|reservnumm\\p{L}*|id-nr)"
              + "|(organisationsnumm\\p{L}*|org\\.?\\s?-?nr|orgnr|org\\.?\\s?nummer|org-nr)"
              + "|(bankgiro\\p{L}*|bg-?nr|bg)"
              + "|(plusgiro\\p{L}*|postgiro\\p{L}*|pg-?nr|pg)"
              + "|((?:bank|löne|person|spar|privat)?konto(?:t|nummer|numret|nr)?|clearing\\p{L}*"
              + "|clnr|swedbank|nordea|seb|handelsbanken|danske\\sbank|länsförsäkringar"
              + "|ica\\sbanken|sparbanken|skandiabanken)"
              + "|(tel|tfn|telefon\\p{L}*|mobil\\p{L}*|mobilnr|växel|fax|sms|ring|nås\\spå)"
              + "|(iban)"
              + "|(\\p{L}*adress\\p{L}*|bor\\spå|bor\\si|boende\\spå|folkbokförd\\spå|bosatt\\spå)"
              + "|(postnumm\\p{L}*|postnr|postort)"
              + "|(ocr\\p{L}*|fakturanumm\\p{L}*|fakturanr|faktura\\snr|kundnumm\\p{L}*|kundnr"
              + "|ref|referens\\p{L}*|dnr|diarienumm\\p{L}*|ärendenumm\\p{L}*|ärende|målnumm\\p{L}*"
              + "|mål\\snr|mål|ordernumm\\p{L}*|ordernr|artikelnumm\\p{L}*|avinr|belopp|summa"
              + "|kr|sek|år|kl)"
              + ")(?![\\p{L}])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern ADDRESS_WORDS =
      Pattern.compile(
          "(?=[AaBbFfHhPpUu])(?<![\\p{L}\\p{N}])(?:\\p{L}*(?:adress|ADRESS)\\p{L}*|[Bb]or\\spå|[Bb]oende\\spå"
              + "|[Ff]olkbokförd\\spå|[Bb]osatt\\spå)(?![\\p{L}])");

  private final String text;
  private final Matcher words;

  ContextIndex(String text) {
    this.text = text;
    this.words = WORDS.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
  }

  /**
   * The class of the context word ending nearest before {@code offset}, at most {@link #WINDOW}
   * characters before it. Only a short window of text is searched.
   */
  Ctx nearestBefore(int offset) {
    int from = Math.max(0, offset - WINDOW - 24);
    words.region(from, offset);
    Ctx last = Ctx.NONE;
    while (words.find()) {
      if (words.end() < offset - WINDOW) {
        continue;
      }
      last = Ctx.NONE;
      for (int g = 1; g <= GROUPS.length; g++) {
        if (words.start(g) >= 0) {
          last = GROUPS[g - 1];
          break;
        }
      }
    }
    return last;
  }

  /** End offsets of every address context word ("adress", "bor på", ...), in text order. */
  int[] addressWordEnds() {
    Matcher m = ADDRESS_WORDS.matcher(text);
    int[] out = new int[8];
    int k = 0;
    while (m.find()) {
      if (k == out.length) {
        out = Arrays.copyOf(out, k * 2);
      }
      out[k++] = m.end();
    }
    return Arrays.copyOf(out, k);
  }
}
