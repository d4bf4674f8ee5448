package se.tillit.fl.coordinator.strategy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import se.tillit.fl.coordinator.strategy.internal.RoundGate;
import se.tillit.fl.coordinator.strategy.internal.Vectors;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Adaptive server optimisers of Reddi et al. (ICLR 2021, "Adaptive Federated Optimization",
 * Algorithm 2): the pseudo-gradient of a round is the example-weighted mean delta {@code Delta_t}
 * (clients upload local minus global), and the server keeps per-coordinate moments
 * <pre>
 *   m_t = beta1 * m_{t-1} + (1 - beta1) * Delta_t
 *   v_t = (variant's rule, see FedAdagrad, FedAdam, FedYogi)
 *   x_{t+1} = x_t + eta * m_t / (sqrt(v_t) + tau)
 * </pre>
 *
 * <p>The rules were compared with Flower's {@code FedAdagrad}, {@code FedAdam} and {@code FedYogi}
 * ({@code adap/flower}, {@code framework/py/flwr/server/strategy/fedadagrad.py}, {@code
 * fedadam.py}, {@code fedyogi.py}) and reproduce the numbers of Flower's {@code
 * fedadagrad_test.py}. As in Flower, both moments start at zero (the paper allows any {@code
 * v_{-1} >= tau^2}; with {@code tau > 0} in the denominator a zero start is safe). Unlike Flower's
 * current FedAdam, no Adam bias correction of the step ({@code sqrt(1 - beta2^t) / (1 - beta1^t)})
 * is applied: this follows the paper's Algorithm 2.
 *
 * <p>The moments are the strategy's state: {@link #saveState()} writes them (with the number of
 * steps taken) in a compact binary form that {@link #restoreState(byte[])} reads back, so that a
 * restarted coordinator continues with identical rounds. A rejected round (see {@link
 * RoundPolicy}) does not change them. Works on the sum alone, so it combines with secure
 * aggregation and with DP-FedAvg (the noised mean is the pseudo-gradient, as in Andrew et al.
 * 2021's server momentum).
 */
public abstract sealed class FedOpt implements Strategy permits FedAdagrad, FedAdam, FedYogi {
  private static final int MAGIC = 0x54464f31; // "TFO1"

  private final RoundPolicy policy;
  private final double eta;
  private final double beta1;
  private final double beta2;
  private final double tau;
  private double[] m;
  private double[] v;
  private long steps;

  FedOpt(RoundPolicy policy, double eta, double beta1, double beta2, double tau) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.eta = FedAvg.checkServerLearningRate(eta);
    this.beta1 = checkBeta("beta1", beta1);
    this.beta2 = checkBeta("beta2", beta2);
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("tau must be positive and finite. Provided value: " + tau);
    }
    this.tau = tau;
  }

  private static double checkBeta(String name, double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(
          name + " must be >= 0 and < 1. Provided value: " + beta);
    }
    return beta;
  }

  /** The new second moment, from the previous one ({@code v}, zeros at first) and {@code delta}. */
  abstract double secondMoment(double v, double delta);

  public RoundPolicy policy() {
    return policy;
  }

  /** The server learning rate eta. */
  public double serverLearningRate() {
    return eta;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double tau() {
    return tau;
  }

  /** Server steps taken so far (accepted rounds). */
  public long steps() {
    return steps;
  }

  @Override
  public AggregateResult aggregateTrain(
      long round, ModelParameters global, RoundUpdates updates, List<ClientFailure> failures) {
    AggregateResult rejected = RoundGate.rejectionOrNull(policy, global, updates, failures);
    if (rejected != null) {
      return rejected;
    }
    double[] delta = updates.sum().mean();
    Vectors.checkLength(delta, global);
    if (m != null && m.length != delta.length) {
      throw new IllegalStateException(
          name() + " state holds moments for " + m.length + " parameters, but the model has "
              + delta.length);
    }
    int n = delta.length;
    double[] newM = new double[n];
    double[] newV = new double[n];
    double[] step = new double[n];
    for (int i = 0; i < n; i++) {
      double prevM = m == null ? 0 : m[i];
      double prevV = v == null ? 0 : v[i];
      newM[i] = beta1 * prevM + (1 - beta1) * delta[i];
      newV[i] = secondMoment(prevV, delta[i]);
      step[i] = eta * newM[i] / (Math.sqrt(newV[i]) + tau);
    }
    ModelParameters next = Vectors.apply(global, step);
    m = newM;
    v = newV;
    steps++;
    Map<String, Double> metrics = new TreeMap<>(RoundGate.acceptedMetrics(updates, failures));
    return new AggregateResult(next, metrics);
  }

  /**
   * The moments and step count: magic {@code "TFO1"}, the strategy name (length-prefixed UTF-8),
   * the step count, the vector length ({@code -1} before the first step), then {@code m} and
   * {@code v} as big-endian doubles.
   */
  @Override
  public byte[] saveState() {
    byte[] name = name().getBytes(StandardCharsets.UTF_8);
    int len = m == null ? -1 : m.length;
    long size = 4L + 4 + name.length + 8 + 4 + (len < 0 ? 0 : 16L * len);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("state of " + len + " parameters does not fit one array");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size);
    b.putInt(MAGIC).putInt(name.length).put(name).putLong(steps).putInt(len);
    if (len >= 0) {
      b.asDoubleBuffer().put(m).put(v);
    }
    return b.array();
  }

  /**
   * Restores {@link #saveState()}'s output; an empty array resets to the initial state.
   *
   * @throws IllegalArgumentException if the bytes are not this strategy's state
   */
  @Override
  public void restoreState(byte[] state) {
    Objects.requireNonNull(state, "state");
    if (state.length == 0) {
      m = null;
      v = null;
      steps = 0;
      return;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(state);
      if (b.getInt() != MAGIC) {
        throw new IllegalArgumentException("state must start with the FedOpt magic TFO1");
      }
      int nameLen = b.getInt();
      if (nameLen < 0 || nameLen > 64) {
        throw new IllegalArgumentException("state has an invalid strategy name length");
      }
      byte[] name = new byte[nameLen];
      b.get(name);
      String stored = new String(name, StandardCharsets.UTF_8);
      if (!stored.equals(name())) {
        throw new IllegalArgumentException(
            "state must be " + name() + "'s. Provided value: state of " + stored);
      }
      long storedSteps = b.getLong();
      int len = b.getInt();
      if (storedSteps < 0 || len < -1 || (len >= 0 && b.remaining() != 16L * len)
          || (len < 0 && b.remaining() != 0)) {
        throw new IllegalArgumentException("state has an inconsistent length");
      }
      double[] newM = null;
      double[] newV = null;
      if (len >= 0) {
        newM = new double[len];
        newV = new double[len];
        b.asDoubleBuffer().get(newM).get(newV);
      }
      m = newM;
      v = newV;
      steps = storedSteps;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("state is truncated", e);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{eta=" + eta + ", beta1=" + beta1 + ", beta2=" + beta2
        + ", tau=" + tau + ", steps=" + steps + ", " + policy + "}";
  }
}
