package se.tillit.pseudonymize.table.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every node, so that policy errors can name
 * the line. Scalars are kept as text; maps keep their order and reject duplicate keys.
 */
public final class YamlNode {
  /** Kind of node. */
  public enum Kind { MAP, LIST, SCALAR, NULL }

  /** A syntax error or duplicate key, with its line (1-based; 0 if unknown). */
  public static final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    YamlException(String message, int line) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Kind kind;
  private final int line;
  private final String text;
  private final Map<String, YamlNode> map;
  private final Map<String, Integer> keyLines;
  private final List<YamlNode> list;

  private YamlNode(Kind kind, int line, String text, Map<String, YamlNode> map,
      Map<String, Integer> keyLines, List<YamlNode> list) {
    this.kind = kind;
    this.line = line;
    this.text = text;
    this.map = map;
    this.keyLines = keyLines;
    this.list = list;
  }

  public static YamlNode parse(String yaml) throws YamlException {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new YamlNode(Kind.NULL, 1, null, null, null, null);
      }
      YamlNode root = read(p);
      if (p.nextToken() != null) {
        throw new YamlException("more than one YAML document", lineOf(p));
      }
      return root;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage();
      int cut = msg.indexOf('\n');
      throw new YamlException("not valid YAML: " + (cut > 0 ? msg.substring(0, cut) : msg), line);
    } catch (IOException e) {
      throw new YamlException("could not read YAML: " + e.getMessage(), 0);
    }
  }

  private static int lineOf(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static YamlNode read(JsonParser p) throws IOException, YamlException {
    JsonToken t = p.currentToken();
    int line = lineOf(p);
    switch (t) {
      case START_OBJECT: {
        Map<String, YamlNode> m = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String name = p.currentName();
          int keyLine = lineOf(p);
          p.nextToken();
          YamlNode value = read(p);
          if (m.containsKey(name)) {
            throw new YamlException("duplicate key '" + name + "'", keyLine);
          }
          m.put(name, value);
          lines.put(name, keyLine);
        }
        return new YamlNode(Kind.MAP, line, null, Collections.unmodifiableMap(m), lines, null);
      }
      case START_ARRAY: {
        List<YamlNode> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p));
        }
        return new YamlNode(Kind.LIST, line, null, null, null, Collections.unmodifiableList(l));
      }
      case VALUE_NULL:
        return new YamlNode(Kind.NULL, line, null, null, null, null);
      default:
        return new YamlNode(Kind.SCALAR, line, p.getText(), null, null, null);
    }
  }

  public Kind kind() {
    return kind;
  }

  public int line() {
    return line;
  }

  /** Scalar text (null unless SCALAR). */
  public String text() {
    return text;
  }

  /** Entries of a MAP (empty otherwise). */
  public Map<String, YamlNode> entries() {
    return map == null ? Map.of() : map;
  }

  /** Line of a key in a MAP, or this node's line. */
  public int keyLine(String key) {
    Integer l = keyLines == null ? null : keyLines.get(key);
    return l == null ? line : l;
  }

  /** Items of a LIST (empty otherwise). */
  public List<YamlNode> items() {
    return list == null ? List.of() : list;
  }
}
