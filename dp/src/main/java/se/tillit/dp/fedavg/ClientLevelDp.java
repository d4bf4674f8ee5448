package se.tillit.dp.fedavg;

import java.security.SecureRandom;
import java.util.Objects;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.dl4j.internal.SecureGaussian;

/**
 * Client-level differential privacy for federated averaging (DP-FedAvg, McMahan, Ramage, Talwar
 * and Zhang, ICLR 2018, "Learning Differentially Private Recurrent Language Models"): each
 * client's whole update is clipped to L2 norm {@code C} (on the client, {@link #clipInPlace}), the
 * server adds {@code N(0, (z C)^2)} to the sum of the clipped updates ({@link #addNoise}), and the
 * privacy unit is the client (all of its records at once), not a record.
 *
 * <p>Accounting ({@link #roundsEvent}, {@link #epsilon}): one round is the Gaussian mechanism with
 * noise multiplier {@code z} on a subsample of clients. The coordinator samples a fixed fraction
 * {@code q} of the clients; like TensorFlow Federated and Flower, and like McMahan et al., the
 * accounting treats that as Poisson sampling with probability {@code q}. This is the customary
 * approximation: strictly, amplification by sampling a fixed-size subset is analysed under the
 * replace-one relation, not add/remove-one. With {@code q = 1} (every client in every round) no
 * amplification is claimed and the event is the Gaussian mechanism composed {@code rounds} times.
 * With adaptive clipping (Andrew et al. 2021) {@code z} is the noise multiplier of the whole round
 * (model noise and clipped-count noise together), which is what the accountant needs.
 *
 * <p>The noise is floating-point Gaussian noise from a {@link SecureRandom} (Box-Muller on 53-bit
 * uniforms), like DP-SGD's; it does not defend against the floating-point attacks of Mironov (CCS
 * 2012).
 */
public final class ClientLevelDp {
  private ClientLevelDp() {}

  /**
   * Clips {@code update} in place to L2 norm at most {@code clipNorm}, the norm taken over the
   * whole update (all tensors flattened into one vector): if its norm {@code n} exceeds {@code
   * clipNorm}, every value is multiplied by {@code clipNorm / n}; otherwise nothing changes.
   *
   * @return the norm before clipping (for adaptive clipping: the client reports whether it was at
   *     most {@code clipNorm})
   * @throws IllegalArgumentException if {@code clipNorm} is not positive and finite, or a value of
   *     {@code update} is not finite (the array is then left unchanged)
   */
  public static double clipInPlace(double[] update, double clipNorm) {
    Objects.requireNonNull(update, "update");
    DpPreconditions.checkPositiveFinite("clip norm", clipNorm);
    double norm = l2Norm(update);
    if (!Double.isFinite(norm)) {
      throw new IllegalArgumentException(
          "update must hold only finite values. Provided value: a vector with a NaN or infinite"
              + " entry");
    }
    if (norm > clipNorm) {
      double scale = clipNorm / norm;
      for (int i = 0; i < update.length; i++) {
        update[i] *= scale;
      }
    }
    return norm;
  }

  /**
   * The L2 norm of {@code v}, computed with scaling so that it neither overflows nor underflows for
   * finite input; NaN or infinite if a value is.
   */
  public static double l2Norm(double[] v) {
    double scale = 0;
    for (double x : v) {
      double a = Math.abs(x);
      if (!(a <= Double.MAX_VALUE)) {
        return Double.isNaN(x) ? Double.NaN : Double.POSITIVE_INFINITY;
      }
      scale = Math.max(scale, a);
    }
    if (scale == 0) {
      return 0;
    }
    double sum = 0;
    for (double x : v) {
      double s = x / scale;
      sum += s * s;
    }
    return scale * Math.sqrt(sum);
  }

  /**
   * Adds independent {@code N(0, stddev^2)} noise to every entry of {@code vector}, in place.
   *
   * @throws IllegalArgumentException if {@code stddev} is negative or not finite ({@code 0} adds
   *     nothing)
   */
  public static void addNoise(double[] vector, double stddev, SecureRandom random) {
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(random, "random");
    DpPreconditions.checkNonNegativeFinite("noise standard deviation", stddev);
    if (stddev == 0 || vector.length == 0) {
      return;
    }
    double[] noise = new double[Math.min(vector.length, 1 << 16)];
    for (int from = 0; from < vector.length; from += noise.length) {
      int n = Math.min(noise.length, vector.length - from);
      double[] block = n == noise.length ? noise : new double[n];
      SecureGaussian.fill(random, stddev, block);
      for (int i = 0; i < n; i++) {
        vector[from + i] += block[i];
      }
    }
  }

  /**
   * The privacy event of {@code rounds} DP-FedAvg rounds with noise multiplier {@code z} (noise
   * standard deviation over clip norm) and client sampling rate {@code q}: {@code rounds}-fold
   * {@code PoissonSampled(q, Gaussian(z))}, or, for {@code q = 1}, {@code rounds}-fold {@code
   * Gaussian(z)} (see the class comment on fixed-fraction sampling).
   *
   * @throws IllegalArgumentException if {@code z} is not positive and finite, {@code q} not in (0,
   *     1], or {@code rounds < 1}
   */
  public static DpEvent roundsEvent(double noiseMultiplier, double samplingRate, long rounds) {
    DpPreconditions.checkNoiseMultiplier(noiseMultiplier);
    DpPreconditions.checkSamplingRate(samplingRate);
    DpPreconditions.checkSteps(rounds);
    DpEvent round = new DpEvent.Gaussian(noiseMultiplier);
    if (samplingRate < 1) {
      round = new DpEvent.PoissonSampled(samplingRate, round);
    }
    return rounds == 1 ? round : new DpEvent.SelfComposed(round, rounds);
  }

  /**
   * The client-level epsilon at {@code delta} after {@code rounds} rounds, from the PLD accountant
   * with its default settings ({@link PldAccountant#PldAccountant()}), for the event {@link
   * #roundsEvent}. The answer is an upper bound (the accountant discretises pessimistically).
   *
   * @throws IllegalArgumentException for the parameters {@link #roundsEvent} refuses, or {@code
   *     delta} not in (0, 1)
   */
  public static double epsilon(
      double noiseMultiplier, double samplingRate, long rounds, double delta) {
    return new PldAccountant().epsilon(roundsEvent(noiseMultiplier, samplingRate, rounds), delta);
  }
}
