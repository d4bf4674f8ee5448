package se.tillit.pseudonymize.ner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line entry point that trains a NER model with the default configuration and writes it,
 * the way the shipped {@code default-model.zip} was made:
 *
 * <pre>
 * java -cp ... se.tillit.pseudonymize.ner.TrainDefaultModel \
 *     --train train.tsv [--dev dev.tsv] --out model.zip [--epochs N] [--seed S] [--threshold P]
 *     [--select-threshold f2 [--folds 5] [--threshold-grid 0.1:0.5:0.05]]
 * </pre>
 *
 * <p>The development file is only evaluated and printed after each epoch; it does not influence
 * the model. Exit status 2 on bad arguments or bad input.
 *
 * <p>{@code --select-threshold fB} chooses the person threshold instead of taking {@code
 * --threshold}: k-fold cross-validation on the training file ({@code --folds}, default 5, blocks
 * of consecutive sentences), a model with the same settings trained on k - 1 blocks predicting the
 * remaining one, then the threshold of the grid (default 0.10 to 0.50 in steps of 0.05) with the
 * highest person-name F-beta on the pooled predictions, the higher threshold on a tie ({@link
 * ThresholdSelection}). The default model's threshold was chosen this way with F2 (recall weighs
 * four times as much as precision, as masking needs). The threshold affects decoding only, so the
 * final model, trained on all of the training file, has the same parameters as without selection.
 *
 * <p>Options for experiments (defaults are those of the shipped model): {@code --dev-fraction F}
 * holds out the last fraction F of the training sentences as a development split that selects the
 * best epoch by person-name F1 (early stopping with {@code --patience N}); {@code --threads N}
 * gradient threads; {@code --feature-dropout P} (0.25); {@code --lr-decay true|false} (true);
 * {@code --average D} parameter averaging; {@code --dropout-retain P}; {@code --class-weights
 * w,w,w,w,w}; {@code --batch N}; {@code --lr R}; and the layout options {@code --buckets}, {@code
 * --hidden}, {@code --context}, {@code --window}, {@code --slots}; {@code --name-copies N} adds N
 * copies of each training sentence with a person name, the names replaced ({@link
 * NameSubstitution}), and {@code --swap-mentions true} also copies the other sentences with
 * entities, swapping their mentions. With {@code --select-threshold},
 * {@code --cv-probabilities FILE} writes the pooled cross-validated probabilities (for analysis of
 * decoding on training data only) and {@code --cv-only true} stops after the selection, writing no
 * model.
 */
public final class TrainDefaultModel {
  private TrainDefaultModel() {}

