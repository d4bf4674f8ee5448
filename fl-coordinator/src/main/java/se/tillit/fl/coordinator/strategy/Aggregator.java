package se.tillit.fl.coordinator.strategy;

import java.util.List;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.TensorSpec;

/**
 * Sums client updates. This is the one interface that secure aggregation (SecAgg+) and homomorphic
 * encryption implement: whatever the scheme, the coordinator ends a round holding only the
 * {@link WeightedSum}. The plain implementation ({@code PlainSumAggregator}) sums in the clear.
 *
 * <p>An aggregator is stateless between rounds; each round opens its own {@link Accumulation}.
 */
public interface Aggregator {
  /** The scheme's name as used in run files and {@code SecureAggregationParameters.scheme}. */
  String scheme();

  /** Starts summing one round's updates, each of which must have exactly {@code layout}. */
  Accumulation begin(long round, List<TensorSpec> layout);

  /** One round's running sum. Not thread-safe unless an implementation says so. */
  interface Accumulation {
    /**
     * Adds {@code weight * delta}.
     *
     * @throws IllegalArgumentException if the layout differs, a value is not finite, the weight is
     *     not positive and finite, or the client already contributed
     */
    void add(String clientId, ModelParameters delta, double weight);

    /** The sum so far; the accumulation accepts nothing afterwards. */
    WeightedSum finish();
  }
}
