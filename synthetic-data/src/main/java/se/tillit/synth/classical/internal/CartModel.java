package se.tillit.synth.classical.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.SynthesizerModel;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.internal.ModelFiles;
import se.tillit.synth.schema.Schema;

/** A fitted sequential CART model: one tree per column (the first a single leaf). */
public final class CartModel implements SynthesizerModel {
  public static final String KIND = "cart";
  /** A missing numeric value inside the model (below every real value). */
  static final double MISSING = -1e300;

  private final Schema schema;
  private final List<CompactTree> trees;

  public CartModel(Schema schema, List<CompactTree> trees) {
    this.schema = schema;
    this.trees = List.copyOf(trees);
  }

  public static void toSentinel(double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        v[i] = MISSING;
      }
    }
  }

  @Override
  public String method() {
    return "cart";
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Table sample(int rows, SecureRandom random) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0. Provided value: " + rows);
    }
    int d = trees.size();
    double[][] out = new double[d][rows];
    double[] row = new double[d];
    // One call to the (synchronized, slow per call) SecureRandom per block of rows: 64 random bits
    // per donor choice, turned into an index by scaling (bias below 2^-40 for any leaf size).
    int block = 1024;
    byte[] bytes = new byte[block * d * 8];
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    CompactTree[] ts = trees.toArray(new CompactTree[0]);
    for (int r = 0; r < rows; r++) {
      if (r % block == 0) {
        random.nextBytes(bytes);
        buf.rewind();
      }
      for (int j = 0; j < d; j++) {
        CompactTree t = ts[j];
        double[] donors = t.leafValues[t.leafOf(row)];
        double u = (buf.getLong() >>> 11) * 0x1.0p-53;
        row[j] = donors[(int) (u * donors.length)];
        out[j][r] = row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      if (schema.columns().get(j).type() != ColumnType.CATEGORICAL) {
        double[] c = out[j];
        for (int r = 0; r < rows; r++) {
          if (c[r] == MISSING) {
            c[r] = Double.NaN;
          }
        }
      }
    }
    return Columns.toTable(schema, out, rows);
  }

  @Override
  public DpEvent privacyCost() {
    throw new IllegalStateException(
        "method cart is not differentially private: it has no privacy cost to report");
  }

  @Override
  public void save(OutputStream out) throws IOException {
    ObjectNode root = ModelFiles.header(KIND, method(), schema);
    ArrayNode a = root.putArray("trees");
    trees.forEach(t -> a.add(t.toJson()));
    ModelFiles.write(root, out);
  }

  public static CartModel fromJson(JsonNode root) {
    Schema schema = ModelFiles.schemaFromJson(root.get("schema"));
    List<CompactTree> trees = new ArrayList<>();
    for (JsonNode t : root.path("trees")) {
      trees.add(CompactTree.fromJson(t));
    }
    if (trees.size() != schema.columns().size()) {
      throw new IllegalArgumentException("the model file must hold one tree per column");
    }
    for (int j = 0; j < trees.size(); j++) {
      for (int f : trees.get(j).feature) {
        if (f < 0 || (f >= j && trees.get(j).feature.length > 1)) {
          throw new IllegalArgumentException("the model file holds a malformed tree");
        }
      }
      for (double[] lv : trees.get(j).leafValues) {
        if (lv.length == 0) {
          throw new IllegalArgumentException("the model file holds an empty leaf");
        }
      }
    }
    return new CartModel(schema, trees);
  }
}
