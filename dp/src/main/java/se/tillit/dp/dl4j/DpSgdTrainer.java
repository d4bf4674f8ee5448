package se.tillit.dp.dl4j;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PrivacyAccountant;
import se.tillit.dp.dl4j.internal.Rows;
import se.tillit.dp.dl4j.internal.SecureGaussian;

/**
 * DP-SGD (Abadi et al., CCS 2016) for a DL4J {@link MultiLayerNetwork}, with Poisson sampling,
 * per-example or per-microbatch clipping, Gaussian noise from a {@link SecureRandom}, and privacy
 * accounting as {@link DpEvent}s.
 *
 * <h2>One step</h2>
 *
 * For a data set of n examples and sampling rate q ({@link DpSgdConfig#samplingRate(long)}):
 *
 * <ol>
 *   <li>{@link DpSgdStepListener#beforeStep} may veto the step before any data is touched.
 *   <li>A batch is drawn by {@link PoissonBatchSampler}: each example independently with
 *       probability q. It may be empty; the step still happens (pure noise), as the analysis
 *       requires.
 *   <li><b>k = 1</b>: for each sampled example i, the gradient {@code g_i} of its loss is computed
 *       by a forward and backward pass of the network on that example alone ({@code
 *       computeGradientAndScore} with a batch of one), read from the network's flattened gradient
 *       view and scaled to {@code min(1, C / ||g_i||_2)}. Cost: one forward+backward pass of batch
 *       size 1 per sampled example, plus O(P) work per example for P parameters.
 *   <li><b>k &gt; 1</b>: the trainer uses {@code M = max(1, round(q n / k))} microbatch slots and
 *       puts each sampled example in a slot drawn uniformly and independently from the {@code
 *       SecureRandom}. Each non-empty slot's mean gradient is computed in one pass and clipped to
 *       C as a unit (as TF Privacy clips microbatch means). Cost: about {@code q n / k} passes.
 *   <li>Gaussian noise N(0, (sigma C)^2) is added to every coordinate of the sum, and the sum is
 *       divided by a data-independent denominator: the expected batch size {@code q n} for k = 1
 *       (as Opacus does for Poisson sampling), the slot count M for k &gt; 1.
 *   <li>The result is written into the network's gradient view and handed to the network's own
 *       updater ({@code net.getUpdater()}, the one {@code fit} uses), with a minibatch size of 1 so
 *       that it is not divided again; the parameters are then stepped by the update, the iteration
 *       count is advanced (learning-rate schedules and Adam's bias correction see one iteration per
 *       DP step) and layer constraints are applied.
 * </ol>
 *
 * <h2>Privacy accounting</h2>
 *
 * Each step records {@code PoissonSampled(q, Gaussian(s))} and {@link #dpEvent()} returns their
 * composition. Under the add/remove-one relation the sum of clipped terms has L2 sensitivity C for
 * k = 1, so {@code s = sigma}. For k &gt; 1 adding one example changes one microbatch's clipped mean
 * from one vector of norm at most C to another: the sensitivity is 2C, so the trainer records
 * {@code s = sigma / 2}. (TF Privacy accounts microbatched training with sigma, which is only right
 * for per-example clipping.) To keep the same epsilon with microbatches, double sigma. Because the
 * slot of each example is drawn independently of the others, adding or removing one example
 * changes exactly one microbatch. The guarantee covers the examples of the {@code DataSet}s passed
 * to {@link #step}; the data set size n is treated as public.
 *
 * <h2>What else of the network configuration applies</h2>
 *
 * <ul>
 *   <li>Updaters (Sgd, Adam, Nesterovs, ...), learning-rate schedules, L1/L2/weight-decay
 *       regularisation and gradient normalisation ({@code GradientNormalization}) act inside the
 *       updater on the noised gradient, exactly as in {@code fit}. They are post-processing of a
 *       private quantity and do not change the guarantee. Note that DL4J gradient normalisation then
 *       acts on the averaged noisy gradient, not per example: it is not the DP clipping.
 *   <li>{@code miniBatch(false)} has no effect: the trainer always divides by its own denominator.
 *   <li>Rejected: {@link BatchNormalization} layers (they mix examples in the forward pass and
 *       update running statistics outside the gradient, so per-example sensitivity does not hold)
 *       and truncated BPTT.
 *   <li>Dropout and other per-example stochastic layers work (training-mode forward passes).
 *   <li>DL4J {@code TrainingListener}s are not called: their scores are not private.
 *   <li>{@code ComputationGraph} is not supported yet.
 * </ul>
 *
 * <p>Not thread-safe; the trainer and its network must be used from one thread at a time. Floating
 * point: clipping holds up to rounding of the network's data type (relative error about 1e-6 for
 * float32).
 */
