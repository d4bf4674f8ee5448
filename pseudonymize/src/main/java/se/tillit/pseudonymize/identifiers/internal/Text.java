package se.tillit.pseudonymize.identifiers.internal;

/** Small string helpers shared by the validators. */
public final class Text {
  private Text() {}

  /** Removes the given separator characters from {@code s}. */
  public static String strip(String s, String separators) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (separators.indexOf(c) < 0) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** True when {@code s} is non-empty and consists of ASCII digits only. */
  public static boolean isDigits(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The exception thrown for input that does not parse; it never contains the input. */
  public static IllegalArgumentException invalid(String what, String constraint) {
    return new IllegalArgumentException(
        what + " must be " + constraint + ". Provided value: (withheld, personal data)");
  }
}
