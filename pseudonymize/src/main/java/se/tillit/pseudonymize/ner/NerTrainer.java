package se.tillit.pseudonymize.ner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import se.tillit.pseudonymize.ner.internal.FeatureHasher;
import se.tillit.pseudonymize.ner.internal.NetworkFactory;
import se.tillit.pseudonymize.ner.internal.TaggerNet;

/**
 * Trains a {@link NerModel} on token-per-line files (see {@link NerCorpus}). Sentences are grouped
 * into minibatches of similar length, the batch order is shuffled every epoch with a {@link Random}
 * seeded from {@link Builder#seed(long)}, and the network is initialised from the same seed. The
 * optional development set is evaluated and reported after each epoch; with {@link
 * Builder#selectOnDev(boolean)} it also picks the epoch whose parameters are returned (early
 * stopping). The result depends only on the training data, the development data, the
 * configuration and the seed.
 */
public final class NerTrainer {
  /** Receives progress; called on the training thread. */
  public interface ProgressListener {
    /** After each minibatch: 1-based epoch and batch, the number of batches, the batch loss. */
    void onBatch(int epoch, int batch, int batches, double loss);

    /** After each epoch, with the development-set evaluation or {@code null} without one. */
    default void onEpoch(int epoch, double meanLoss, NerEvaluation dev) {}
  }

  private final NerConfig config;
  private final int epochs;
  private final long seed;
  private final int batchSize;
  private final double learningRate;
  private final double[] classWeights;
  private final double l2;
  private final double dropoutRetain;
  private final ProgressListener listener;
  private final boolean selectOnDev;
  private final int patience;
  private final int threads;
  private final double averageDecay;
  private final double featureDropout;
  private final boolean decayLearningRate;
  private final int nameCopies;
  private final boolean swapMentions;

