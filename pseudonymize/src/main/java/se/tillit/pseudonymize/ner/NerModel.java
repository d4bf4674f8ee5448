package se.tillit.pseudonymize.ner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import se.tillit.pseudonymize.ner.internal.FeatureHasher;
import se.tillit.pseudonymize.ner.internal.NetworkFactory;
import se.tillit.pseudonymize.ner.internal.TaggerNet;

/**
 * A trained Swedish named-entity model: tags each token of a sentence as {@link NerTag#PER}, {@link
 * NerTag#ORG}, {@link NerTag#LOC}, {@link NerTag#MISC} or {@link NerTag#O}.
 *
 * <p>The parameter layout depends only on the {@link NerConfig}, so models of the same
 * configuration trained by different agencies can be averaged ({@link #parameters()}, {@link
 * #withParameters(INDArray)}).
 *
 * <p>File format (a zip): {@code FORMAT} (the text {@code tillit-ner-model 1}), {@code
 * config.json} ({@link NerConfig#toJson()}) and {@code network.zip} (the DL4J {@code
 * MultiLayerNetwork} written by {@code ModelSerializer}, without updater state).
 *
 * <p>Prediction runs on Java arrays ({@code TaggerNet}, the same function as the DL4J network) and
 * is thread-safe without locking; nothing of the input is kept.
 */
public final class NerModel {
  /** The format line of the model file. */
  public static final String FORMAT = "tillit-ner-model 1";

  /** Class-path location of the model shipped with Tillit. */
  public static final String DEFAULT_RESOURCE = "/se/tillit/pseudonymize/ner/default-model.zip";

  private static final String FORMAT_ENTRY = "FORMAT";
  private static final String CONFIG_ENTRY = "config.json";
  private static final String NETWORK_ENTRY = "network.zip";
  private static final long MAX_ENTRY_BYTES = 512L << 20;

  private final NerConfig config;
  private final MultiLayerNetwork network;
  private final FeatureHasher hasher;
  private final TaggerNet fast;

  NerModel(NerConfig config, MultiLayerNetwork network) {
    this.config = config;
    this.network = network;
    long rows = network.getLayer(0).getParam("W").size(0);
    if (network.getnLayers() != NetworkFactory.LAYERS
        || rows != config.buckets()
        || network.layerSize(0) != config.hiddenSize()) {
      throw new IllegalArgumentException(
          "network must match the configuration (" + config + "). Provided value: network with "
              + network.getnLayers() + " layers and " + rows + " inputs");
    }
    this.hasher =
        new FeatureHasher(
            config.buckets(), config.window(), config.featureSlots(), NerConfig.HASH_SEED);
    this.fast =
        new TaggerNet(
            config.buckets(),
            config.featureSlots(),
            config.hiddenSize(),
            config.contextSize(),
            NetworkFactory.CLASSES);
    synchronized (network) {
      fast.readFrom(network);
    }
  }

  /** The configuration the model was trained with. */
  public NerConfig config() {
    return config;
  }

  /** The same network with another configuration that has the same layout (e.g. a threshold). */
  public NerModel withConfig(NerConfig other) {
    if (!config.sameLayout(other)) {
      throw new IllegalArgumentException(
          "config must have the same layout as the model's (" + config + "). Provided value: "
              + other);
    }
    return new NerModel(other, network);
  }

  /** Number of trainable parameters. */
  public long parameterCount() {
    return network.numParams();
  }

  /** A copy of all parameters as a flat array, in the network's fixed order. */
  public INDArray parameters() {
    return network.params().dup();
  }

  /** A model of the same configuration with the given flat parameters (e.g. a federated average). */
  public NerModel withParameters(INDArray parameters) {
    if (parameters == null || parameters.length() != network.numParams()) {
      throw new IllegalArgumentException(
          "parameters must have length " + network.numParams() + ". Provided value: "
              + (parameters == null ? "null" : String.valueOf(parameters.length())));
    }
    MultiLayerNetwork copy = network.clone();
    copy.setParams(parameters.reshape(copy.params().shape()).castTo(DataType.FLOAT));
    return new NerModel(config, copy);
  }

  /** The underlying DL4J network (for training code in this package). */
  MultiLayerNetwork network() {
    return network;
  }

  /** Tags of the tokens of one sentence; empty for no tokens. */
  public List<TagPrediction> predict(List<String> tokens) {
    return predictAll(List.of(tokens)).get(0);
  }

  /** Tags of several sentences at once (faster than one at a time). */
  public List<List<TagPrediction>> predictAll(List<List<String>> sentences) {
    List<float[][]> probs = probabilities(sentences);
    List<List<TagPrediction>> out = new ArrayList<>(probs.size());
    for (int s = 0; s < probs.size(); s++) {
      out.add(TagDecoder.decode(sentences.get(s), probs.get(s), config.personThreshold()));
    }
    return out;
  }

  /**
   * The model's probabilities per sentence, token and tag ({@code [token][NerTag.ordinal()]}),
   * before decoding. Computed on Java arrays ({@link TaggerNet}), one piece of at most
   * maxSequenceLength tokens at a time.
   */
  List<float[][]> probabilities(List<List<String>> sentences) {
    int max = config.maxSequenceLength();
    int classes = NetworkFactory.CLASSES;
    List<float[][]> results = new ArrayList<>(sentences.size());
    for (int s = 0; s < sentences.size(); s++) {
      List<String> tokens = sentences.get(s);
      if (tokens == null) {
        throw new IllegalArgumentException(
            "sentences must not contain null. Provided value: null at index " + s);
      }
      float[][] r = new float[tokens.size()][];
      for (int start = 0; start < tokens.size(); start += max) {
        int end = Math.min(tokens.size(), start + max);
        float[] probs = fast.forward(hasher.hash(tokens.subList(start, end)));
        for (int t = start; t < end; t++) {
          r[t] = java.util.Arrays.copyOfRange(probs, (t - start) * classes,
              (t - start + 1) * classes);
        }
      }
      results.add(r);
    }
    return results;
  }

