package se.tillit.synth.data;

import java.util.Arrays;
import java.util.List;

/**
 * A table with every column integer-coded: column {@code j} takes values {@code 0 ..
 * domainSizes[j]-1}. This is what the marginal-based synthesizers (MST, AIM, PrivBayes) work on;
 * the domain sizes are public (from the schema), never read from the data.
 *
 * <p>Stored column-major: {@code codes[j][i]} is row i of column j.
 */
public record EncodedData(List<String> names, int[] domainSizes, int[][] codes) {
  public EncodedData {
    names = List.copyOf(names);
    domainSizes = domainSizes.clone();
    if (names.size() != domainSizes.length || names.size() != codes.length) {
      throw new IllegalArgumentException(
          "names, domain sizes and code columns must have the same length. Provided value: "
              + names.size() + ", " + domainSizes.length + ", " + codes.length);
    }
    int n = codes.length == 0 ? 0 : codes[0].length;
    for (int j = 0; j < codes.length; j++) {
      if (domainSizes[j] < 1) {
        throw new IllegalArgumentException(
            "domain size of column '" + names.get(j) + "' must be >= 1. Provided value: "
                + domainSizes[j]);
      }
      if (codes[j].length != n) {
        throw new IllegalArgumentException(
            "every column must have " + n + " rows. Provided value: column '" + names.get(j)
                + "' has " + codes[j].length);
      }
    }
  }

  public int rowCount() {
    return codes.length == 0 ? 0 : codes[0].length;
  }

  public int columnCount() {
    return codes.length;
  }

  @Override
  public int[] domainSizes() {
    return domainSizes.clone();
  }

  @Override
  public String toString() {
    return "EncodedData[" + rowCount() + " rows, domain " + Arrays.toString(domainSizes) + "]";
  }
}
