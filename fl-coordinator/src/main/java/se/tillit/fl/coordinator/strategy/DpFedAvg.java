package se.tillit.fl.coordinator.strategy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.fedavg.ClientLevelDp;
import se.tillit.fl.coordinator.strategy.internal.Vectors;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Client-level differential privacy around another strategy: DP-FedAvg (McMahan, Ramage, Talwar
 * and Zhang, ICLR 2018, "Learning Differentially Private Recurrent Language Models") with fixed or
 * adaptive clipping (Andrew et al., NeurIPS 2021, "Differentially Private Learning with Adaptive
 * Clipping").
 *
 * <p>Per round:
 * <ol>
 *   <li>{@link #configureTrain} asks every client to clip its whole update to L2 norm {@code C}
 *       ({@link TrainSettings#clipNorm()}) and, with adaptive clipping, to report {@code
 *       dp.unclipped} = 1 if its norm was at most {@code C} ({@link
 *       TrainSettings#reportUnclipped()}). Every client counts once ({@link Weighting#UNIFORM}),
 *       so one client moves the sum by at most {@code C}.
 *   <li>{@link #aggregateTrain} adds Gaussian noise of standard deviation {@code z_Delta C} to the
 *       sum of the clipped deltas, drawn from a {@link SecureRandom} ({@link Randomness#secure()}
 *       unless a test sets one), and divides by the number of clients <em>sampled</em> for the
 *       round (contributors plus failures), not by the number that contributed: the
 *       fixed-denominator estimator of McMahan et al., whose denominator does not depend on who
 *       answered, so a dropped client does not change the sensitivity {@code C / n} of the mean.
 *       (A dropped client then counts as a zero update.)
 *   <li>The noised mean goes to the inner strategy as a {@link WeightedSum} with total weight 1
 *       and sum equal to the noised mean; FedAvg adds it to the model, FedAdam and friends use it
 *       as the pseudo-gradient. This is post-processing and costs no privacy.
 *   <li>Adaptive clipping: with {@code b_i} the clients' bits, the server computes {@code
 *       sum(b_i - 1/2) + N(0, sigma_b^2)} (centred, so that one client changes it by at most 1/2,
 *       as in the paper), divides by the sampled count and adds 1/2 to get the noised unclipped
 *       fraction {@code b}, then sets {@code C <- C exp(-eta_C (b - gamma))} for the next round.
 *       The round's two Gaussian mechanisms compose to noise multiplier {@code z} when the model
 *       noise uses {@code z_Delta = (z^-2 - (2 sigma_b)^-2)^(-1/2)} (the paper's formula), so
 *       {@code z} is what the accountant sees. The noise of round {@code t} uses the clip norm the
 *       clients used in round {@code t} (Flower's server wrapper uses the already-updated one).
 * </ol>
 *
 * <p>Privacy of the whole run: {@link #dpEvent(double, long)} ({@link ClientLevelDp#roundsEvent}),
 * treating fixed-fraction client sampling as Poisson sampling. The guarantee assumes the clients
 * clip as asked (a client that does not clip weakens only its own protection) and a coordinator
 * that adds the noise honestly (central DP). The clip norm is the strategy's state and travels in
 * {@link #saveState()} together with the inner strategy's state. Metrics: {@code dp.clip_norm}
 * (used this round), {@code dp.noise_std} (on the sum), {@code dp.noise_multiplier} ({@code z}),
 * and with adaptive clipping {@code dp.unclipped_fraction} (noised) and {@code dp.clip_norm_next}.
 * The inner strategy's metrics (for example the clients' mean training loss) are passed through
 * unnoised; they are not covered by the guarantee.
 *
 * <p>Only strategies that work on the sum can be wrapped: robust strategies (median, trimmed mean,
 * Krum) need each client's update, which is outside the clipped-sum analysis the noise is
 * calibrated for, so the builder refuses them.
 */
public final class DpFedAvg implements Strategy {
  private static final int MAGIC = 0x54445031; // "TDP1"

  private final Strategy inner;
  private final double noiseMultiplier;
  private final double modelNoiseMultiplier;
  private final double fixedClipNorm;
  private final AdaptiveClipping adaptive;
  private final SecureRandom random;
  private double clipNorm;

  private DpFedAvg(Builder b) {
    this.inner = b.inner;
    this.noiseMultiplier = b.noiseMultiplier;
    this.fixedClipNorm = b.fixedClipNorm;
    this.adaptive = b.adaptive;
    this.random = b.random != null ? b.random : Randomness.secure();
    this.clipNorm = adaptive != null ? adaptive.initialClipNorm() : fixedClipNorm;
    this.modelNoiseMultiplier = modelNoiseMultiplier(noiseMultiplier, adaptive);
  }

  private static double modelNoiseMultiplier(double z, AdaptiveClipping adaptive) {
    if (adaptive == null || z == 0) {
      return z;
    }
    double twoSigmaB = 2 * adaptive.countNoiseStddev();
    if (!(twoSigmaB > z)) {
      throw new IllegalArgumentException(
          "count_noise must be > noise_multiplier / 2 = " + (z / 2)
              + " so that the model noise multiplier (z^-2 - (2 count_noise)^-2)^(-1/2) exists"
              + " (Andrew et al. suggest expected clients per round / 20). Provided value: "
              + adaptive.countNoiseStddev());
    }
    return 1.0 / Math.sqrt(1.0 / (z * z) - 1.0 / (twoSigmaB * twoSigmaB));
  }

  /** A builder wrapping {@code inner}, which must not need individual updates. */
  public static Builder builder(Strategy inner) {
    return new Builder(inner);
  }

  /** {@code "dp-"} followed by the inner strategy's name. */
  @Override
  public String name() {
    return "dp-" + inner.name();
  }

  public Strategy inner() {
    return inner;
  }

  /** {@code z}: the noise multiplier of a whole round, what the accountant uses. */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** {@code z_Delta}: the model noise over the clip norm ({@code z} with fixed clipping). */
  public double modelNoiseMultiplier() {
    return modelNoiseMultiplier;
  }

  /** The clip norm the next round's clients will be asked to use. */
  public double clipNorm() {
    return clipNorm;
  }

  public boolean isAdaptive() {
    return adaptive != null;
  }

  /**
   * The privacy event of {@code rounds} rounds with client sampling rate {@code samplingRate}; see
   * {@link ClientLevelDp#roundsEvent}.
   *
   * @throws IllegalArgumentException if the noise multiplier is 0 (no privacy) or a parameter is
   *     out of range
   */
  public DpEvent dpEvent(double samplingRate, long rounds) {
    return ClientLevelDp.roundsEvent(noiseMultiplier, samplingRate, rounds);
  }

  @Override
  public Weighting weighting() {
    return Weighting.UNIFORM;
  }

  @Override
  public boolean needsIndividualUpdates() {
    return false;
  }

  @Override
  public TrainSettings configureTrain(long round, TrainSettings base) {
    return inner.configureTrain(round, base).withClipping(clipNorm, adaptive != null);
  }

  @Override
  public AggregateResult aggregateTrain(
      long round, ModelParameters global, RoundUpdates updates, List<ClientFailure> failures) {
    int contributors = updates.reports().size();
    int sampled = contributors + failures.size();
    if (sampled == 0) {
      throw new IllegalArgumentException("a round must have at least one sampled client");
    }
    double[] noised = updates.sum().sum().clone();
    Vectors.checkLength(noised, global);
    double noiseStd = modelNoiseMultiplier * clipNorm;
    ClientLevelDp.addNoise(noised, noiseStd, random);
    for (int i = 0; i < noised.length; i++) {
      noised[i] /= sampled;
    }

    double nextClip = clipNorm;
    double unclippedFraction = Double.NaN;
    if (adaptive != null) {
      double[] centred = {0};
      for (ClientReport r : updates.reports()) {
        Double bit = r.metrics().get(StrategyMetrics.CLIENT_DP_UNCLIPPED);
        centred[0] += (bit != null && bit >= 0.5 ? 1.0 : 0.0) - 0.5;
      }
      ClientLevelDp.addNoise(centred, adaptive.countNoiseStddev(), random);
      unclippedFraction = centred[0] / sampled + 0.5;
      nextClip = clipNorm
          * Math.exp(-adaptive.learningRate() * (unclippedFraction - adaptive.targetQuantile()));
    }

    RoundUpdates forInner = new RoundUpdates(
        new WeightedSum(noised, 1.0, updates.sum().contributors()), updates.reports(), List.of());
    AggregateResult result = inner.aggregateTrain(round, global, forInner, failures);

    Map<String, Double> metrics = new TreeMap<>(result.metrics());
    metrics.put(StrategyMetrics.DP_CLIP_NORM, clipNorm);
    metrics.put(StrategyMetrics.DP_NOISE_STD, noiseStd);
    metrics.put(StrategyMetrics.DP_NOISE_MULTIPLIER, noiseMultiplier);
    if (adaptive != null) {
      metrics.put(StrategyMetrics.DP_UNCLIPPED_FRACTION, unclippedFraction);
      metrics.put(StrategyMetrics.DP_CLIP_NORM_NEXT, nextClip);
    }
    // The noised count was computed (and released through the next clip norm) even if the inner
    // strategy rejected the round, so the clip norm moves on either way.
    clipNorm = nextClip;
    return new AggregateResult(result.global(), metrics);
  }

  @Override
  public Map<String, Double> aggregateEvaluate(
      long round, List<EvaluateResult> results, List<ClientFailure> failures) {
    return inner.aggregateEvaluate(round, results, failures);
  }

  /**
   * Magic {@code "TDP1"}, the current clip norm (big-endian double), then the inner strategy's
   * state (length-prefixed).
   */
  @Override
  public byte[] saveState() {
    byte[] innerState = inner.saveState();
    return ByteBuffer.allocate(4 + 8 + 4 + innerState.length)
        .putInt(MAGIC).putDouble(clipNorm).putInt(innerState.length).put(innerState).array();
  }

  /**
   * Restores {@link #saveState()}'s output; an empty array resets the clip norm to its initial
   * value and the inner strategy to its initial state.
   *
   * @throws IllegalArgumentException if the bytes are not a DP-FedAvg state
   */
  @Override
  public void restoreState(byte[] state) {
    Objects.requireNonNull(state, "state");
    if (state.length == 0) {
      inner.restoreState(state);
      clipNorm = adaptive != null ? adaptive.initialClipNorm() : fixedClipNorm;
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(state);
    if (state.length < 16 || b.getInt() != MAGIC) {
      throw new IllegalArgumentException("state must start with the DP-FedAvg magic TDP1");
    }
    double storedClip = b.getDouble();
    int len = b.getInt();
    if (!(storedClip > 0) || Double.isInfinite(storedClip) || len != b.remaining()) {
      throw new IllegalArgumentException("state has an invalid clip norm or length");
    }
    byte[] innerState = new byte[len];
    b.get(innerState);
    inner.restoreState(innerState);
    clipNorm = storedClip;
  }

  @Override
  public String toString() {
    return "DpFedAvg{inner=" + inner + ", noiseMultiplier=" + noiseMultiplier
        + ", modelNoiseMultiplier=" + modelNoiseMultiplier + ", clipNorm=" + clipNorm
        + ", adaptive=" + adaptive + "}";
  }

  /** Builds a {@link DpFedAvg}; the noise multiplier and one clipping mode are required. */
  public static final class Builder {
    private final Strategy inner;
    private Double noiseMultiplierOrNull;
    private double noiseMultiplier;
    private double fixedClipNorm;
    private AdaptiveClipping adaptive;
    private SecureRandom random;

    private Builder(Strategy inner) {
      this.inner = Objects.requireNonNull(inner, "inner");
      if (inner.needsIndividualUpdates()) {
        throw new IllegalArgumentException(
            "client-level DP can wrap only strategies that aggregate the sum (fedavg, fedprox,"
                + " fedadagrad, fedadam, fedyogi). Provided value: " + inner.name());
      }
      if (inner instanceof DpFedAvg) {
        throw new IllegalArgumentException("a DP-FedAvg strategy must not be wrapped twice");
      }
    }

    /**
     * {@code z}: noise standard deviation over the clip norm for the whole round, finite and
     * {@code >= 0}. 0 adds no noise and gives no privacy (for experiments only).
     */
    public Builder noiseMultiplier(double z) {
      if (!(z >= 0) || Double.isInfinite(z)) {
        throw new IllegalArgumentException(
            "noise_multiplier must be finite and >= 0. Provided value: " + z);
      }
      this.noiseMultiplierOrNull = z;
      this.noiseMultiplier = z;
      return this;
    }

    /** A fixed clip norm, positive and finite; replaces adaptive clipping if it was set. */
    public Builder fixedClipNorm(double clipNorm) {
      if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
        throw new IllegalArgumentException(
            "clip_norm must be positive and finite. Provided value: " + clipNorm);
      }
      this.fixedClipNorm = clipNorm;
      this.adaptive = null;
      return this;
    }

    /** Adaptive clipping; replaces a fixed clip norm if it was set. */
    public Builder adaptiveClipping(AdaptiveClipping adaptiveClipping) {
      this.adaptive = Objects.requireNonNull(adaptiveClipping, "adaptiveClipping");
      this.fixedClipNorm = 0;
      return this;
    }

    /** The noise source; {@link Randomness#secure()} by default. Tests may pass a seeded one. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * @throws IllegalStateException if the noise multiplier or the clipping was never set
     * @throws IllegalArgumentException if adaptive clipping's count noise is too small for the
     *     noise multiplier
     */
    public DpFedAvg build() {
      if (noiseMultiplierOrNull == null) {
        throw new IllegalStateException("noise multiplier must be set before build()");
      }
      if (adaptive == null && fixedClipNorm == 0) {
        throw new IllegalStateException(
            "a fixed clip norm or adaptive clipping must be set before build()");
      }
      return new DpFedAvg(this);
    }
  }
}
