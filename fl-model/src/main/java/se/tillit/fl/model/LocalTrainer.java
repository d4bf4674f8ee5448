package se.tillit.fl.model;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.dl4j.DpSgdConfig;
import se.tillit.dp.dl4j.DpSgdTrainer;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Local training and evaluation of one {@link ModelSpec} on encoded data: what a client does with
 * a task, and what the simulation's centralised baseline does on the union of the data.
 *
 * <h2>Training</h2>
 *
 * A fresh network is built for every call (nothing is kept between calls, so an idle client holds
 * no network) and loaded with the start parameters. Then, for {@code epochs} passes over the data
 * in an order shuffled with {@code seed}, one optimiser step per mini-batch of {@code batchSize}
 * rows (the last may be smaller), at most {@code maxSteps} steps:
 *
 * <ul>
 *   <li>the gradient of the mean loss of the batch is computed by the network
 *       ({@code computeGradientAndScore});
 *   <li>FedProx (Li et al. 2020): with {@code proximalMu > 0} the gradient of the proximal term
 *       {@code mu/2 ||w - w_start||^2}, that is {@code mu (w - w_start)}, is added;
 *   <li>the sum is handed to the network's own updater (SGD, or Adam for {@code optimizer: adam},
 *       with the learning rate given) and the parameters are stepped, as {@code fit} does.
 * </ul>
 *
 * <p>With record-level DP ({@link TrainOptions.Builder#recordLevelDp}) the steps are the dp
 * module's {@link DpSgdTrainer} instead: Poisson sampling with expected batch size {@code
 * batchSize}, per-example clipping to {@code maxGradNorm}, Gaussian noise from a {@link
 * SecureRandom}; the number of steps is {@link TrainOptions#plannedSteps(int)}, and the result
 * carries the exact {@link DpEvent} of the steps taken. The proximal term is not applied under
 * DP-SGD (DpSgdTrainer has no hook for it); a warning is logged.
 *
 * <p>Metrics: loss (mean cross-entropy) and accuracy of the trained model on the training data.
 * Under record-level DP they are computed from the data without noise, so a client that must keep
 * its DP guarantee should not release them (the fl-client does not).
 *
 * <p>Thread-safe: every call has its own network.
 */
public final class LocalTrainer {
  private static final Logger log = LoggerFactory.getLogger(LocalTrainer.class);

  private final ModelSpec spec;
  private final FeatureSchema schema;

  private LocalTrainer(ModelSpec spec, FeatureSchema schema) {
    this.spec = spec;
    this.schema = schema;
  }

  /**
   * A trainer for this model and schema.
   *
   * @throws IllegalArgumentException if the spec does not fit the schema
   */
  public static LocalTrainer create(ModelSpec spec, FeatureSchema schema) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(schema, "schema");
    if (spec.type() == ModelSpec.Type.DL4J) {
      Models.network(spec, schema); // checks the sizes
    }
    return new LocalTrainer(spec, schema);
  }

  public ModelSpec spec() {
    return spec;
  }

  public FeatureSchema schema() {
    return schema;
  }

  /** Loss, accuracy and number of examples of an evaluation. */
  public record Evaluation(double loss, double accuracy, long numExamples) {}

  /**
   * The outcome of training.
   *
   * @param parameters the trained parameters (same layout as the start)
   * @param loss mean cross-entropy of the trained model on the training data
   * @param accuracy accuracy of the trained model on the training data
   * @param numExamples training rows
   * @param steps optimiser steps taken
   * @param dpEvent the privacy event of the steps taken (record-level DP only)
   * @param cancelled whether training stopped early because it was cancelled
   */
  public record TrainResult(ModelParameters parameters, double loss, double accuracy,
      long numExamples, long steps, Optional<DpEvent> dpEvent, boolean cancelled) {}

  /** {@link #train(ModelParameters, EncodedData, TrainOptions, BooleanSupplier)}, never cancelled. */
  public TrainResult train(ModelParameters start, EncodedData data, TrainOptions options) {
    return train(start, data, options, () -> false);
  }

  /**
   * Trains from {@code start} on {@code data} (see the class comment). {@code cancelled} is polled
   * before every step; once it says true training stops and the result says {@code cancelled}.
   *
   * @throws IllegalArgumentException if {@code start} does not fit the model, the data are empty
   *     or do not have the schema's width and classes
   */
  public TrainResult train(ModelParameters start, EncodedData data, TrainOptions options,
      BooleanSupplier cancelled) {
    checkData(data);
    MultiLayerNetwork net = Models.network(spec, schema, options.learningRate());
    Models.setParameters(net, start);
    long planned = options.plannedSteps(data.size());
    long steps = 0;
    boolean stopped = false;
    Optional<DpEvent> event = Optional.empty();
    if (options.isRecordLevelDp()) {
      if (options.proximalMu() > 0) {
        log.warn("proximal mu {} is not applied under record-level DP-SGD", options.proximalMu());
      }
      DpSgdConfig config = DpSgdConfig.builder()
          .l2NormClip(options.maxGradNorm())
          .noiseMultiplier(options.noiseMultiplier())
          .expectedBatchSize(options.batchSize())
          .random(options.random())
          .build();
      DpSgdTrainer dp = DpSgdTrainer.create(net, config);
      DataSet all = data.toDataSet();
      while (steps < planned) {
        if (cancelled.getAsBoolean()) {
          stopped = true;
          break;
        }
        dp.step(all);
        steps++;
      }
      if (steps > 0) {
        event = Optional.of(dp.dpEvent());
      }
    } else {
      INDArray global = options.proximalMu() > 0 ? net.params().dup() : null;
      Random random = new Random(options.seed());
      outer:
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        int[] order = EncodedData.permutation(data.size(), random);
        for (int from = 0; from < order.length; from += options.batchSize()) {
          if (steps >= planned) {
            break outer;
          }
          if (cancelled.getAsBoolean()) {
            stopped = true;
            break outer;
          }
          int[] rows = Arrays.copyOfRange(order, from,
              Math.min(order.length, from + options.batchSize()));
          step(net, data.select(rows).toDataSet(), global, options.proximalMu(), epoch);
          steps++;
        }
        net.incrementEpochCount();
      }
    }
    ModelParameters trained = Models.parameters(net);
    Evaluation e = evaluate(net, data);
    return new TrainResult(trained, e.loss(), e.accuracy(), data.size(), steps, event, stopped);
  }

  /** One step on a batch: mean-loss gradient, plus mu (w - global), through the updater. */
  private static void step(MultiLayerNetwork net, DataSet batch, INDArray global, double mu,
      int epoch) {
    net.setInput(batch.getFeatures());
    net.setLabels(batch.getLabels());
    net.computeGradientAndScore();
    INDArray flatGradient = net.getFlattenedGradients();
    // DL4J's backward pass gives the sum over the batch; the updater would divide by the batch
    // size, but the proximal term must not be divided: divide here and pass a batch size of 1.
    flatGradient.divi(batch.numExamples());
    if (global != null) {
      INDArray params = net.params();
      flatGradient.addi(params.sub(global).muli(mu).reshape(flatGradient.shape()));
    }
    Gradient gradient = net.gradient();
    if (gradient == null || gradient.gradient() != flatGradient) {
      gradient = new DefaultGradient(flatGradient);
    }
    Updater updater = net.getUpdater();
    updater.update(net, gradient, net.getIterationCount(), epoch, 1,
        LayerWorkspaceMgr.noWorkspaces());
    INDArray params = net.params();
    params.subi(flatGradient.reshape(params.shape()));
    BaseOptimizer.incrementIterationCount(net, 1);
    BaseOptimizer.applyConstraints(net);
  }

  /**
   * Loss (mean cross-entropy) and accuracy of {@code params} on {@code data}.
   *
   * @throws IllegalArgumentException if the parameters do not fit or the data are empty
   */
  public Evaluation evaluate(ModelParameters params, EncodedData data) {
    checkData(data);
    MultiLayerNetwork net = Models.network(spec, schema);
    Models.setParameters(net, params);
    return evaluate(net, data);
  }

  private static final int EVAL_BATCH = 8192;

  private static Evaluation evaluate(MultiLayerNetwork net, EncodedData data) {
    double lossSum = 0;
    long correct = 0;
    int n = data.size();
    for (int from = 0; from < n; from += EVAL_BATCH) {
      int to = Math.min(n, from + EVAL_BATCH);
      int[] rows = new int[to - from];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = from + i;
      }
      EncodedData part = data.select(rows);
      DataSet ds = part.toDataSet();
      INDArray out = net.output(ds.getFeatures(), false);
      int[] labels = part.labels();
      for (int i = 0; i < labels.length; i++) {
        double p = out.getDouble(i, labels[i]);
        lossSum += -Math.log(Math.max(p, 1e-12));
        int best = 0;
        for (int k = 1; k < data.numClasses(); k++) {
          if (out.getDouble(i, k) > out.getDouble(i, best)) {
            best = k;
          }
        }
        if (best == labels[i]) {
          correct++;
        }
      }
    }
    return new Evaluation(lossSum / n, (double) correct / n, n);
  }

  private void checkData(EncodedData data) {
    Objects.requireNonNull(data, "data");
    if (data.size() < 1) {
      throw new IllegalArgumentException("data must have >= 1 row. Provided value: 0 rows");
    }
    if (data.width() != schema.inputWidth() || data.numClasses() != schema.numClasses()) {
      throw new IllegalArgumentException("data must have the schema's " + schema.inputWidth()
          + " inputs and " + schema.numClasses() + " classes. Provided value: " + data.width()
          + " inputs, " + data.numClasses() + " classes");
    }
  }

  /**
   * Settings of one local training. Immutable; build with {@link #builder()}, whose setters reject
   * bad values at once.
   */
  public static final class TrainOptions {
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double proximalMu;
    private final long maxSteps;
    private final long seed;
    private final double noiseMultiplier;
    private final double maxGradNorm;
    private final SecureRandom random;

    private TrainOptions(Builder b) {
      this.epochs = b.epochs;
      this.batchSize = b.batchSize;
      this.learningRate = b.learningRate;
      this.proximalMu = b.proximalMu;
      this.maxSteps = b.maxSteps;
      this.seed = b.seed;
      this.noiseMultiplier = b.noiseMultiplier;
      this.maxGradNorm = b.maxGradNorm;
      this.random = b.random;
    }

    public static Builder builder() {
      return new Builder();
    }

    public int epochs() {
      return epochs;
    }

    public int batchSize() {
      return batchSize;
    }

    public double learningRate() {
      return learningRate;
    }

    public double proximalMu() {
      return proximalMu;
    }

    /** Upper bound on steps; 0 means none. */
    public long maxSteps() {
      return maxSteps;
    }

    public long seed() {
      return seed;
    }

    public boolean isRecordLevelDp() {
      return noiseMultiplier > 0;
    }

    public double noiseMultiplier() {
      return noiseMultiplier;
    }

    public double maxGradNorm() {
      return maxGradNorm;
    }

    SecureRandom random() {
      return random == null ? Randomness.secure() : random;
    }

    /**
     * Steps a training on {@code n} rows takes: {@code epochs * ceil(n / batchSize)}, at most
     * {@code maxSteps} when that is set.
     */
    public long plannedSteps(int n) {
      long perEpoch = (n + (long) batchSize - 1) / batchSize;
      long s = perEpoch * epochs;
      return maxSteps > 0 ? Math.min(s, maxSteps) : s;
    }

    /** DP-SGD's Poisson sampling rate on {@code n} rows: {@code min(1, batchSize / n)}. */
    public double samplingRate(int n) {
      return Math.min(1.0, (double) batchSize / n);
    }

    /**
     * The privacy event a record-level DP training on {@code n} rows will spend if it runs every
     * planned step: {@code DpEvent.dpSgd(noiseMultiplier, samplingRate(n), plannedSteps(n))}.
     *
     * @throws IllegalStateException if record-level DP is not set
     */
    public DpEvent plannedDpEvent(int n) {
      if (!isRecordLevelDp()) {
        throw new IllegalStateException("record-level DP is not set in these options");
      }
      return DpEvent.dpSgd(noiseMultiplier, samplingRate(n), plannedSteps(n));
    }

    @Override
    public String toString() {
      return "TrainOptions[epochs=" + epochs + ", batchSize=" + batchSize + ", learningRate="
          + learningRate + ", proximalMu=" + proximalMu + ", maxSteps=" + maxSteps
          + (isRecordLevelDp() ? ", dpSgd(sigma=" + noiseMultiplier + ", C=" + maxGradNorm + ")"
              : "") + "]";
    }

    /** Defaults: 1 epoch, batch 32, learning rate 0.05, mu 0, no step bound, seed 0, no DP. */
    public static final class Builder {
      private int epochs = 1;
      private int batchSize = 32;
      private double learningRate = 0.05;
      private double proximalMu = 0;
      private long maxSteps = 0;
      private long seed = 0;
      private double noiseMultiplier = 0;
      private double maxGradNorm = 0;
      private SecureRandom random;

      private Builder() {}

      public Builder epochs(int epochs) {
        if (epochs < 1) {
          throw new IllegalArgumentException("epochs must be >= 1. Provided value: " + epochs);
        }
        this.epochs = epochs;
        return this;
      }

      public Builder batchSize(int batchSize) {
        if (batchSize < 1) {
          throw new IllegalArgumentException("batch size must be >= 1. Provided value: "
              + batchSize);
        }
        this.batchSize = batchSize;
        return this;
      }

      public Builder learningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
          throw new IllegalArgumentException("learning rate must be > 0 and < infinity."
              + " Provided value: " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
      }

      /** FedProx weight, {@code >= 0}; 0 is plain local SGD. */
      public Builder proximalMu(double mu) {
        if (!(mu >= 0) || Double.isInfinite(mu)) {
          throw new IllegalArgumentException("proximal mu must be >= 0 and < infinity."
              + " Provided value: " + mu);
        }
        this.proximalMu = mu;
        return this;
      }

      /** Upper bound on optimiser steps, {@code >= 0}; 0 means none. */
      public Builder maxSteps(long maxSteps) {
        if (maxSteps < 0) {
          throw new IllegalArgumentException("max steps must be >= 0. Provided value: "
              + maxSteps);
        }
        this.maxSteps = maxSteps;
        return this;
      }

      /** Seed of the (non-DP) shuffling order; protects nothing. */
      public Builder seed(long seed) {
        this.seed = seed;
        return this;
      }

      /**
       * Record-level DP-SGD with noise multiplier sigma and per-example clip norm C, both
       * {@code > 0} and finite.
       */
      public Builder recordLevelDp(double noiseMultiplier, double maxGradNorm) {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
          throw new IllegalArgumentException("noise multiplier must be > 0 and < infinity."
              + " Provided value: " + noiseMultiplier);
        }
        if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
          throw new IllegalArgumentException("max grad norm must be > 0 and < infinity."
              + " Provided value: " + maxGradNorm);
        }
        this.noiseMultiplier = noiseMultiplier;
        this.maxGradNorm = maxGradNorm;
        return this;
      }

      /** The DP-SGD randomness; default {@link Randomness#secure()}. */
      public Builder random(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
      }

      public TrainOptions build() {
        return new TrainOptions(this);
      }
    }
  }
}
