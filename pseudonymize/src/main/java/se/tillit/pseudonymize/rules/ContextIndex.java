package se.tillit.pseudonymize.rules;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The context words of one text, found in one pass on first use, and a look-up of the context
 * word nearest before an offset. Not thread-safe; one instance per call of {@code recognize}.
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

  private final String text;
  private int[] ends;
  private int[] starts;
  private Ctx[] kinds;
  private int size;

  ContextIndex(String text) {
    this.text = text;
  }

  private void build() {
    ends = new int[16];
    starts = new int[16];
    kinds = new Ctx[16];
    Matcher m = WORDS.matcher(text);
    while (m.find()) {
      Ctx kind = Ctx.NONE;
      for (int g = 1; g <= GROUPS.length; g++) {
        if (m.start(g) >= 0) {
          kind = GROUPS[g - 1];
          break;
        }
      }
      if (size == ends.length) {
        ends = Arrays.copyOf(ends, size * 2);
        starts = Arrays.copyOf(starts, size * 2);
        kinds = Arrays.copyOf(kinds, size * 2);
      }
      starts[size] = m.start();
      ends[size] = m.end();
      kinds[size] = kind;
      size++;
    }
  }

  /** The class of the context word ending nearest before {@code offset}, within the window. */
  Ctx nearestBefore(int offset) {
    if (ends == null) {
      build();
    }
    // last index with ends[i] <= offset
    int lo = 0;
    int hi = size - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0 || offset - ends[found] > WINDOW) {
      return Ctx.NONE;
    }
    return kinds[found];
  }

  /** End offsets of every context word of class {@code kind}, in text order. */
  int[] endsOf(Ctx kind) {
    if (ends == null) {
      build();
    }
    int[] out = new int[size];
    int k = 0;
    for (int i = 0; i < size; i++) {
      if (kinds[i] == kind) {
        out[k++] = ends[i];
      }
    }
    return Arrays.copyOf(out, k);
  }
}