  /** The same probabilities computed by the DL4J network, in padded batches (for tests). */
  List<float[][]> probabilitiesWithDl4j(List<List<String>> sentences) {
    int max = config.maxSequenceLength();
    // Cut sentences into pieces of at most maxSequenceLength tokens.
    List<int[]> pieces = new ArrayList<>(); // {sentence, start, end}
    List<float[][]> results = new ArrayList<>(sentences.size());
    for (int s = 0; s < sentences.size(); s++) {
      List<String> tokens = sentences.get(s);
      results.add(new float[tokens.size()][]);
      for (int start = 0; start < tokens.size(); start += max) {
        pieces.add(new int[] {s, start, Math.min(tokens.size(), start + max)});
      }
    }
    // One piece per batch: DL4J's bidirectional layer reverses padded sequences as a whole.
    for (int[] piece : pieces) {
      runBatch(sentences, List.of(piece), piece[2] - piece[1], results);
    }
    return results;
  }

  private void runBatch(
      List<List<String>> sentences, List<int[]> batch, int steps, List<float[][]> results) {
    int mb = batch.size();
    int slots = config.featureSlots();
    List<NerTrainer.Piece> pieces = new ArrayList<>(mb);
    for (int b = 0; b < mb; b++) {
      int[] p = batch.get(b);
      List<String> tokens = sentences.get(p[0]).subList(p[1], p[2]);
      pieces.add(new NerTrainer.Piece(hasher.hash(tokens), List.of()));
    }
    float[] mask = new float[mb * steps];
    for (int b = 0; b < mb; b++) {
      int[] p = batch.get(b);
      for (int t = 0; t < p[2] - p[1]; t++) {
        mask[b * steps + t] = 1f;
      }
    }
    float[] probs;
    synchronized (network) {
      INDArray in = NerTrainer.denseFeatures(pieces, config.buckets(), slots, steps);
      INDArray m = Nd4j.create(mask, new long[] {mb, steps}, 'c');
      INDArray out = network.output(in, false, m, null);
      probs = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
    int classes = NetworkFactory.CLASSES;
    for (int b = 0; b < mb; b++) {
      int[] p = batch.get(b);
      float[][] r = results.get(p[0]);
      for (int t = 0; t < p[2] - p[1]; t++) {
        int base = b * classes * steps + t;
        float[] v = new float[classes];
        for (int c = 0; c < classes; c++) {
          v[c] = probs[base + c * steps];
        }
        r[p[1] + t] = v;
      }
    }
  }

  /** Writes the model to {@code file} (see the class comment for the format). */
  public void save(Path file) {
    try (OutputStream os = Files.newOutputStream(file)) {
      save(os);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model file " + file.getFileName(), e);
    }
  }

  /** Writes the model to {@code out}, which is not closed. */
  public void save(OutputStream out) throws IOException {
    ByteArrayOutputStream net = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, net, false);
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.putNextEntry(new ZipEntry(FORMAT_ENTRY));
    zip.write((FORMAT + "\n").getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(CONFIG_ENTRY));
    zip.write(config.toJson().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(NETWORK_ENTRY));
    net.writeTo(zip);
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }

  /** Reads a model written by {@link #save(Path)}. */
  public static NerModel load(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "model file " + (file == null ? "null" : String.valueOf(file.getFileName()))
              + " does not exist or is not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, String.valueOf(file.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file.getFileName(), e);
    }
  }

  /** The model shipped with Tillit (trained on the Swedish NER corpus; see its NOTICE). */
  public static NerModel loadDefault() {
    try (InputStream in = NerModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the default NER model is missing from the class path");
      }
      return load(in, "default-model.zip");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default NER model", e);
    }
  }

  /** Reads a model from {@code in}; {@code name} is used in error messages. */
  public static NerModel load(InputStream in, String name) throws IOException {
    String format = null;
    String configJson = null;
    byte[] net = null;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        byte[] data = readLimited(zip, name);
        switch (e.getName()) {
          case FORMAT_ENTRY:
            format = new String(data, StandardCharsets.UTF_8).strip();
            break;
          case CONFIG_ENTRY:
            configJson = new String(data, StandardCharsets.UTF_8);
            break;
          case NETWORK_ENTRY:
            net = data;
            break;
          default:
            break;
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException("model file " + name + " is not a valid zip file", e);
    }
    if (format == null || configJson == null || net == null) {
      throw new IllegalArgumentException(
          "model file " + name + " must contain " + FORMAT_ENTRY + ", " + CONFIG_ENTRY + " and "
              + NETWORK_ENTRY);
    }
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "model file " + name + " must have format '" + FORMAT + "'. Provided value: '"
              + (format.length() > 40 ? format.substring(0, 40) : format) + "'");
    }
    NerConfig config = NerConfig.fromJson(configJson);
    MultiLayerNetwork network =
        ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(net), false);
    return new NerModel(config, network);
  }

  private static byte[] readLimited(InputStream in, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_ENTRY_BYTES) {
        throw new IllegalArgumentException("model file " + name + " has an entry over 512 MiB");
      }
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "NerModel{" + config + ", parameters=" + network.numParams() + "}";
  }
}
