package se.tillit.pseudonymize.ner;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Swedish text into tokens with character offsets, close to the tokenisation of the Swedish
 * NER corpus: words and numbers are tokens, every other non-space character is a token of its own.
 *
 * <ul>
 *   <li>A word is a run of letters, digits and combining marks; it keeps an inner hyphen ({@code
 *       EU-kommissionen}), an inner apostrophe ({@code O'Neil}), a colon before a short letter
 *       ending ({@code SVT:s}, {@code EU:n}), a dot or comma between digits ({@code 22.30}, {@code
 *       3,5}) and a trailing hyphen before a space ({@code Mark- och miljödomstolen}).
 *   <li>Soft hyphens and other invisible format characters inside a word stay in the token.
 *   <li>Sentences end after {@code .}, {@code !}, {@code ?} or {@code …} when the next token starts
 *       with an upper-case letter, a digit or a quote, and at blank lines.
 * </ul>
 *
 * <p>Thread-safe and stateless.
 */
public final class Tokenizer {
  /** One token: its text and its half-open range {@code [start, end)} in the input. */
  public record Token(String text, int start, int end) {
    @Override
    public String toString() {
      return "Token[" + start + ", " + end + ")";
    }
  }

  private Tokenizer() {}

  /** All tokens of {@code text}, in order. */
  public static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    for (List<Token> s : sentences(text)) {
      out.addAll(s);
    }
    return out;
  }

  /** The tokens of {@code text}, grouped into sentences; no sentence is empty. */
  public static List<List<Token>> sentences(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null. Provided value: null");
    }
    List<List<Token>> out = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int n = text.length();
    int i = 0;
    boolean pendingEnd = false;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        if (c == '\n' && blankLineFollows(text, i + 1) && !current.isEmpty()) {
          out.add(current);
          current = new ArrayList<>();
          pendingEnd = false;
        }
        i++;
        continue;
      }
      int end;
      if (isWordChar(c)) {
        end = wordEnd(text, i);
      } else if (Character.isHighSurrogate(c) && i + 1 < n) {
        end = isWordChar(text.codePointAt(i)) ? wordEnd(text, i) : i + 2;
      } else if (Character.getType(c) == Character.FORMAT) {
        // An invisible character before a word belongs to it.
        int j = i;
        while (j < n && Character.getType(text.charAt(j)) == Character.FORMAT) {
          j++;
        }
        if (j < n && isWordChar(text.codePointAt(j))) {
          end = wordEnd(text, j);
        } else {
          i = j;
          continue;
        }
      } else {
        end = i + 1;
        // "..." stays one token.
        while (c == '.' && end < n && text.charAt(end) == '.') {
          end++;
        }
      }
      Token t = new Token(text.substring(i, end), i, end);
      if (pendingEnd && startsSentence(t.text()) && !current.isEmpty()) {
        out.add(current);
        current = new ArrayList<>();
      }
      pendingEnd = false;
      current.add(t);
      if (isSentenceEnd(t.text())) {
        pendingEnd = true;
      }
      i = end;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private static boolean isSentenceEnd(String t) {
    return t.equals(".") || t.equals("!") || t.equals("?") || t.equals("…") || t.equals("...");
  }

  private static boolean startsSentence(String t) {
    int cp = t.codePointAt(0);
    return Character.isUpperCase(cp)
        || Character.isDigit(cp)
        || cp == '"'
        || cp == '”'
        || cp == '“'
        || cp == '»'
        || cp == '\''
        || cp == '-'
        || cp == '–';
  }

  private static boolean blankLineFollows(String text, int from) {
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '\n') {
        return true;
      }
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return false;
  }

  private static boolean isWordChar(int cp) {
    int type = Character.getType(cp);
    return Character.isLetterOrDigit(cp)
        || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static int wordEnd(String text, int start) {
    int n = text.length();
    int i = start;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (isWordChar(cp) || Character.getType(cp) == Character.FORMAT) {
        i += Character.charCount(cp);
        continue;
      }
      char c = text.charAt(i);
      boolean prevDigit = Character.isDigit(text.codePointBefore(i));
      boolean nextWord = i + 1 < n && isWordChar(text.codePointAt(i + 1));
      if ((c == '-' || c == '\'' || c == '’') && nextWord) {
        i++;
        continue;
      }
      if ((c == '.' || c == ',') && prevDigit && i + 1 < n
          && Character.isDigit(text.codePointAt(i + 1))) {
        i++;
        continue;
      }
      if (c == ':' && nextWord && shortLetterEnding(text, i + 1)) {
        i++;
        continue;
      }
      if (c == '-' && (i + 1 == n || Character.isWhitespace(text.charAt(i + 1)))
          && Character.isLetter(text.codePointBefore(i))) {
        i++;
      }
      break;
    }
    return i;
  }

  /** True when letters from {@code from} run for 1 to 3 characters and then stop. */
  private static boolean shortLetterEnding(String text, int from) {
    int j = from;
    while (j < text.length() && Character.isLetter(text.charAt(j))) {
      j++;
    }
    int len = j - from;
    return len >= 1 && len <= 3 && (j == text.length() || !isWordChar(text.codePointAt(j)));
  }
}
