package se.tillit.fl.coordinator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import se.tillit.fl.coordinator.strategy.AggregateResult;
import se.tillit.fl.coordinator.strategy.Aggregator;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.coordinator.strategy.ClientReport;
import se.tillit.fl.coordinator.strategy.RoundUpdates;
import se.tillit.fl.coordinator.strategy.Strategy;
import se.tillit.fl.coordinator.strategy.WeightedSum;
import se.tillit.fl.protocol.DType;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.TensorSpec;

/** Small strategy, aggregator and model for coordinator tests (not product code). */
final class TestStrategies {
  private TestStrategies() {}

  /** A two-tensor FLOAT32 model of zeros: "0_W" [3, 2] and "0_b" [2]. */
  static ModelParameters initialModel(RunSpec spec) {
    return ModelParameters.of(
        Tensor.ofFloats("0_W", new long[] {3, 2}, new float[6]),
        Tensor.ofFloats("0_b", new long[] {2}, new float[2]));
  }

  /** The next global model is the old one plus the weighted mean of the deltas. */
  static final class MeanDelta implements Strategy {
    final List<List<ClientFailure>> failuresByRound = Collections.synchronizedList(new ArrayList<>());
    final List<Long> roundsAggregated = Collections.synchronizedList(new ArrayList<>());
    volatile long restoredRounds = -1;
    private long rounds;

    @Override
    public String name() {
      return "mean-delta";
    }

    @Override
    public AggregateResult aggregateTrain(long round, ModelParameters global, RoundUpdates updates,
        List<ClientFailure> failures) {
      failuresByRound.add(List.copyOf(failures));
      roundsAggregated.add(round);
      rounds++;
      double[] g = global.toFlatDoubles();
      double[] mean = updates.sum().mean();
      for (int i = 0; i < g.length; i++) {
        g[i] += mean[i];
      }
      double loss = 0;
      long n = 0;
      for (ClientReport r : updates.reports()) {
        loss += r.metrics().getOrDefault("loss", 0.0) * r.numExamples();
        n += r.numExamples();
      }
      return new AggregateResult(global.withFlatDoubles(g), Map.of("loss", loss / n));
    }

    @Override
    public byte[] saveState() {
      return ByteBuffer.allocate(8).putLong(rounds).array();
    }

    @Override
    public void restoreState(byte[] state) {
      rounds = ByteBuffer.wrap(state).getLong();
      restoredRounds = rounds;
    }
  }

  /** Sums in the clear, checking layout, finiteness, weights and duplicates. */
  static final class PlainSum implements Aggregator {
    @Override
    public String scheme() {
      return "plain";
    }

    @Override
    public Accumulation begin(long round, List<TensorSpec> layout) {
      long n = 0;
      for (TensorSpec s : layout) {
        n += s.elementCount();
      }
      double[] sum = new double[(int) n];
      return new Accumulation() {
        private double total;
        private final Set<String> seen = new HashSet<>();
        private final List<String> contributors = new ArrayList<>();
        private boolean finished;

        @Override
        public void add(String clientId, ModelParameters delta, double weight) {
          if (finished) {
            throw new IllegalStateException("finished");
          }
          if (!delta.specs().equals(layout)) {
            throw new IllegalArgumentException("delta layout must equal the round's layout");
          }
          if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive. Provided value: " + weight);
          }
          if (!seen.add(clientId)) {
            throw new IllegalArgumentException("client " + clientId + " already contributed");
          }
          double[] d = delta.toFlatDoubles();
          for (double v : d) {
            if (!Double.isFinite(v)) {
              throw new IllegalArgumentException("delta values must be finite");
            }
          }
          for (int i = 0; i < d.length; i++) {
            sum[i] += weight * d[i];
          }
          total += weight;
          contributors.add(clientId);
        }

        @Override
        public WeightedSum finish() {
          finished = true;
          return new WeightedSum(sum.clone(), total, contributors);
        }
      };
    }
  }

  static Map<String, Double> sorted(Map<String, Double> m) {
    return new TreeMap<>(m);
  }

  static boolean isFloat32(ModelParameters m) {
    return m.tensors().stream().allMatch(t -> t.dtype() == DType.FLOAT32);
  }
}
