package se.tillit.fl.protocol;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import se.tillit.fl.protocol.v1.TensorChunk;

/** Deterministic test models (not privacy-relevant randomness). */
final class TestModels {
  private TestModels() {}

  /** A model of about {@code bytes} bytes in FLOAT32 tensors of uneven sizes, plus a bias. */
  static ModelParameters floatModel(long bytes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long elements = bytes / 4;
    // three weight matrices with awkward shapes, then a small bias
    long[][] shapes = {
      {(elements / 2) / 997, 997},
      {(elements / 3) / 13, 13},
      {elements - (elements / 2) / 997 * 997 - (elements / 3) / 13 * 13 - 31},
      {31},
    };
    ModelParameters.Builder b = ModelParameters.builder();
    int i = 0;
    for (long[] shape : shapes) {
      int n = (int) (shape.length == 2 ? shape[0] * shape[1] : shape[0]);
      float[] v = new float[n];
      for (int k = 0; k < n; k++) {
        v[k] = (float) r.nextGaussian();
      }
      b.addFloats("layer" + i++ + (shape.length == 2 ? ".W" : ".b"), shape, v);
    }
    return b.build();
  }

  /** A small model with every dtype, a scalar and an empty tensor. */
  static ModelParameters mixedModel() {
    SplittableRandom r = new SplittableRandom(7);
    double[] d = new double[5 * 7];
    for (int k = 0; k < d.length; k++) {
      d[k] = r.nextDouble(-1e300, 1e300);
    }
    float[] f = new float[2 * 3 * 4];
    for (int k = 0; k < f.length; k++) {
      f[k] = (float) r.nextGaussian() * 1e-30f;
    }
    int[] ints = new int[11];
    long[] longs = new long[9];
    for (int k = 0; k < ints.length; k++) {
      ints[k] = r.nextInt();
    }
    for (int k = 0; k < longs.length; k++) {
      longs[k] = r.nextLong();
    }
    return ModelParameters.of(
        Tensor.ofFloats("conv.W", new long[] {2, 3, 4}, f),
        Tensor.ofDoubles("dense.W", new long[] {5, 7}, d),
        Tensor.ofDoubles("scale", new long[] {}, new double[] {Math.PI}),
        Tensor.ofFloats("empty", new long[] {0, 4}, new float[0]),
        Tensor.ofInts("quantised", new long[] {11}, ints),
        Tensor.ofLongs("masked", new long[] {3, 3}, longs));
  }

  static List<TensorChunk> chunks(TensorChunker chunker, String transferId, ModelParameters m) {
    List<TensorChunk> out = new ArrayList<>();
    Iterator<TensorChunk> it = chunker.chunks(transferId, m);
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  /** Chunks then reassembles; the assembler announced with the model's own ArrayRecord. */
  static ModelParameters roundTrip(TensorChunker chunker, ModelParameters m, AssemblyLimits limits)
      throws ProtocolException {
    TensorAssembler a = TensorAssembler.start("t-1", m.toArrayRecord(), limits);
    Iterator<TensorChunk> it = chunker.chunks("t-1", m);
    while (it.hasNext()) {
      a.accept(it.next());
    }
    return a.finish();
  }
}
