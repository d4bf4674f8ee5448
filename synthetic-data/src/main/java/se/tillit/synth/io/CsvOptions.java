package se.tillit.synth.io;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link Csv} reads and writes: which cell texts mean "missing", whether unquoted cells are
 * trimmed, and the delimiter. Immutable; build with {@link #builder()} or use {@link #DEFAULT}.
 */
public final class CsvOptions {
  /** Missing tokens "", "?" and "NA"; unquoted cells trimmed; comma-delimited. */
  public static final CsvOptions DEFAULT = builder().build();

  private final Set<String> missingTokens;
  private final boolean trim;
  private final char delimiter;

  private CsvOptions(Builder b) {
    this.missingTokens = Set.copyOf(b.missingTokens);
    this.trim = b.trim;
    this.delimiter = b.delimiter;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Cell texts (after trimming, if on) read as a missing value. */
  public Set<String> missingTokens() {
    return missingTokens;
  }

  /**
   * Whether leading and trailing spaces of unquoted cells are removed (Adult's categories start
   * with a space). Quoted cells are kept as written.
   */
  public boolean trim() {
    return trim;
  }

  public char delimiter() {
    return delimiter;
  }

  boolean isMissing(String cell) {
    return missingTokens.contains(cell);
  }

  @Override
  public String toString() {
    return "CsvOptions{missingTokens=" + missingTokens + ", trim=" + trim + ", delimiter='"
        + delimiter + "'}";
  }

  /** Builder with the defaults of {@link #DEFAULT}. */
  public static final class Builder {
    private Set<String> missingTokens = new LinkedHashSet<>(List.of("", "?", "NA"));
    private boolean trim = true;
    private char delimiter = ',';

    private Builder() {}

    /** Replaces the missing-value tokens; an empty list means only... nothing is missing. */
    public Builder missingTokens(List<String> tokens) {
      if (tokens == null || tokens.stream().anyMatch(t -> t == null)) {
        throw new IllegalArgumentException(
            "missing tokens must be a list of non-null strings. Provided value: " + tokens);
      }
      this.missingTokens = new LinkedHashSet<>(tokens);
      return this;
    }

    public Builder trim(boolean trim) {
      this.trim = trim;
      return this;
    }

    public Builder delimiter(char delimiter) {
      if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
        throw new IllegalArgumentException(
            "delimiter must not be a quote or a line break. Provided value: "
                + (int) delimiter);
      }
      this.delimiter = delimiter;
      return this;
    }

    public CsvOptions build() {
      return new CsvOptions(this);
    }
  }
}