  private NerTrainer(Builder b) {
    this.config = b.config;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.classWeights = b.classWeights.clone();
    this.l2 = b.l2;
    this.dropoutRetain = b.dropoutRetain;
    this.listener = b.listener;
    this.selectOnDev = b.selectOnDev;
    this.patience = b.patience;
    this.threads = b.threads;
    this.averageDecay = b.averageDecay;
    this.featureDropout = b.featureDropout;
    this.decayLearningRate = b.decayLearningRate;
    this.nameCopies = b.nameCopies;
    this.swapMentions = b.swapMentions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Trains on {@code trainFile}. */
  public NerModel train(Path trainFile) {
    return train(NerCorpus.read(trainFile), List.of());
  }

  /** Trains on {@code trainFile}, reporting the evaluation on {@code devFile} after each epoch. */
  public NerModel train(Path trainFile, Path devFile) {
    List<LabeledSentence> dev = devFile == null ? List.of() : NerCorpus.read(devFile);
    return train(NerCorpus.read(trainFile), dev);
  }

  /** Trains on {@code train}; {@code dev} (may be empty) is evaluated after each epoch. */
  public NerModel train(List<LabeledSentence> train, List<LabeledSentence> dev) {
    if (train == null || train.isEmpty()) {
      throw new IllegalArgumentException("training data must have at least one sentence");
    }
    MultiLayerNetwork net =
        NetworkFactory.create(
            config.buckets(),
            config.hiddenSize(),
            config.contextSize(),
            seed,
            learningRate,
            classWeights,
            l2,
            dropoutRetain);
    FeatureHasher hasher =
        new FeatureHasher(
            config.buckets(), config.window(), config.featureSlots(), NerConfig.HASH_SEED);
    // Substituted copies of the sentences with person names, from their own seeded generator.
    train = NameSubstitution.augment(train, nameCopies, swapMentions, new Random(seed ^ 0x5EED5AB5L));
    // Pieces of at most maxSequenceLength tokens, hashed once.
    List<Piece> pieces = new ArrayList<>();
    int max = config.maxSequenceLength();
    for (LabeledSentence s : train) {
      for (int start = 0; start < s.size(); start += max) {
        int end = Math.min(s.size(), start + max);
        pieces.add(
            new Piece(
                hasher.hash(s.tokens().subList(start, end)), s.tags().subList(start, end)));
      }
    }
    // Stable sort by length, then cut into batches of similar length.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> pieces.get(i).tags.size()));
    List<List<Piece>> batches = new ArrayList<>();
    for (int i = 0; i < order.size(); i += batchSize) {
      List<Piece> b = new ArrayList<>();
      for (int j = i; j < Math.min(order.size(), i + batchSize); j++) {
        b.add(pieces.get(order.get(j)));
      }
      batches.add(b);
    }
    Random random = new Random(seed);
    TaggerNet fast =
        new TaggerNet(
            config.buckets(),
            config.featureSlots(),
            config.hiddenSize(),
            config.contextSize(),
            NetworkFactory.CLASSES);
    fast.readFrom(net); // DL4J's seeded initialisation
    float[] params = fast.params();
    boolean[] isWeight = fast.weightMask();
    float[] weights = new float[classWeights.length];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) classWeights[i];
    }
    int workers = Math.max(1, threads);
    int slots = config.featureSlots();
    float[][] grads = new float[workers][];
    for (int w = 0; w < workers; w++) {
      grads[w] = fast.newGradient();
    }
    float[] ema = averageDecay > 0 ? params.clone() : null;
    float[] m1 = new float[params.length];
    float[] m2 = new float[params.length];
    java.util.concurrent.ExecutorService pool =
        workers > 1 ? java.util.concurrent.Executors.newFixedThreadPool(workers) : null;
    NerModel model = null;
    float[] bestParams = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int sinceBest = 0;
    long step = 0;
    try {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        List<List<Piece>> shuffled = new ArrayList<>(batches);
        Collections.shuffle(shuffled, random);
        double sum = 0;
        for (int b = 0; b < shuffled.size(); b++) {
          List<Piece> batch = shuffled.get(b);
          long batchSeed = random.nextLong();
          float scale = 1f / batch.size();
          double[] losses = new double[workers];
          List<java.util.concurrent.Callable<Void>> jobs = new ArrayList<>();
          for (int w = 0; w < workers; w++) {
            final int worker = w;
            jobs.add(
                () -> {
                  float[] g = grads[worker];
                  java.util.Arrays.fill(g, 0f);
                  double l = 0;
                  for (int i = worker; i < batch.size(); i += workers) {
                    Piece piece = batch.get(i);
                    java.util.SplittableRandom r =
                        new java.util.SplittableRandom(batchSeed + 0x9E3779B97F4A7C15L * (i + 1));
                    int[] features = piece.features;
                    if (featureDropout > 0) {
                      // Drop hashed features (never slot 0, the bias) so that the model cannot
                      // lean on memorised words alone.
                      features = features.clone();
                      for (int k = 0; k < features.length; k++) {
                        if (k % slots != 0 && r.nextDouble() < featureDropout) {
                          features[k] = config.buckets();
                        }
                      }
                    }
                    TaggerNet.Trace tr = fast.forward(features, (float) dropoutRetain, r);
                    l += fast.backward(features, tr, piece.gold, weights, scale, g);
                  }
                  losses[worker] = l;
                  return null;
                });
          }
          if (pool == null) {
            jobs.get(0).call();
          } else {
            for (java.util.concurrent.Future<Void> f : pool.invokeAll(jobs)) {
              f.get();
            }
          }
          float[] g = grads[0];
          double loss = losses[0];
          for (int w = 1; w < workers; w++) {
            float[] gw = grads[w];
            for (int i = 0; i < g.length; i++) {
              g[i] += gw[i];
            }
            loss += losses[w];
          }
          step++;
          double rate = learningRate;
          if (decayLearningRate) {
            // Linear decay to zero over all steps of all epochs.
            rate *= 1.0 - (step - 1.0) / ((double) epochs * shuffled.size());
          }
          adam(params, g, m1, m2, isWeight, step, rate);
          if (ema != null) {
            // Bias-corrected start: a plain mean over the first 1 / (1 - decay) steps.
            float d = (float) Math.min(averageDecay, (step - 1.0) / step);
            for (int i = 0; i < params.length; i++) {
              ema[i] = d * ema[i] + (1 - d) * params[i];
            }
          }
          sum += loss;
          if (listener != null) {
            listener.onBatch(epoch, b + 1, shuffled.size(), loss);
          }
        }
        float[] evaluated = params;
        if (ema != null) {
          evaluated = params.clone();
          System.arraycopy(ema, 0, params, 0, params.length);
        }
        fast.writeTo(net);
        if (ema != null) {
          System.arraycopy(evaluated, 0, params, 0, params.length);
          evaluated = ema;
        }
        model = new NerModel(config, net);
        NerEvaluation eval = dev.isEmpty() ? null : NerEvaluator.evaluate(model, dev);
        if (listener != null) {
          listener.onEpoch(epoch, sum / shuffled.size(), eval);
        }
        if (eval != null && selectOnDev) {
          double score = eval.entity(NerTag.PER).f1();
          if (score > bestScore) {
            bestScore = score;
            bestParams = evaluated.clone();
            sinceBest = 0;
          } else if (++sinceBest >= patience) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training was interrupted", e);
    } catch (Exception e) {
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new IllegalStateException("training failed", e);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    if (bestParams != null) {
      System.arraycopy(bestParams, 0, params, 0, params.length);
    } else if (ema != null) {
      System.arraycopy(ema, 0, params, 0, params.length);
    }
    fast.writeTo(net);
    return new NerModel(config, net);
  }

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  /** One Adam step (DL4J's defaults), with L2 added to the gradient of the weights. */
  private void adam(
      float[] params,
      float[] g,
      float[] m1,
      float[] m2,
      boolean[] isWeight,
      long step,
      double rate) {
    double c1 = 1 - Math.pow(BETA1, step);
    double c2 = 1 - Math.pow(BETA2, step);
    float alpha = (float) (rate * Math.sqrt(c2) / c1);
    float decay = (float) l2;
    for (int i = 0; i < params.length; i++) {
      float gi = isWeight[i] ? g[i] + decay * params[i] : g[i];
      float a = BETA1 * m1[i] + (1 - BETA1) * gi;
      float b = BETA2 * m2[i] + (1 - BETA2) * gi * gi;
      m1[i] = a;
      m2[i] = b;
      params[i] -= alpha * a / ((float) Math.sqrt(b) + EPSILON);
    }
  }

  /** A DL4J minibatch of {@code batch} (padded to its longest piece); used by tests. */
  static DataSet toDataSet(List<Piece> batch, int buckets, int slots) {
    int mb = batch.size();
    int steps = 0;
    for (Piece p : batch) {
      steps = Math.max(steps, p.tags.size());
    }
    int classes = NetworkFactory.CLASSES;
    INDArray features = denseFeatures(batch, buckets, slots, steps);
    float[] y = new float[mb * classes * steps];
    float[] m = new float[mb * steps];
    for (int b = 0; b < mb; b++) {
      Piece p = batch.get(b);
      for (int t = 0; t < p.tags.size(); t++) {
        y[b * classes * steps + p.tags.get(t).ordinal() * steps + t] = 1f;
        m[b * steps + t] = 1f;
      }
    }
    INDArray labels = Nd4j.create(y, new long[] {mb, classes, steps}, 'c');
    INDArray mask = Nd4j.create(m, new long[] {mb, steps}, 'c');
    return new DataSet(features, labels, mask, mask);
  }

  /** Dense [mb, buckets, steps] feature counts (padding slots are skipped); DL4J's input. */
  static INDArray denseFeatures(List<Piece> batch, int buckets, int slots, int steps) {
    int mb = batch.size();
    float[] x = new float[mb * buckets * steps];
    for (int b = 0; b < mb; b++) {
      int[] f = batch.get(b).features;
      for (int k = 0; k < f.length; k++) {
        if (f[k] < buckets) {
          x[b * buckets * steps + f[k] * steps + k / slots] += 1f;
        }
      }
    }
    return Nd4j.create(x, new long[] {mb, buckets, steps}, 'c');
  }

  static final class Piece {
    final int[] features;
    final List<NerTag> tags;
    final int[] gold;

    Piece(int[] features, List<NerTag> tags) {
      this.features = features;
      this.tags = tags;
      this.gold = new int[tags.size()];
      for (int i = 0; i < gold.length; i++) {
        gold[i] = tags.get(i).ordinal();
      }
    }
  }

  /** Builder; every setter checks its value at once. */
  public static final class Builder {
    private NerConfig config = NerConfig.defaults();
    private int epochs = 5;
    private long seed = 20120101L;
    private int batchSize = 64;
    private double learningRate = 3e-3;
    private double[] classWeights = {1.0, 3.0, 2.0, 2.0, 1.5};
    private double l2 = 1e-6;
    private double dropoutRetain = 0.75;
    private ProgressListener listener;
    private boolean selectOnDev;
    private int patience = 3;
    private int threads = 1;
    private double averageDecay;
    private double featureDropout;
    private boolean decayLearningRate;
    private int nameCopies;
    private boolean swapMentions;

    private Builder() {}

    /**
     * With {@link #nameCopies(int)}: also copy sentences without person names and replace the
     * other types' mentions in the copies by mentions of the same type from the training data.
     */
    public Builder swapMentions(boolean value) {
      this.swapMentions = value;
      return this;
    }

    /**
     * Copies, in [0, 10], of each training sentence that has a person name, with the names
     * replaced by listed or new ones ({@link NameSubstitution}); 0 (the default) adds none.
     */
    public Builder nameCopies(int value) {
      if (value < 0 || value > 10) {
        throw new IllegalArgumentException(
            "nameCopies must be >= 0 and <= 10. Provided value: " + value);
      }
      this.nameCopies = value;
      return this;
    }

    /** Decay the learning rate linearly to zero over all epochs (default: constant). */
    public Builder decayLearningRate(boolean value) {
      this.decayLearningRate = value;
      return this;
    }

    /**
     * Probability, in [0, 1), of dropping each hashed feature of a token (except the bias) in a
     * training step; 0 (the default) disables it.
     */
    public Builder featureDropout(double value) {
      if (!(value >= 0 && value < 1)) {
        throw new IllegalArgumentException(
            "featureDropout must be >= 0 and < 1. Provided value: " + value);
      }
      this.featureDropout = value;
      return this;
    }

    /**
     * Decay of an exponential moving average of the parameters, updated after every step, in [0,
     * 1); 0 (the default) disables it. When enabled, the average is what is evaluated after each
     * epoch and returned: it is less noisy than the last step's parameters.
     */
    public Builder averageDecay(double value) {
      if (!(value >= 0 && value < 1)) {
        throw new IllegalArgumentException(
            "averageDecay must be >= 0 and < 1. Provided value: " + value);
      }
      this.averageDecay = value;
      return this;
    }

    /**
     * Threads that compute the gradient of a minibatch, in [1, 64]. The result can differ in the
     * last bits between thread counts (float sums in another order).
     */
    public Builder threads(int value) {
      if (value < 1 || value > 64) {
        throw new IllegalArgumentException(
            "threads must be >= 1 and <= 64. Provided value: " + value);
      }
      this.threads = value;
      return this;
    }

    /**
     * With a development set: return the parameters of the epoch with the best person-name F1 on
     * it, and stop after {@link #patience(int)} epochs without improvement (early stopping).
     * Without one (the default) every epoch is run and the last parameters are returned.
     */
    public Builder selectOnDev(boolean value) {
      this.selectOnDev = value;
      return this;
    }

    /** Epochs without improvement on the development set before stopping; in [1, 1000]. */
    public Builder patience(int value) {
      if (value < 1 || value > 1000) {
        throw new IllegalArgumentException(
            "patience must be >= 1 and <= 1000. Provided value: " + value);
      }
      this.patience = value;
      return this;
    }

    public Builder config(NerConfig value) {
      if (value == null) {
        throw new IllegalArgumentException("config must not be null. Provided value: null");
      }
      this.config = value;
      return this;
    }

    /** In [1, 1000]. */
    public Builder epochs(int value) {
      if (value < 1 || value > 1000) {
        throw new IllegalArgumentException(
            "epochs must be >= 1 and <= 1000. Provided value: " + value);
      }
      this.epochs = value;
      return this;
    }

    /** Seed of initialisation, dropout and batch order. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** In [1, 1024]. */
    public Builder batchSize(int value) {
      if (value < 1 || value > 1024) {
        throw new IllegalArgumentException(
            "batchSize must be >= 1 and <= 1024. Provided value: " + value);
      }
      this.batchSize = value;
      return this;
    }

    /** Adam learning rate in (0, 1]. */
    public Builder learningRate(double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException(
            "learningRate must be > 0 and <= 1. Provided value: " + value);
      }
      this.learningRate = value;
      return this;
    }

    /** Loss weight of each tag, in {@link NerTag} order; each > 0. */
    public Builder classWeights(double... value) {
      if (value == null || value.length != NerTag.values().length) {
        throw new IllegalArgumentException(
            "classWeights must have " + NerTag.values().length + " entries. Provided value: "
                + (value == null ? "null" : value.length + " entries"));
      }
      for (double v : value) {
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException(
              "classWeights must be > 0 and finite. Provided value: " + v);
        }
      }
      this.classWeights = value.clone();
      return this;
    }

    /** L2 weight decay, >= 0. */
    public Builder l2(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("l2 must be >= 0 and finite. Provided value: " + value);
      }
      this.l2 = value;
      return this;
    }

    /** Probability of keeping each LSTM input during training, in (0, 1]; 1 disables dropout. */
    public Builder dropoutRetain(double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException(
            "dropoutRetain must be > 0 and <= 1. Provided value: " + value);
      }
      this.dropoutRetain = value;
      return this;
    }

    public Builder progressListener(ProgressListener value) {
      this.listener = value;
      return this;
    }

    public NerTrainer build() {
      return new NerTrainer(this);
    }
  }
}
