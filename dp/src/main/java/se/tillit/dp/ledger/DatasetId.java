package se.tillit.dp.ledger;

import java.util.regex.Pattern;

/**
 * Identifies a dataset in the budget ledger: the owning agency plus the agency's name for the
 * dataset, written {@code owner/dataset}, for example {@code tax-agency/income-2024}.
 *
 * <p>Both parts are 1 to 128 characters from {@code a-z 0-9 . _ -} (lower case, so that two
 * spellings can never name two ledgers for one dataset).
 */
public record DatasetId(String owner, String dataset) implements Comparable<DatasetId> {
  private static final Pattern PART = Pattern.compile("[a-z0-9._-]{1,128}");
  private static final String ALLOWED =
      "1 to 128 characters from a-z, 0-9, '.', '_' and '-' (lower case, no spaces)";

  /**
   * @throws IllegalArgumentException if a part is null, empty, too long or has other characters
   */
  public DatasetId {
    check("dataset owner agency", owner);
    check("dataset id", dataset);
  }

  private static void check(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be " + ALLOWED + ". Provided value: null");
    }
    if (!PART.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " must be " + ALLOWED + ". Provided value: '" + value + "'");
    }
  }

  /** {@code new DatasetId(owner, dataset)}. */
  public static DatasetId of(String owner, String dataset) {
    return new DatasetId(owner, dataset);
  }

  /**
   * Parses {@code owner/dataset}.
   *
   * @throws IllegalArgumentException if there is not exactly one '/' or a part is invalid
   */
  public static DatasetId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "dataset id must be written owner/dataset, e.g. tax-agency/income-2024. Provided value: "
              + "null");
    }
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      throw new IllegalArgumentException(
          "dataset id must be written owner/dataset with exactly one '/', e.g. "
              + "tax-agency/income-2024. Provided value: '" + text + "'");
    }
    return new DatasetId(text.substring(0, slash), text.substring(slash + 1));
  }

  /** {@code owner/dataset}. */
  @Override
  public String toString() {
    return owner + "/" + dataset;
  }

  @Override
  public int compareTo(DatasetId other) {
    int c = owner.compareTo(other.owner);
    return c != 0 ? c : dataset.compareTo(other.dataset);
  }
}