public final class DpSgdTrainer {

  private final MultiLayerNetwork net;
  private final DpSgdConfig config;
  private final DpSgdStepListener listener;
  private static final DpSgdStepListener NO_LISTENER = new DpSgdStepListener() {};

  private final SecureRandom random;
  /** Runs of identical steps, in order; consecutive steps with the same q are merged. */
  private List<Run> runs = List.of();
  private long steps;

  private record Run(double samplingRate, long count) {}

  private DpSgdTrainer(MultiLayerNetwork net, DpSgdConfig config, DpSgdStepListener listener) {
    this.net = net;
    this.config = config;
    this.listener = listener;
    this.random = config.random();
  }

  /** A trainer for an initialised network, with no listener. */
  public static DpSgdTrainer create(MultiLayerNetwork net, DpSgdConfig config) {
    return create(net, config, NO_LISTENER);
  }

  /**
   * A trainer for an initialised network.
   *
   * @throws IllegalArgumentException if an argument is null, the network has a layer DP-SGD cannot
   *     handle (batch normalisation) or uses truncated BPTT, or a listener is given with an {@link
   *     DpSgdConfig.Builder#insecureZeroNoiseForTesting() insecure zero-noise} config
   * @throws IllegalStateException if the network has not been initialised ({@code net.init()})
   */
  public static DpSgdTrainer create(
      MultiLayerNetwork net, DpSgdConfig config, DpSgdStepListener listener) {
    if (net == null) {
      throw new IllegalArgumentException("net must not be null. Provided value: null");
    }
    if (config == null) {
      throw new IllegalArgumentException("config must not be null. Provided value: null");
    }
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null. Provided value: null");
    }
    if (!net.isInitCalled() || net.params() == null) {
      throw new IllegalStateException("net must be initialised with net.init() before DP-SGD");
    }
    for (NeuralNetConfiguration layerConf : net.getLayerWiseConfigurations().getConfs()) {
      if (layerConf.getLayer() instanceof BatchNormalization) {
        throw new IllegalArgumentException(
            "net must not contain BatchNormalization layers for DP-SGD (they mix examples)."
                + " Provided value: layer "
                + layerConf.getLayer().getLayerName());
      }
    }
    if (net.getLayerWiseConfigurations().getBackpropType() == BackpropType.TruncatedBPTT) {
      throw new IllegalArgumentException(
          "net backprop type must be Standard for DP-SGD. Provided value: TruncatedBPTT");
    }
    if (config.isInsecureZeroNoise() && listener != NO_LISTENER) {
      // A budget guard cannot be given a DpEvent when there is no privacy.
      throw new IllegalArgumentException(
          "listener must not be set with an insecure zero-noise config. Provided value: "
              + listener.getClass().getSimpleName());
    }
    if (net.getFlattenedGradients() == null) {
      net.initGradientsView();
    }
    return new DpSgdTrainer(net, config, listener);
  }

  /** The network being trained (the same object that was passed in). */
  public MultiLayerNetwork network() {
    return net;
  }

  /** The configuration. */
  public DpSgdConfig config() {
    return config;
  }

  /** The number of steps taken and recorded so far. */
  public long steps() {
    return steps;
  }

  /**
   * The noise multiplier recorded per step: sigma for per-example clipping, sigma / 2 with
   * microbatches (sensitivity 2C; see the class documentation).
   */
  public double effectiveNoiseMultiplier() {
    return config.microbatchSize() == 1
        ? config.noiseMultiplier()
        : config.noiseMultiplier() / 2.0;
  }

  /**
   * The composition of all steps taken: {@link DpEvent.NoOp} before the first step, otherwise
   * {@code SelfComposed(PoissonSampled(q, Gaussian(s)), steps)}, or a {@link DpEvent.Composed} of
   * such runs if q changed between calls (data sets of different sizes with an expected batch
   * size).
   *
   * @throws IllegalStateException if the config adds no noise (there is no finite guarantee)
   */
  public DpEvent dpEvent() {
    checkHasGuarantee();
    return eventOf(runs);
  }

  /**
   * The epsilon of {@link #dpEvent()} at {@code delta} according to {@code accountant}; {@code 0}
   * before the first step and {@link Double#POSITIVE_INFINITY} for an insecure zero-noise config
   * that has taken a step.
   */
  public double epsilon(PrivacyAccountant accountant, double delta) {
    if (accountant == null) {
      throw new IllegalArgumentException("accountant must not be null. Provided value: null");
    }
    DpPreconditions.checkDelta(delta);
    if (steps == 0) {
      return 0.0;
    }
    if (config.isInsecureZeroNoise()) {
      return Double.POSITIVE_INFINITY;
    }
    return accountant.epsilon(dpEvent(), delta);
  }

  /**
   * Runs up to {@code steps} DP-SGD steps on {@code data}, each on a fresh Poisson sample.
   *
   * @return the number of steps taken; fewer than asked if the listener vetoed one (training stops
   *     at the first veto)
   */
  public long fit(DataSet data, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0. Provided value: " + steps);
    }
    long taken = 0;
    while (taken < steps && step(data)) {
      taken++;
    }
    return taken;
  }

  /**
   * One DP-SGD step on a Poisson sample of {@code data} (see the class documentation).
   *
   * @return {@code true} if the step was taken, {@code false} if the listener vetoed it (then no
   *     data was read, the model is unchanged and nothing was recorded)
   * @throws IllegalArgumentException if {@code data} is null, empty or has no labels
   */
  public boolean step(DataSet data) {
    checkData(data);
    int n = data.numExamples();
    double q = config.samplingRate(n);
    List<Run> next = withStep(runs, q);
    if (!config.isInsecureZeroNoise() && !listener.beforeStep(steps, eventOf(next))) {
      return false;
    }
    int[] sampled = PoissonBatchSampler.create(q, random).sampleIndices(n);
    takeStep(data, sampled, q * n);
    runs = next;
    steps++;
    if (!config.isInsecureZeroNoise()) {
      listener.afterStep(steps, eventOf(runs));
    }
    return true;
  }

  /**
   * The step itself on an already sampled batch: {@code sampled} must come from Poisson sampling
   * of {@code data} with the rate whose expected batch size is {@code expectedBatchSize}. Records
   * nothing. Package-private: tests use it to compare with plain SGD on a fixed batch.
   */
  void takeStep(DataSet data, int[] sampled, double expectedBatchSize) {
    INDArray flatGradient = net.getFlattenedGradients();
    INDArray sum = Nd4j.zeros(flatGradient.dataType(), flatGradient.shape());
    double clip = config.l2NormClip();
    int k = config.microbatchSize();
    double denominator;
    try {
      if (k == 1) {
        for (int index : sampled) {
          computeGradient(
              Rows.range(data.getFeatures(), index, index + 1),
              Rows.range(data.getLabels(), index, index + 1),
              Rows.range(data.getFeaturesMaskArray(), index, index + 1),
              Rows.range(data.getLabelsMaskArray(), index, index + 1));
          addClipped(sum, flatGradient, 1.0, clip);
        }
        denominator = expectedBatchSize;
      } else {
        int slots = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(expectedBatchSize / k)));
        for (int[] members : assignToSlots(sampled, slots)) {
          DataSet micro = Rows.select(data, members);
          computeGradient(
              micro.getFeatures(),
              micro.getLabels(),
              micro.getFeaturesMaskArray(),
              micro.getLabelsMaskArray());
          addClipped(sum, flatGradient, 1.0 / members.length, clip);
        }
        denominator = slots;
      }
    } finally {
      net.clearLayerMaskArrays();
    }
    if (!config.isInsecureZeroNoise()) {
      double[] noise =
          SecureGaussian.sample(random, config.noiseMultiplier() * clip, (int) sum.length());
      sum.addi(Nd4j.createFromArray(noise).castTo(sum.dataType()).reshape(sum.shape()));
    }
    sum.divi(denominator);
    applyUpdate(sum);
  }

  private void computeGradient(
      INDArray features, INDArray labels, INDArray featuresMask, INDArray labelsMask) {
    net.setInput(features);
    net.setLabels(labels);
    net.setLayerMaskArrays(featuresMask, labelsMask);
    net.computeGradientAndScore();
  }

  /**
   * {@code sum += clip_C(scale * g)}, where g is the network's flattened gradient (overwritten).
   * A non-finite gradient contributes nothing: the zero vector is within the clip bound, so the
   * sensitivity argument still holds, and one bad example cannot poison the model.
   */
  private static void addClipped(INDArray sum, INDArray gradient, double scale, double clip) {
    double norm = scale * gradient.norm2Number().doubleValue();
    if (!Double.isFinite(norm)) {
      return;
    }
    double factor = norm > clip ? scale * (clip / norm) : scale;
    sum.addi(gradient.muli(factor));
  }

  /** Each sampled example goes to a slot drawn uniformly at random; returns non-empty slots. */
  private List<int[]> assignToSlots(int[] sampled, int slots) {
    int[] slotOf = new int[sampled.length];
    int[] counts = new int[slots];
    for (int i = 0; i < sampled.length; i++) {
      slotOf[i] = random.nextInt(slots);
      counts[slotOf[i]]++;
    }
    int[][] members = new int[slots][];
    int[] fill = new int[slots];
    for (int s = 0; s < slots; s++) {
      members[s] = new int[counts[s]];
    }
    for (int i = 0; i < sampled.length; i++) {
      members[slotOf[i]][fill[slotOf[i]]++] = sampled[i];
    }
    List<int[]> nonEmpty = new ArrayList<>();
    for (int[] m : members) {
      if (m.length > 0) {
        nonEmpty.add(m);
      }
    }
    return nonEmpty;
  }

  /** Hands the private gradient to the network's own updater and steps the parameters. */
  private void applyUpdate(INDArray privateGradient) {
    INDArray flatGradient = net.getFlattenedGradients();
    flatGradient.assign(privateGradient);
    Gradient gradient = net.gradient();
    if (gradient == null || gradient.gradient() != flatGradient) {
      // No backward pass yet (first batch empty): per-variable views are unknown, so per-layer
      // gradient normalisation cannot run for this step; updater blocks still work on the view.
      gradient = new DefaultGradient(flatGradient);
    }
    Updater updater = net.getUpdater();
    int iteration = net.getIterationCount();
    int epoch = net.getEpochCount();
    // Minibatch size 1: the gradient is already divided by the DP-SGD denominator.
    updater.update(net, gradient, iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
    INDArray params = net.params();
    params.subi(flatGradient.reshape(params.shape()));
    BaseOptimizer.incrementIterationCount(net, 1);
    BaseOptimizer.applyConstraints(net);
  }

  private void checkHasGuarantee() {
    if (config.isInsecureZeroNoise()) {
      throw new IllegalStateException(
          "no privacy guarantee: the config adds no noise (insecureZeroNoiseForTesting)");
    }
  }

  private static void checkData(DataSet data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null. Provided value: null");
    }
    if (data.getFeatures() == null || data.getLabels() == null) {
      throw new IllegalArgumentException(
          "data must have features and labels. Provided value: a DataSet without them");
    }
    if (data.numExamples() < 1) {
      throw new IllegalArgumentException(
          "data must have >= 1 example. Provided value: " + data.numExamples());
    }
  }

  private static List<Run> withStep(List<Run> runs, double q) {
    List<Run> next = new ArrayList<>(runs);
    int last = next.size() - 1;
    if (last >= 0 && next.get(last).samplingRate() == q) {
      next.set(last, new Run(q, next.get(last).count() + 1));
    } else {
      next.add(new Run(q, 1));
    }
    return List.copyOf(next);
  }

  private DpEvent eventOf(List<Run> runs) {
    if (runs.isEmpty()) {
      return new DpEvent.NoOp();
    }
    DpEvent.Gaussian gaussian = new DpEvent.Gaussian(effectiveNoiseMultiplier());
    List<DpEvent> parts = new ArrayList<>(runs.size());
    for (Run run : runs) {
      parts.add(
          new DpEvent.SelfComposed(
              new DpEvent.PoissonSampled(run.samplingRate(), gaussian), run.count()));
    }
    return parts.size() == 1 ? parts.get(0) : new DpEvent.Composed(parts);
  }

  @Override
  public String toString() {
    return "DpSgdTrainer{config=" + config + ", steps=" + steps + "}";
  }
}