  public static void main(String[] args) {
    try {
      run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Parses {@code args}, trains, saves; returns the model ({@code null} with --cv-only). */
  public static NerModel run(String[] args, PrintStream out) {
    Path train = null;
    Path dev = null;
    Path model = null;
    double devFraction = 0;
    double selectBeta = 0;
    int folds = DEFAULT_FOLDS;
    double[] grid = ThresholdSelection.DEFAULT_GRID;
    boolean thresholdGiven = false;
    Path cvOut = null;
    boolean cvOnly = false;
    NerTrainer.Builder trainer =
        NerTrainer.builder()
            .epochs(DEFAULT_EPOCHS)
            .seed(DEFAULT_SEED)
            .featureDropout(DEFAULT_FEATURE_DROPOUT)
            .decayLearningRate(true)
            .nameCopies(DEFAULT_NAME_COPIES)
            .swapMentions(DEFAULT_SWAP_MENTIONS);
    NerConfig.Builder config = NerConfig.builder().personThreshold(DEFAULT_THRESHOLD);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--train":
          train = Path.of(v);
          break;
        case "--dev":
          dev = Path.of(v);
          break;
        case "--out":
          model = Path.of(v);
          break;
        case "--epochs":
          trainer.epochs(parseInt(a, v));
          break;
        case "--seed":
          trainer.seed(parseLong(a, v));
          break;
        case "--threshold":
          config.personThreshold(parseDouble(a, v));
          thresholdGiven = true;
          break;
        case "--select-threshold":
          selectBeta = parseBeta(a, v);
          break;
        case "--folds":
          folds = parseInt(a, v);
          if (folds < 2) {
            throw new IllegalArgumentException("--folds must be >= 2. Provided value: " + v);
          }
          break;
        case "--threshold-grid":
          grid = parseGrid(a, v);
          break;
        case "--buckets":
          config.buckets(parseInt(a, v));
          break;
        case "--hidden":
          config.hiddenSize(parseInt(a, v));
          break;
        case "--context":
          config.contextSize(parseInt(a, v));
          break;
        case "--window":
          config.window(parseInt(a, v));
          break;
        case "--dev-fraction":
          devFraction = parseDouble(a, v);
          if (!(devFraction > 0 && devFraction < 0.5)) {
            throw new IllegalArgumentException(
                "--dev-fraction must be > 0 and < 0.5. Provided value: " + v);
          }
          trainer.selectOnDev(true);
          break;
        case "--patience":
          trainer.patience(parseInt(a, v));
          break;
        case "--average":
          trainer.averageDecay(parseDouble(a, v));
          break;
        case "--dropout-retain":
          trainer.dropoutRetain(parseDouble(a, v));
          break;
        case "--class-weights":
          String[] w = v.split(",");
          double[] cw = new double[w.length];
          for (int k = 0; k < w.length; k++) {
            cw[k] = parseDouble(a, w[k]);
          }
          trainer.classWeights(cw);
          break;
        case "--feature-dropout":
          trainer.featureDropout(parseDouble(a, v));
          break;
        case "--lr-decay":
          trainer.decayLearningRate(Boolean.parseBoolean(v));
          break;
        case "--threads":
          trainer.threads(parseInt(a, v));
          break;
        case "--batch":
          trainer.batchSize(parseInt(a, v));
          break;
        case "--slots":
          config.featureSlots(parseInt(a, v));
          break;
        case "--lr":
          trainer.learningRate(parseDouble(a, v));
          break;
        case "--name-copies":
          trainer.nameCopies(parseInt(a, v));
          break;
        case "--swap-mentions":
          trainer.swapMentions(Boolean.parseBoolean(v));
          break;
        case "--cv-probabilities":
          cvOut = Path.of(v);
          break;
        case "--cv-only":
          cvOnly = Boolean.parseBoolean(v);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (train == null || model == null) {
      throw new IllegalArgumentException("--train and --out are required");
    }
    if (dev != null && devFraction > 0) {
      throw new IllegalArgumentException("give either --dev or --dev-fraction, not both");
    }
    if (selectBeta > 0 && (thresholdGiven || devFraction > 0)) {
      throw new IllegalArgumentException(
          "--select-threshold chooses the threshold: give neither --threshold nor --dev-fraction");
    }
    List<LabeledSentence> trainSentences = NerCorpus.read(train);
    List<LabeledSentence> devSentences = dev == null ? List.of() : NerCorpus.read(dev);
    if (devFraction > 0) {
      // The last devFraction of the sentences of the training file, in file order.
      int cut = (int) Math.round(trainSentences.size() * (1 - devFraction));
      devSentences = trainSentences.subList(cut, trainSentences.size());
      trainSentences = trainSentences.subList(0, cut);
      out.printf(Locale.ROOT, "training on %d sentences, development split %d sentences%n",
          trainSentences.size(), devSentences.size());
    }
    long t0 = System.nanoTime();
    if (selectBeta > 0) {
      ThresholdSelection.Result selection =
          selectThreshold(
              trainer, config.build(), trainSentences, folds, grid, selectBeta, out, t0, cvOut);
      config.personThreshold(selection.threshold());
      if (cvOnly) {
        return null;
      }
    }
    NerModel trained =
        trainer
            .config(config.build())
            .progressListener(progress("", out, t0))
            .build()
            .train(trainSentences, devSentences);
    trained.save(model);
    out.printf(Locale.ROOT, "wrote %s (%d parameters) in %.0fs%n", model.getFileName(),
        trained.parameterCount(), (System.nanoTime() - t0) / 1e9);
    return trained;
  }

  /**
   * Chooses the person threshold by k-fold cross-validation on the training sentences: for each of
   * {@code k} contiguous blocks, a model trained with the same settings on the other blocks
   * predicts the block; the pooled predictions choose the threshold ({@link ThresholdSelection}).
   */
  private static ThresholdSelection.Result selectThreshold(
      NerTrainer.Builder trainer,
      NerConfig config,
      List<LabeledSentence> sentences,
      int k,
      double[] grid,
      double beta,
      PrintStream out,
      long t0,
      Path cvOut) {
    List<List<LabeledSentence>> blocks = ThresholdSelection.folds(sentences, k);
    List<float[][]> pooled = new ArrayList<>(sentences.size());
    for (int i = 0; i < k; i++) {
      List<LabeledSentence> rest = ThresholdSelection.without(blocks, i);
      List<LabeledSentence> held = blocks.get(i);
      out.printf(Locale.ROOT, "fold %d/%d: training on %d sentences, predicting %d%n", i + 1, k,
          rest.size(), held.size());
      NerModel m =
          trainer
              .config(config)
              .progressListener(progress("fold " + (i + 1) + " ", out, t0))
              .build()
              .train(rest, List.of());
      List<List<String>> tokens = new ArrayList<>(held.size());
      for (LabeledSentence s : held) {
        tokens.add(s.tokens());
      }
      pooled.addAll(m.probabilities(tokens));
    }
    if (cvOut != null) {
      writeProbabilities(cvOut, pooled);
    }
    ThresholdSelection.Result r = ThresholdSelection.select(sentences, pooled, grid, beta);
    out.printf(Locale.ROOT,
        "person threshold by F%s on %d-fold cross-validated predictions of %d training sentences"
            + " (%d names):%n",
        formatBeta(beta), k, sentences.size(),
        r.candidates().get(0).person().support());
    out.print(r.toTable());
    // The chosen threshold on each fold alone, to show how much the folds vary.
    int from = 0;
    for (int i = 0; i < k; i++) {
      int to = from + blocks.get(i).size();
      NerEvaluation.Counts c =
          ThresholdSelection.select(blocks.get(i), pooled.subList(from, to),
                  new double[] {r.threshold()}, beta)
              .candidates().get(0).person();
      out.printf(Locale.ROOT,
          "fold %d at %.2f: PER precision %.4f recall %.4f F1 %.4f F%s %.4f (%d names)%n", i + 1,
          r.threshold(), c.precision(), c.recall(), c.f1(), formatBeta(beta), c.fScore(beta),
          c.support());
      from = to;
    }
    out.printf(Locale.ROOT, "chosen person threshold %.2f (%.0fs)%n", r.threshold(),
        (System.nanoTime() - t0) / 1e9);
    out.flush();
    return r;
  }

  /**
   * Writes pooled cross-validated probabilities for offline analysis of decoding: the sentence
   * count, then per sentence the token count and the tag count followed by the floats (big-endian).
   */
  static void writeProbabilities(Path file, List<float[][]> pooled) {
    try (java.io.DataOutputStream d =
        new java.io.DataOutputStream(
            new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file)))) {
      d.writeInt(pooled.size());
      for (float[][] s : pooled) {
        d.writeInt(s.length);
        d.writeInt(s.length == 0 ? 0 : s[0].length);
        for (float[] t : s) {
          for (float f : t) {
            d.writeFloat(f);
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the cross-validated probabilities", e);
    }
  }

  /** Reads {@link #writeProbabilities(Path, List)}. */
  static List<float[][]> readProbabilities(Path file) {
    try (java.io.DataInputStream d =
        new java.io.DataInputStream(
            new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file)))) {
      int n = d.readInt();
      List<float[][]> out = new ArrayList<>(n);
      for (int s = 0; s < n; s++) {
        int tokens = d.readInt();
        int tags = d.readInt();
        float[][] p = new float[tokens][tags];
        for (float[] t : p) {
          for (int c = 0; c < tags; c++) {
            t[c] = d.readFloat();
          }
        }
        out.add(p);
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the cross-validated probabilities", e);
    }
  }

  private static NerTrainer.ProgressListener progress(String prefix, PrintStream out, long t0) {
    return new NerTrainer.ProgressListener() {
      @Override
      public void onBatch(int epoch, int batch, int batches, double loss) {
        if (batch % 50 == 0) {
          out.printf(Locale.ROOT, "%sepoch %d batch %d/%d loss %.4f %.0fs%n", prefix, epoch,
              batch, batches, loss, (System.nanoTime() - t0) / 1e9);
        }
      }

      @Override
      public void onEpoch(int epoch, double meanLoss, NerEvaluation eval) {
        out.printf(Locale.ROOT, "%sepoch %d loss %.4f %.0fs%n", prefix, epoch, meanLoss,
            (System.nanoTime() - t0) / 1e9);
        if (eval != null) {
          out.print(eval.toTable());
        }
        out.flush();
      }
    };
  }

  private static String formatBeta(double beta) {
    return beta == Math.rint(beta) ? String.valueOf((long) beta) : String.valueOf(beta);
  }

  /** "f1", "f2", "f0.5": the beta of the F-measure that chooses the threshold. */
  private static double parseBeta(String option, String v) {
    String s = v.toLowerCase(Locale.ROOT);
    if (s.startsWith("f")) {
      try {
        double beta = Double.parseDouble(s.substring(1));
        if (beta > 0 && beta <= 100) {
          return beta;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException(
        option + " must be f<beta> with 0 < beta <= 100, e.g. f2. Provided value: " + v);
  }

  /** "from:to:step", e.g. 0.1:0.5:0.05. */
  private static double[] parseGrid(String option, String v) {
    String[] p = v.split(":");
    if (p.length != 3) {
      throw new IllegalArgumentException(
          option + " must be from:to:step, e.g. 0.1:0.5:0.05. Provided value: " + v);
    }
    try {
      return ThresholdSelection.grid(
          parseDouble(option, p[0]), parseDouble(option, p[1]), parseDouble(option, p[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option + " must satisfy 0 < from <= to <= 1 and step > 0. Provided value: " + v, e);
    }
  }

  /** Folds of cross-validation when the threshold is selected. */
  public static final int DEFAULT_FOLDS = 5;

  /** Epochs of the default model (the learning rate decays linearly to zero over them). */
  public static final int DEFAULT_EPOCHS = 15;

  /** Feature dropout of the default model. */
  public static final double DEFAULT_FEATURE_DROPOUT = 0.25;

  /**
   * Substituted copies of each training sentence with an entity ({@link NameSubstitution}), with
   * mention swaps for the other types, chosen by 5-fold cross-validation on train.tsv (see the
   * model's NOTICE).
   */
  public static final int DEFAULT_NAME_COPIES = 1;

  /** Whether the default model's copies also swap the other types' mentions. */
  public static final boolean DEFAULT_SWAP_MENTIONS = true;

  /** Seed of the default model. */
  public static final long DEFAULT_SEED = 20120101L;

  /**
   * Person threshold of the default model, chosen by {@code --select-threshold f2 --folds 5}
   * (person-name F2 on 5-fold cross-validated predictions of train.tsv; see the model's NOTICE).
   */
  public static final double DEFAULT_THRESHOLD = 0.15;

  private static int parseInt(String option, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be an integer. Provided value: " + v);
    }
  }

  private static long parseLong(String option, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be an integer. Provided value: " + v);
    }
  }

  private static double parseDouble(String option, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number. Provided value: " + v);
    }
  }
}
