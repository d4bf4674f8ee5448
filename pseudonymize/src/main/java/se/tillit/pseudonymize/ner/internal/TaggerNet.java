package se.tillit.pseudonymize.ner.internal;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The NER network of {@link NetworkFactory} computed directly on Java arrays, one sentence at a
 * time, with no padding: forward (inference) and backward (training) passes. The parameters are
 * copied from and to the DL4J network, which stays the model's format and parameter layout; the
 * forward pass gives DL4J's outputs and the backward pass DL4J's gradients (both checked by tests).
 * DL4J evaluates the LSTM step by step with many small native calls; on one core this class is
 * much faster for the small layers of this model.
 *
 * <p>Per token {@code t}: {@code x = tanh(b + sum of the weight rows of its features)}; a forward
 * and a backward LSTM over {@code x} (DL4J's gate order: block input, forget, output, input gate;
 * no peepholes); softmax over {@code W [hf; hb] + b}.
 *
 * <p>All parameters live in one flat array ({@link #params()}); gradients have the same layout.
 * Instances are not thread-safe while training; {@link #forward} may be called concurrently.
 */
public final class TaggerNet {
  private final int buckets;
  private final int slots;
  private final int hidden;
  private final int context;
  private final int classes;
  private final float[] p;
  // Offsets into p.
  private final int emb;
  private final int embBias;
  private final int[] wx = new int[2];
  private final int[] wh = new int[2];
  private final int[] bias = new int[2];
  private final int wo;
  private final int bo;
  private final int size;

  public TaggerNet(int buckets, int slots, int hidden, int context, int classes) {
    this.buckets = buckets;
    this.slots = slots;
    this.hidden = hidden;
    this.context = context;
    this.classes = classes;
    int g = 4 * context;
    int off = 0;
    emb = off;
    off += buckets * hidden;
    embBias = off;
    off += hidden;
    for (int d = 0; d < 2; d++) {
      wx[d] = off;
      off += hidden * g;
      wh[d] = off;
      off += context * g;
      bias[d] = off;
      off += g;
    }
    wo = off;
    off += 2 * context * classes;
    bo = off;
    off += classes;
    size = off;
    p = new float[size];
  }

  /** Number of parameters. */
  public int size() {
    return size;
  }

  /** The parameters (live array). */
  public float[] params() {
    return p;
  }

  /** A fresh zeroed gradient buffer of the parameters' layout. */
  public float[] newGradient() {
    return new float[size];
  }

  /** Marks which parameters are weights (L2 applies) rather than biases. */
  public boolean[] weightMask() {
    boolean[] m = new boolean[size];
    java.util.Arrays.fill(m, true);
    for (int d = 0; d < 2; d++) {
      java.util.Arrays.fill(m, bias[d], bias[d] + 4 * context, false);
    }
    java.util.Arrays.fill(m, bo, bo + classes, false);
    java.util.Arrays.fill(m, embBias, embBias + hidden, false);
    return m;
  }

  // ---- DL4J parameter exchange ----

  /** Copies the parameters of {@code net} (built by {@link NetworkFactory}) into this net. */
  public void readFrom(MultiLayerNetwork net) {
    eachParam(net, this::copyIn);
  }

  /** Copies this net's parameters into {@code net} (built by {@link NetworkFactory}). */
  public void writeTo(MultiLayerNetwork net) {
    eachParam(net, this::copyOut);
  }

  /** One DL4J parameter array and where its rows-by-cols values sit in this net's vector. */
  private interface ParamCopy {
    void copy(INDArray param, int offset, int rows, int cols);
  }

  /** The one place that maps DL4J's parameters onto this net's layout. */
  private void eachParam(MultiLayerNetwork net, ParamCopy copy) {
    Layer e = net.getLayer(0);
    Layer l = net.getLayer(NetworkFactory.LSTM_LAYER);
    Layer o = net.getLayer(NetworkFactory.OUTPUT_LAYER);
    copy.copy(e.getParam("W"), emb, buckets, hidden);
    copy.copy(e.getParam("b"), embBias, 1, hidden);
    String[] dir = {"f", "b"};
    for (int d = 0; d < 2; d++) {
      copy.copy(l.getParam(dir[d] + "W"), wx[d], hidden, 4 * context);
      copy.copy(l.getParam(dir[d] + "RW"), wh[d], context, 4 * context);
      copy.copy(l.getParam(dir[d] + "b"), bias[d], 1, 4 * context);
    }
    copy.copy(o.getParam("W"), wo, 2 * context, classes);
    copy.copy(o.getParam("b"), bo, 1, classes);
  }

  private void copyIn(INDArray a, int off, int rows, int cols) {
    INDArray m = a.reshape(a.ordering(), rows, cols).castTo(DataType.FLOAT).dup('c');
    float[] v = m.data().asFloat();
    if (v.length != rows * cols) {
      throw new IllegalStateException("unexpected parameter shape");
    }
    System.arraycopy(v, 0, p, off, v.length);
  }

  private void copyOut(INDArray a, int off, int rows, int cols) {
    float[] v = new float[rows * cols];
    System.arraycopy(p, off, v, 0, v.length);
    INDArray m = Nd4j.create(v, new long[] {rows, cols}, 'c').castTo(a.dataType());
    a.assign(m.reshape(a.shape()));
  }

  // ---- forward / backward ----

  /** Activations of one sentence, kept for the backward pass. */
  public static final class Trace {
    final int n;
    final float[] x; // [n][hidden], tanh output
    final float[] xin; // LSTM input (after dropout)
    final float[] keep; // dropout multipliers or null
    final float[][] h = new float[2][]; // [n][context]
    final float[][] c = new float[2][];
    final float[][] gates = new float[2][]; // [n][4C]: a, f, o, i (activated)
    final float[] prob; // [n][classes]

    Trace(int n, int hidden, int context, int classes) {
      this.n = n;
      x = new float[n * hidden];
      xin = x;
      keep = null;
      for (int d = 0; d < 2; d++) {
        h[d] = new float[n * context];
        c[d] = new float[n * context];
        gates[d] = new float[n * 4 * context];
      }
      prob = new float[n * classes];
    }

    Trace(Trace t, float[] xin, float[] keep) {
      n = t.n;
      x = t.x;
      this.xin = xin;
      this.keep = keep;
      h[0] = t.h[0];
      h[1] = t.h[1];
      c[0] = t.c[0];
      c[1] = t.c[1];
      gates[0] = t.gates[0];
      gates[1] = t.gates[1];
      prob = t.prob;
    }

    /** Tag probabilities, {@code [token * classes + tag]}. */
    public float[] probabilities() {
      return prob;
    }
  }

  /** Inference: tag probabilities of one sentence of {@code features.length / slots} tokens. */
  public float[] forward(int[] features) {
    return forward(features, 1f, null).prob;
  }

  /**
   * Forward pass; with {@code retain < 1} each LSTM input is kept with that probability (and
   * scaled by {@code 1 / retain}), drawn from {@code random}.
   */
  public Trace forward(int[] features, float retain, SplittableRandom random) {
    int n = features.length / slots;
    Trace tr = new Trace(n, hidden, context, classes);
    float[] x = tr.x;
    for (int t = 0; t < n; t++) {
      int xo = t * hidden;
      System.arraycopy(p, embBias, x, xo, hidden);
      for (int k = 0; k < slots; k++) {
        int f = features[t * slots + k];
        if (f >= buckets) {
          continue;
        }
        int r = emb + f * hidden;
        for (int j = 0; j < hidden; j++) {
          x[xo + j] += p[r + j];
        }
      }
      for (int j = 0; j < hidden; j++) {
        x[xo + j] = tanh(x[xo + j]);
      }
    }
    if (retain < 1f) {
      float[] keep = new float[x.length];
      float[] xin = new float[x.length];
      float scale = 1f / retain;
      for (int i = 0; i < x.length; i++) {
        if (random.nextDouble() < retain) {
          keep[i] = scale;
          xin[i] = x[i] * scale;
        }
      }
      tr = new Trace(tr, xin, keep);
    }
    int g4 = 4 * context;
    float[] zs = new float[n * g4];
    float[] z = new float[g4];
    for (int d = 0; d < 2; d++) {
      float[] h = tr.h[d];
      float[] c = tr.c[d];
      float[] gates = tr.gates[d];
      // Input projection of all tokens at once (each weight row is loaded once per sentence).
      for (int t = 0; t < n; t++) {
        System.arraycopy(p, bias[d], zs, t * g4, g4);
      }
      for (int i = 0; i < hidden; i++) {
        int r = wx[d] + i * g4;
        for (int t = 0; t < n; t++) {
          float xi = tr.xin[t * hidden + i];
          if (xi != 0f) {
            axpy(xi, p, r, zs, t * g4, g4);
          }
        }
      }
      for (int s = 0; s < n; s++) {
        int t = d == 0 ? s : n - 1 - s;
        int prev = d == 0 ? t - 1 : t + 1;
        boolean hasPrev = s > 0;
        System.arraycopy(zs, t * g4, z, 0, g4);
        if (hasPrev) {
          int ho = prev * context;
          int i = 0;
          for (; i + 3 < context; i += 4) {
            axpy4(h, ho + i, p, wh[d] + i * g4, g4, z);
          }
          for (; i < context; i++) {
            axpy(h[ho + i], p, wh[d] + i * g4, z, 0, g4);
          }
        }
        int go = t * g4;
        int co = t * context;
        for (int j = 0; j < context; j++) {
          float a = tanh(z[j]);
          float f = sigmoid(z[context + j]);
          float o = sigmoid(z[2 * context + j]);
          float in = sigmoid(z[3 * context + j]);
          gates[go + j] = a;
          gates[go + context + j] = f;
          gates[go + 2 * context + j] = o;
          gates[go + 3 * context + j] = in;
          float cp = hasPrev ? c[prev * context + j] : 0f;
          float cc = f * cp + in * a;
          c[co + j] = cc;
          h[co + j] = o * tanh(cc);
        }
      }
    }
    // Logits of all tokens at once, tag-major: lt[k * n + t] (vectorisable row operations).
    float[] lt = new float[classes * n];
    float[] col = new float[n];
    for (int d = 0; d < 2; d++) {
      float[] h = tr.h[d];
      for (int j = 0; j < context; j++) {
        for (int t = 0; t < n; t++) {
          col[t] = h[t * context + j];
        }
        int r = wo + (d * context + j) * classes;
        for (int k = 0; k < classes; k++) {
          axpy(p[r + k], col, 0, lt, k * n, n);
        }
      }
    }
    float[] logits = new float[classes];
    for (int t = 0; t < n; t++) {
      for (int k = 0; k < classes; k++) {
        logits[k] = p[bo + k] + lt[k * n + t];
      }
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(logits[k] - max);
      }
      for (int k = 0; k < classes; k++) {
        tr.prob[t * classes + k] = (float) (Math.exp(logits[k] - max) / sum);
      }
    }
    return tr;
  }

  /**
   * Adds to {@code grad} the gradient of {@code scale * sum_t w[gold_t] * -log p_t(gold_t)} (the
   * weighted cross-entropy of DL4J's {@code LossMCXENT}) and returns that loss.
   */
  public double backward(
      int[] features, Trace tr, int[] gold, float[] classWeights, float scale, float[] grad) {
    int n = tr.n;
    int g4 = 4 * context;
    float[][] dh = {new float[n * context], new float[n * context]};
    double loss = 0;
    float[] dl = new float[classes];
    for (int t = 0; t < n; t++) {
      int y = gold[t];
      float w = classWeights[y] * scale;
      loss += -classWeights[y] * scale * Math.log(Math.max(tr.prob[t * classes + y], 1e-30f));
      for (int k = 0; k < classes; k++) {
        dl[k] = w * (tr.prob[t * classes + k] - (k == y ? 1f : 0f));
        grad[bo + k] += dl[k];
      }
      for (int d = 0; d < 2; d++) {
        float[] h = tr.h[d];
        int ho = t * context;
        for (int j = 0; j < context; j++) {
          int r = wo + (d * context + j) * classes;
          float hj = h[ho + j];
          float acc = 0;
          for (int k = 0; k < classes; k++) {
            grad[r + k] += hj * dl[k];
            acc += p[r + k] * dl[k];
          }
          dh[d][ho + j] = acc;
        }
      }
    }
    float[] dxin = new float[n * hidden];
    float[] dz = new float[g4];
    float[] dhn = new float[context];
    float[] dcn = new float[context];
    for (int d = 0; d < 2; d++) {
      float[] h = tr.h[d];
      float[] c = tr.c[d];
      float[] gates = tr.gates[d];
      java.util.Arrays.fill(dhn, 0f);
      java.util.Arrays.fill(dcn, 0f);
      for (int s = n - 1; s >= 0; s--) {
        int t = d == 0 ? s : n - 1 - s;
        int prev = d == 0 ? t - 1 : t + 1;
        boolean hasPrev = s > 0;
        int go = t * g4;
        int co = t * context;
        for (int j = 0; j < context; j++) {
          float a = gates[go + j];
          float f = gates[go + context + j];
          float o = gates[go + 2 * context + j];
          float in = gates[go + 3 * context + j];
          float tc = tanh(c[co + j]);
          float dhj = dh[d][co + j] + dhn[j];
          float dc = dcn[j] + dhj * o * (1 - tc * tc);
          float cp = hasPrev ? c[prev * context + j] : 0f;
          dz[j] = dc * in * (1 - a * a);
          dz[context + j] = dc * cp * f * (1 - f);
          dz[2 * context + j] = dhj * tc * o * (1 - o);
          dz[3 * context + j] = dc * a * in * (1 - in);
          dcn[j] = dc * f;
        }
        int bb = bias[d];
        for (int j = 0; j < g4; j++) {
          grad[bb + j] += dz[j];
        }
        int xo = t * hidden;
        for (int i = 0; i < hidden; i++) {
          int r = wx[d] + i * g4;
          float xi = tr.xin[xo + i];
          float acc = 0;
          if (xi != 0f) {
            for (int j = 0; j < g4; j++) {
              grad[r + j] += xi * dz[j];
              acc += p[r + j] * dz[j];
            }
          } else if (tr.keep == null || tr.keep[xo + i] != 0f) {
            for (int j = 0; j < g4; j++) {
              acc += p[r + j] * dz[j];
            }
          }
          dxin[xo + i] += acc;
        }
        if (hasPrev) {
          int ho = prev * context;
          for (int i = 0; i < context; i++) {
            int r = wh[d] + i * g4;
            float hi = h[ho + i];
            float acc = 0;
            for (int j = 0; j < g4; j++) {
              grad[r + j] += hi * dz[j];
              acc += p[r + j] * dz[j];
            }
            dhn[i] = acc;
          }
        } else {
          java.util.Arrays.fill(dhn, 0f);
        }
      }
    }
    float[] dpre = new float[hidden];
    for (int t = 0; t < n; t++) {
      int xo = t * hidden;
      for (int j = 0; j < hidden; j++) {
        float dx = tr.keep == null ? dxin[xo + j] : dxin[xo + j] * tr.keep[xo + j];
        float xv = tr.x[xo + j];
        dpre[j] = dx * (1 - xv * xv);
        grad[embBias + j] += dpre[j];
      }
      for (int k = 0; k < slots; k++) {
        int f = features[t * slots + k];
        if (f >= buckets) {
          continue;
        }
        int r = emb + f * hidden;
        for (int j = 0; j < hidden; j++) {
          grad[r + j] += dpre[j];
        }
      }
    }
    return loss;
  }

  /** {@code y[yo..yo+len) += a * x[xo..xo+len)}; a separate method so that the JIT vectorises it. */
  private static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
    for (int j = 0; j < len; j++) {
      y[yo + j] += a * x[xo + j];
    }
  }

  /** {@code y[0..len) += sum over r < 4 of a[ao + r] * x[xo + r * len ..)}: four rows in one pass. */
  private static void axpy4(float[] a, int ao, float[] x, int xo, int len, float[] y) {
    float a0 = a[ao];
    float a1 = a[ao + 1];
    float a2 = a[ao + 2];
    float a3 = a[ao + 3];
    int x1 = xo + len;
    int x2 = xo + 2 * len;
    int x3 = xo + 3 * len;
    for (int j = 0; j < len; j++) {
      y[j] += a0 * x[xo + j] + a1 * x[x1 + j] + a2 * x[x2 + j] + a3 * x[x3 + j];
    }
  }

  /**
   * tanh through {@code Math.exp} (a JIT intrinsic; {@code Math.tanh} is several times slower and
   * dominated inference); agrees with it to about 1e-7.
   */
  static float tanh(float v) {
    if (v > 20f) {
      return 1f;
    }
    if (v < -20f) {
      return -1f;
    }
    double e = Math.exp(2.0 * v);
    return (float) ((e - 1) / (e + 1));
  }

  private static float sigmoid(float v) {
    return (float) (1.0 / (1.0 + Math.exp(-v)));
  }
}
