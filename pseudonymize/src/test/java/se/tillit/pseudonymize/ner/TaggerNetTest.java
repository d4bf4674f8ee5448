package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import se.tillit.pseudonymize.ner.internal.FeatureHasher;
import se.tillit.pseudonymize.ner.internal.NetworkFactory;
import se.tillit.pseudonymize.ner.internal.TaggerNet;

/**
 * The Java-array network computes what the DL4J network computes: the same probabilities and,
 * with dropout off, the same gradient (DL4J is the reference implementation here).
 */
class TaggerNetTest {
  private static final int BUCKETS = 256;
  private static final int SLOTS = 24;
  private static final int HIDDEN = 12;
  private static final int CONTEXT = 6;
  private static final double[] WEIGHTS = {1.0, 3.0, 2.0, 2.0, 1.5};

  private static MultiLayerNetwork net(long seed) {
    return NetworkFactory.create(BUCKETS, HIDDEN, CONTEXT, seed, 0.01, WEIGHTS, 0, 1.0);
  }

  private static List<NerTrainer.Piece> pieces() {
    FeatureHasher h = new FeatureHasher(BUCKETS, 1, SLOTS, NerConfig.HASH_SEED);
    List<NerTrainer.Piece> out = new ArrayList<>();
    out.add(
        new NerTrainer.Piece(
            h.hash(List.of("Anna", "Holm", "bor", "i", "Umeå", ".")),
            List.of(NerTag.PER, NerTag.PER, NerTag.O, NerTag.O, NerTag.LOC, NerTag.O)));
    out.add(
        new NerTrainer.Piece(
            h.hash(List.of("Volvo", "har", "ett", "kontor", "i", "Lund")),
            List.of(NerTag.ORG, NerTag.O, NerTag.O, NerTag.O, NerTag.O, NerTag.LOC)));
    return out;
  }

  @Test
  void forward_sameParameters_matchesDl4jOutput() {
    MultiLayerNetwork net = net(3);
    TaggerNet fast = new TaggerNet(BUCKETS, SLOTS, HIDDEN, CONTEXT, NetworkFactory.CLASSES);
    fast.readFrom(net);
    for (NerTrainer.Piece p : pieces()) {
      DataSet ds = NerTrainer.toDataSet(List.of(p), BUCKETS, SLOTS);
      INDArray out =
          net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), null)
              .castTo(DataType.FLOAT);
      float[] mine = fast.forward(p.features);
      for (int t = 0; t < p.tags.size(); t++) {
        for (int c = 0; c < NetworkFactory.CLASSES; c++) {
          assertThat(mine[t * NetworkFactory.CLASSES + c])
              .isCloseTo(out.getFloat(0, c, t), within(1e-5f));
        }
      }
    }
  }

  @Test
  void backward_noDropout_matchesDl4jGradient() {
    MultiLayerNetwork net = net(5);
    TaggerNet fast = new TaggerNet(BUCKETS, SLOTS, HIDDEN, CONTEXT, NetworkFactory.CLASSES);
    fast.readFrom(net);
    float[] w = new float[WEIGHTS.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) WEIGHTS[i];
    }
    // Equal lengths, so DL4J's padded batch has no padding.
    List<NerTrainer.Piece> batch = pieces();
    float[] grad = fast.newGradient();
    double loss = 0;
    for (NerTrainer.Piece p : batch) {
      TaggerNet.Trace tr = fast.forward(p.features, 1f, null);
      loss += fast.backward(p.features, tr, p.gold, w, 1f / batch.size(), grad);
    }
    DataSet ds = NerTrainer.toDataSet(batch, BUCKETS, SLOTS);
    net.setInput(ds.getFeatures());
    net.setLabels(ds.getLabels());
    net.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
    net.computeGradientAndScore();
    Gradient g = net.gradient();
    assertThat(loss).isCloseTo(net.score(), within(1e-4));
    // Write DL4J's gradient into a network and read it back in TaggerNet's layout.
    MultiLayerNetwork holder = net(5);
    holder.setParams(g.gradient().reshape(holder.params().shape()).castTo(DataType.FLOAT));
    TaggerNet expected = new TaggerNet(BUCKETS, SLOTS, HIDDEN, CONTEXT, NetworkFactory.CLASSES);
    expected.readFrom(holder);
    float[] e = expected.params();
    double maxAbs = 0;
    for (float v : e) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    assertThat(maxAbs).isGreaterThan(1e-3);
    for (int i = 0; i < e.length; i++) {
      // DL4J divides the summed gradient by the minibatch size later, in its updater.
      assertThat((double) grad[i] * batch.size())
          .as("parameter %d", i)
          .isCloseTo(e[i], within(1e-4 + 1e-3 * Math.abs(e[i])));
    }
  }

  @Test
  void readWrite_roundTrip_keepsParameters() {
    MultiLayerNetwork a = net(7);
    TaggerNet fast = new TaggerNet(BUCKETS, SLOTS, HIDDEN, CONTEXT, NetworkFactory.CLASSES);
    fast.readFrom(a);
    MultiLayerNetwork b = net(8);
    fast.writeTo(b);
    assertThat(b.params()).isEqualTo(a.params());
    assertThat(fast.size()).isEqualTo((int) a.numParams());
  }
}
