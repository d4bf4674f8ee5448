package se.tillit.fl.coordinator.strategy;

import java.util.Map;

/**
 * What the coordinator tells each sampled client for one training round. A strategy may change it
 * per round in {@link Strategy#configureTrain}; for example FedProx sets {@code proximalMu} and
 * DP-FedAvg sets {@code clipNorm}.
 *
 * @param localEpochs passes over the local data, at least 1
 * @param batchSize records per mini-batch, at least 1
 * @param learningRate the client optimiser's step size, positive
 * @param proximalMu FedProx proximal term weight; 0 for none
 * @param clipNorm client-level DP: the L2 bound on each client's whole update; 0 for no clipping
 * @param reportUnclipped whether clients report {@code dp.unclipped} (adaptive clipping)
 * @param config further settings passed through to the client's training code
 */
public record TrainSettings(
    int localEpochs,
    int batchSize,
    double learningRate,
    double proximalMu,
    double clipNorm,
    boolean reportUnclipped,
    Map<String, Object> config) {

  public TrainSettings {
    if (localEpochs < 1) {
      throw new IllegalArgumentException("localEpochs must be at least 1. Provided value: " + localEpochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1. Provided value: " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be positive and finite. Provided value: " + learningRate);
    }
    if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
      throw new IllegalArgumentException(
          "proximalMu must be finite and non-negative. Provided value: " + proximalMu);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException(
          "clipNorm must be finite and non-negative. Provided value: " + clipNorm);
    }
    config = Map.copyOf(config);
  }

  public TrainSettings withProximalMu(double mu) {
    return new TrainSettings(localEpochs, batchSize, learningRate, mu, clipNorm, reportUnclipped, config);
  }

  public TrainSettings withClipping(double clip, boolean reportUnclippedBit) {
    return new TrainSettings(localEpochs, batchSize, learningRate, proximalMu, clip, reportUnclippedBit, config);
  }
}
