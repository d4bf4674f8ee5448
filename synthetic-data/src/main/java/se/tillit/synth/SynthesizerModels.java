package se.tillit.synth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import se.tillit.synth.classical.internal.CartModel;
import se.tillit.synth.classical.internal.CopulaModel;
import se.tillit.synth.encode.internal.DpMarginalModel;
import se.tillit.synth.internal.ModelFiles;

/**
 * Reads models written by {@link SynthesizerModel#save}: a zip with {@code model.json} holding the
 * format name, {@code format_version} (1), the loader {@code kind}, the {@code method} and the
 * schema. Models of the non-DP methods contain values of the training data.
 */
public final class SynthesizerModels {
  private static final Map<String, Function<JsonNode, SynthesizerModel>> LOADERS = Map.of(
      CartModel.KIND, CartModel::fromJson,
      CopulaModel.KIND, CopulaModel::fromJson,
      DpMarginalModel.KIND, DpMarginalModel::fromJson);

  private SynthesizerModels() {}

  /** Reads a model file. */
  public static SynthesizerModel load(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return load(in, path.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("model file does not exist: " + path);
    }
  }

  /** Reads a model; {@code source} names it in error messages. */
  public static SynthesizerModel load(InputStream in, String source) throws IOException {
    JsonNode root = ModelFiles.read(in, source);
    String kind = root.path("kind").asText();
    Function<JsonNode, SynthesizerModel> loader = LOADERS.get(kind);
    if (loader == null) {
      throw new IllegalArgumentException(
          source + ": model kind must be one of " + LOADERS.keySet() + ". Provided value: "
              + kind);
    }
    try {
      return loader.apply(root);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": the model file is malformed", e);
    }
  }

  /** Writes {@code model} to {@code path} (created or replaced). */
  public static void save(SynthesizerModel model, Path path) throws IOException {
    try (OutputStream out = Files.newOutputStream(path)) {
      model.save(out);
    }
  }
}
