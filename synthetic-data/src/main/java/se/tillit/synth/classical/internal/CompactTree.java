package se.tillit.synth.classical.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import smile.base.cart.InternalNode;
import smile.base.cart.LeafNode;
import smile.base.cart.NominalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import se.tillit.synth.internal.ModelFiles;

/**
 * A fitted CART tree in flat arrays, with the training values of the target that fell into each
 * leaf (synthpop samples a leaf's donors). Built from a Smile tree: an ordinal node sends
 * {@code x <= value} to its true child, a nominal node sends {@code x == value}. Smile keeps the
 * split value in a package-private field, read here by reflection; {@link CartModel} checks that
 * the flat tree routes training rows as Smile does.
 */
public final class CompactTree {
  final int[] feature;
  final double[] value;
  final boolean[] nominal;
  final int[] trueChild;
  final int[] falseChild;
  final int[] leaf; // leaf index, or -1 for an internal node
  double[][] leafValues;

  CompactTree(int[] feature, double[] value, boolean[] nominal, int[] trueChild,
      int[] falseChild, int[] leaf, double[][] leafValues) {
    this.feature = feature;
    this.value = value;
    this.nominal = nominal;
    this.trueChild = trueChild;
    this.falseChild = falseChild;
    this.leaf = leaf;
    this.leafValues = leafValues;
  }

  /** The leaf that row {@code r} of column-major {@code x} reaches. */
  public int leafOf(double[][] x, int r) {
    int n = 0;
    while (leaf[n] < 0) {
      double v = x[feature[n]][r];
      boolean t = nominal[n] ? v == value[n] : v <= value[n];
      n = t ? trueChild[n] : falseChild[n];
    }
    return leaf[n];
  }

  /** The leaf for a single row of features. */
  public int leafOf(double[] row) {
    int n = 0;
    while (leaf[n] < 0) {
      double v = row[feature[n]];
      boolean t = nominal[n] ? v == value[n] : v <= value[n];
      n = t ? trueChild[n] : falseChild[n];
    }
    return leaf[n];
  }

  public int leafCount() {
    return leafValues.length;
  }

  /** A one-leaf tree (no predictors, or a constant target). */
  public static CompactTree single(double[] values) {
    return new CompactTree(new int[] {0}, new double[] {0}, new boolean[] {false},
        new int[] {0}, new int[] {0}, new int[] {0}, new double[][] {values});
  }

  /** Flattens a Smile tree; leaf values are filled in by {@link #fillLeaves}. */
  public static CompactTree fromSmile(Node root) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(root);
    List<int[]> children = new ArrayList<>();
    int leaves = 0;
    int[] leafIdx = new int[16];
    List<Integer> leafList = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (n instanceof InternalNode in) {
        nodes.add(in.trueChild());
        int t = nodes.size() - 1;
        nodes.add(in.falseChild());
        children.add(new int[] {t, nodes.size() - 1});
        leafList.add(-1);
      } else if (n instanceof LeafNode) {
        children.add(new int[] {0, 0});
        leafList.add(leaves++);
      } else {
        throw new IllegalStateException("unknown Smile node " + n.getClass().getName());
      }
    }
    int m = nodes.size();
    int[] feature = new int[m];
    double[] value = new double[m];
    boolean[] nominal = new boolean[m];
    int[] tc = new int[m];
    int[] fc = new int[m];
    int[] leaf = new int[m];
    for (int i = 0; i < m; i++) {
      Node n = nodes.get(i);
      leaf[i] = leafList.get(i);
      tc[i] = children.get(i)[0];
      fc[i] = children.get(i)[1];
      if (n instanceof InternalNode in) {
        feature[i] = in.feature();
        nominal[i] = n instanceof NominalNode;
        value[i] = splitValue(in);
      }
    }
    return new CompactTree(feature, value, nominal, tc, fc, leaf, new double[leaves][]);
  }

  private static double splitValue(InternalNode n) {
    try {
      Class<?> c = n instanceof OrdinalNode ? OrdinalNode.class : NominalNode.class;
      Field f = c.getDeclaredField("value");
      f.setAccessible(true);
      return ((Number) f.get(n)).doubleValue();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot read a Smile split value (Smile version changed?)", e);
    }
  }

  /** Puts the target value {@code y[r]} of every training row into the leaf it reaches. */
  public void fillLeaves(double[][] x, double[] y) {
    int k = leafValues.length;
    int[] counts = new int[k];
    int[] where = new int[y.length];
    for (int r = 0; r < y.length; r++) {
      where[r] = leafOf(x, r);
      counts[where[r]]++;
    }
    for (int l = 0; l < k; l++) {
      if (counts[l] == 0) {
        throw new IllegalStateException(
            "a flattened Smile tree has an empty leaf; it disagrees with Smile's routing");
      }
      leafValues[l] = new double[counts[l]];
      counts[l] = 0;
    }
    for (int r = 0; r < y.length; r++) {
      leafValues[where[r]][counts[where[r]]++] = y[r];
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = ModelFiles.JSON.createObjectNode();
    o.set("feature", ModelFiles.ints(feature));
    o.set("value", ModelFiles.doubles(value));
    int[] nom = new int[nominal.length];
    for (int i = 0; i < nom.length; i++) {
      nom[i] = nominal[i] ? 1 : 0;
    }
    o.set("nominal", ModelFiles.ints(nom));
    o.set("true_child", ModelFiles.ints(trueChild));
    o.set("false_child", ModelFiles.ints(falseChild));
    o.set("leaf", ModelFiles.ints(leaf));
    ArrayNode lv = o.putArray("leaf_values");
    for (double[] v : leafValues) {
      lv.add(ModelFiles.doubles(v));
    }
    return o;
  }

  public static CompactTree fromJson(JsonNode o) {
    int[] nom = ModelFiles.ints(o.get("nominal"));
    boolean[] nominal = new boolean[nom.length];
    for (int i = 0; i < nom.length; i++) {
      nominal[i] = nom[i] == 1;
    }
    JsonNode lv = o.get("leaf_values");
    double[][] leafValues = new double[lv.size()][];
    for (int i = 0; i < leafValues.length; i++) {
      leafValues[i] = ModelFiles.doubles(lv.get(i));
    }
    int[] feature = ModelFiles.ints(o.get("feature"));
    int[] tc = ModelFiles.ints(o.get("true_child"));
    int[] fc = ModelFiles.ints(o.get("false_child"));
    int[] leaf = ModelFiles.ints(o.get("leaf"));
    int m = feature.length;
    for (int i = 0; i < m; i++) {
      if (tc[i] < 0 || tc[i] >= m || fc[i] < 0 || fc[i] >= m || leaf[i] >= leafValues.length
          || (leaf[i] < 0 && (tc[i] <= i || fc[i] <= i))) {
        throw new IllegalArgumentException("the model file holds a malformed tree");
      }
    }
    return new CompactTree(feature, ModelFiles.doubles(o.get("value")), nominal, tc, fc, leaf,
        leafValues);
  }
}
