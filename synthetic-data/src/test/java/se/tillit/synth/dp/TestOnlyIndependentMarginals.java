package se.tillit.synth.dp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.data.EncodedData;

/**
 * TEST HELPER ONLY, not a synthesizer to use: independent Gaussian-noised 1-way marginals, each
 * column sampled on its own. It exists to test {@code DpMarginalAdapter} before MST/AIM land. Its
 * noise comes from a plain {@code nextGaussian}, not the dp module's secure sampler.
 */
public final class TestOnlyIndependentMarginals implements MarginalSynthesizer {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Fits seen, for tests that check the adapter passed the budget through. */
  public final List<double[]> budgets = new ArrayList<>();

  @Override
  public String method() {
    return "test-marginals";
  }

  @Override
  public EncodedModel fit(EncodedData data, double epsilon, double delta, SecureRandom random,
      DoubleConsumer progress) {
    budgets.add(new double[] {epsilon, delta});
    int d = data.columnCount();
    // d Gaussian releases of sensitivity 1, each at (epsilon/d, delta/d) (classic calibration).
    double sigma = Math.sqrt(2 * Math.log(1.25 * d / delta)) * d / epsilon;
    double[][] p = new double[d][];
    for (int j = 0; j < d; j++) {
      int k = data.domainSizes()[j];
      double[] c = new double[k];
      for (int code : data.codes()[j]) {
        c[code]++;
      }
      double s = 0;
      for (int v = 0; v < k; v++) {
        c[v] = Math.max(0, c[v] + sigma * random.nextGaussian());
        s += c[v];
      }
      for (int v = 0; v < k; v++) {
        c[v] = s == 0 ? 1.0 / k : c[v] / s;
      }
      p[j] = c;
      progress.accept((j + 1.0) / d);
    }
    return new Model(data.names(), data.domainSizes(), p,
        new DpEvent.SelfComposed(new DpEvent.Gaussian(sigma), d));
  }

  /** The fitted test model. */
  public static final class Model implements EncodedModel {
    final List<String> names;
    final int[] sizes;
    final double[][] p;
    final DpEvent event;

    Model(List<String> names, int[] sizes, double[][] p, DpEvent event) {
      this.names = names;
      this.sizes = sizes;
      this.p = p;
      this.event = event;
    }

    @Override
    public String method() {
      return "test-marginals";
    }

    @Override
    public EncodedData sample(int rows, SecureRandom random) {
      int[][] codes = new int[p.length][rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < p.length; j++) {
          double u = random.nextDouble();
          int v = 0;
          while (v < p[j].length - 1 && (u -= p[j][v]) > 0) {
            v++;
          }
          codes[j][i] = v;
        }
      }
      return new EncodedData(names, sizes, codes);
    }

    @Override
    public DpEvent privacyCost() {
      return event;
    }

    @Override
    public JsonNode toJson() {
      ObjectNode o = JSON.createObjectNode();
      ArrayNode n = o.putArray("names");
      names.forEach(n::add);
      o.set("p", JSON.valueToTree(p));
      o.set("sizes", JSON.valueToTree(sizes));
      o.set("event", se.tillit.dp.accounting.DpEventJson.toTree(event));
      return o;
    }

    public static Model fromJson(JsonNode o) {
      List<String> names = new ArrayList<>();
      o.get("names").forEach(x -> names.add(x.asText()));
      return new Model(names, JSON.convertValue(o.get("sizes"), int[].class),
          JSON.convertValue(o.get("p"), double[][].class),
          se.tillit.dp.accounting.DpEventJson.fromTree(o.get("event")));
    }
  }

}
