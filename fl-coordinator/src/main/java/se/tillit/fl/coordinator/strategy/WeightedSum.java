package se.tillit.fl.coordinator.strategy;

import java.util.List;
import java.util.Objects;

/**
 * The output of an {@link Aggregator}: the sum over contributing clients of {@code weight * delta}
 * as one flat vector (in {@link se.tillit.fl.protocol.ModelParameters#toFlatDoubles()} order), the
 * total weight, and who contributed. This is all a strategy learns about the updates when the
 * aggregation is secure (SecAgg+, homomorphic encryption).
 */
public record WeightedSum(double[] sum, double totalWeight, List<String> contributors) {
  public WeightedSum {
    Objects.requireNonNull(sum, "sum");
    contributors = List.copyOf(contributors);
    if (!(totalWeight >= 0) || Double.isInfinite(totalWeight)) {
      throw new IllegalArgumentException(
          "totalWeight must be finite and non-negative. Provided value: " + totalWeight);
    }
  }

  /** The weighted mean {@code sum / totalWeight}; requires a positive total weight. */
  public double[] mean() {
    if (totalWeight <= 0) {
      throw new IllegalStateException("no weight was aggregated; the mean is undefined");
    }
    double[] mean = new double[sum.length];
    for (int i = 0; i < sum.length; i++) {
      mean[i] = sum[i] / totalWeight;
    }
    return mean;
  }

  @Override
  public String toString() {
    return "WeightedSum{length=" + sum.length + ", totalWeight=" + totalWeight
        + ", contributors=" + contributors.size() + "}";
  }
}
