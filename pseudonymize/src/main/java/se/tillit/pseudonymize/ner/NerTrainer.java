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

/**
 * Trains a {@link NerModel} on token-per-line files (see {@link NerCorpus}). Sentences are grouped
 * into minibatches of similar length, the batch order is shuffled every epoch with a {@link Random}
 * seeded from {@link Builder#seed(long)}, and the network is initialised from the same seed. The
 * optional development set is only evaluated and reported after each epoch; it never changes the
 * model, so the result depends only on the training data, the configuration and the seed.
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
    NerModel model = null;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      List<List<Piece>> shuffled = new ArrayList<>(batches);
      Collections.shuffle(shuffled, random);
      double sum = 0;
      for (int b = 0; b < shuffled.size(); b++) {
        DataSet ds = toDataSet(shuffled.get(b), config.buckets(), config.featureSlots());
        net.fit(ds);
        double loss = net.score();
        sum += loss;
        if (listener != null) {
          listener.onBatch(epoch, b + 1, shuffled.size(), loss);
        }
      }
      model = new NerModel(config, net);
      if (listener != null) {
        NerEvaluation eval = dev.isEmpty() ? null : NerEvaluator.evaluate(model, dev);
        listener.onEpoch(epoch, sum / shuffled.size(), eval);
      }
    }
    return new NerModel(config, net);
  }

  private static DataSet toDataSet(List<Piece> batch, int buckets, int slots) {
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

  /** Dense [mb, buckets, steps] feature counts (padding slots are skipped). */
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

    Piece(int[] features, List<NerTag> tags) {
      this.features = features;
      this.tags = tags;
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

    private Builder() {}

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
