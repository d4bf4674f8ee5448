package se.tillit.synth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;

/**
 * The model file: a zip holding one entry {@code model.json} with {@code format}
 * ("tillit-synth-model"), {@code format_version}, {@code kind} (which loader reads it),
 * {@code method}, {@code schema} and the kind's own fields.
 */
public final class ModelFiles {
  public static final String FORMAT = "tillit-synth-model";
  public static final int FORMAT_VERSION = 1;
  public static final String ENTRY = "model.json";
  public static final ObjectMapper JSON = new ObjectMapper();

  private ModelFiles() {}

  /** A new model document with the common header. */
  public static ObjectNode header(String kind, String method, Schema schema) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("kind", kind);
    root.put("method", method);
    root.set("schema", schemaToJson(schema));
    return root;
  }

  public static void write(ObjectNode root, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.putNextEntry(new ZipEntry(ENTRY));
    JSON.writeValue(new NonClosing(zip), root);
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }

  /** Reads and checks the header; errors say what the file is not. */
  public static JsonNode read(InputStream in, String source) throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    ZipEntry e;
    try {
      while ((e = zip.getNextEntry()) != null) {
        if (e.getName().equals(ENTRY)) {
          JsonNode root = JSON.readTree(new NonClosingIn(zip));
          checkHeader(root, source);
          return root;
        }
      }
    } catch (java.util.zip.ZipException | com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalArgumentException(
          source + " is not a Tillit synthesizer model (unreadable zip or JSON)");
    }
    throw new IllegalArgumentException(
        source + " is not a Tillit synthesizer model (no " + ENTRY + " inside a zip)");
  }

  private static void checkHeader(JsonNode root, String source) {
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException(source + " is not a Tillit synthesizer model");
    }
    int v = root.path("format_version").asInt(-1);
    if (v != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          source + ": model format_version must be " + FORMAT_VERSION + ". Provided value: " + v);
    }
  }

  public static ObjectNode schemaToJson(Schema schema) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode cols = o.putArray("columns");
    for (ColumnSchema c : schema.columns()) {
      ObjectNode n = cols.addObject();
      n.put("name", c.name());
      n.put("type", c.type().name());
      if (c.type() == ColumnType.CATEGORICAL) {
        ArrayNode a = n.putArray("categories");
        c.categories().forEach(a::add);
      } else if (c.hasEdges()) {
        ArrayNode a = n.putArray("edges");
        c.edges().forEach(a::add);
      } else {
        n.put("min", c.min());
        n.put("max", c.max());
        n.put("bins", c.bins());
      }
      n.put("nullable", c.nullable());
    }
    return o;
  }

  public static Schema schemaFromJson(JsonNode o) {
    List<ColumnSchema> cols = new ArrayList<>();
    for (JsonNode n : o.path("columns")) {
      ColumnType t = ColumnType.valueOf(n.path("type").asText());
      List<String> cats = new ArrayList<>();
      n.path("categories").forEach(c -> cats.add(c.asText()));
      boolean cat = t == ColumnType.CATEGORICAL;
      if (!cat && n.has("edges")) {
        List<Double> edges = new ArrayList<>();
        n.path("edges").forEach(e -> edges.add(e.asDouble()));
        cols.add(ColumnSchema.withEdges(n.path("name").asText(), t, edges,
            n.path("nullable").asBoolean()));
        continue;
      }
      cols.add(new ColumnSchema(n.path("name").asText(), t, cats,
          cat ? null : n.path("min").asDouble(), cat ? null : n.path("max").asDouble(),
          cat ? null : n.path("bins").asInt(), n.path("nullable").asBoolean()));
    }
    return new Schema(cols);
  }

  public static ArrayNode doubles(double[] v) {
    ArrayNode a = JSON.createArrayNode();
    for (double d : v) {
      if (Double.isNaN(d)) {
        a.addNull();
      } else {
        a.add(d);
      }
    }
    return a;
  }

  public static double[] doubles(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).isNull() ? Double.NaN : a.get(i).asDouble();
    }
    return v;
  }

  public static ArrayNode ints(int[] v) {
    ArrayNode a = JSON.createArrayNode();
    for (int d : v) {
      a.add(d);
    }
    return a;
  }

  public static int[] ints(JsonNode a) {
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class NonClosingIn extends java.io.FilterInputStream {
    NonClosingIn(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
