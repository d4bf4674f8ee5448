package se.tillit.pseudonymize.ner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Command-line entry point that trains a NER model with the default configuration and writes it,
 * the way the shipped {@code default-model.zip} was made:
 *
 * <pre>
 * java -cp ... se.tillit.pseudonymize.ner.TrainDefaultModel \
 *     --train train.tsv [--dev dev.tsv] --out model.zip [--epochs N] [--seed S] [--threshold P]
 * </pre>
 *
 * <p>The development file is only evaluated and printed after each epoch; it does not influence
 * the model. Exit status 2 on bad arguments or bad input.
 *
 * <p>Options for experiments (defaults are those of the shipped model): {@code --dev-fraction F}
 * holds out the last fraction F of the training sentences as a development split that selects the
 * best epoch by person-name F1 (early stopping with {@code --patience N}); {@code --threads N}
 * gradient threads; {@code --feature-dropout P} (0.25); {@code --lr-decay true|false} (true);
 * {@code --average D} parameter averaging; {@code --dropout-retain P}; {@code --class-weights
 * w,w,w,w,w}; {@code --batch N}; {@code --lr R}; and the layout options {@code --buckets}, {@code
 * --hidden}, {@code --context}, {@code --window}, {@code --slots}.
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

  /** Parses {@code args}, trains, saves; returns the trained model. */
  public static NerModel run(String[] args, PrintStream out) {
    Path train = null;
    Path dev = null;
    Path model = null;
    double devFraction = 0;
    NerTrainer.Builder trainer =
        NerTrainer.builder()
            .epochs(DEFAULT_EPOCHS)
            .seed(DEFAULT_SEED)
            .featureDropout(DEFAULT_FEATURE_DROPOUT)
            .decayLearningRate(true);
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
    NerModel trained =
        trainer
            .config(config.build())
            .progressListener(
                new NerTrainer.ProgressListener() {
                  @Override
                  public void onBatch(int epoch, int batch, int batches, double loss) {
                    if (batch % 50 == 0) {
                      out.printf(Locale.ROOT, "epoch %d batch %d/%d loss %.4f %.0fs%n", epoch,
                          batch, batches, loss, (System.nanoTime() - t0) / 1e9);
                    }
                  }

                  @Override
                  public void onEpoch(int epoch, double meanLoss, NerEvaluation eval) {
                    out.printf(Locale.ROOT, "epoch %d loss %.4f %.0fs%n", epoch, meanLoss,
                        (System.nanoTime() - t0) / 1e9);
                    if (eval != null) {
                      out.print(eval.toTable());
                    }
                    out.flush();
                  }
                })
            .build()
            .train(trainSentences, devSentences);
    trained.save(model);
    out.printf(Locale.ROOT, "wrote %s (%d parameters) in %.0fs%n", model.getFileName(),
        trained.parameterCount(), (System.nanoTime() - t0) / 1e9);
    return trained;
  }

  /** Epochs of the default model (the learning rate decays linearly to zero over them). */
  public static final int DEFAULT_EPOCHS = 10;

  /** Feature dropout of the default model. */
  public static final double DEFAULT_FEATURE_DROPOUT = 0.25;

  /** Seed of the default model. */
  public static final long DEFAULT_SEED = 20120101L;

  /** Person threshold of the default model. */
  public static final double DEFAULT_THRESHOLD = 0.3;

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
