package se.tillit.pseudonymize.table.internal;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import se.tillit.pseudonymize.table.KeyPurpose;
import se.tillit.pseudonymize.table.PolicyException;
import se.tillit.pseudonymize.table.TransformKind;

/** Validates a policy document; every error names the line, the field and the allowed values. */
public final class PolicyParser {
  /** Key aliases: lower case (PKCS#12 aliases are case-insensitive), digits, '.', '_', '-'. */
  public static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** The parsed result. */
  public record Parsed(
      Map<String, ColumnSpec> columns,
      String unlistedColumns,
      List<String> quasiIdentifiers,
      String sensitive,
      int k,
      int l,
      Map<String, KeyPurpose> keys) {}

  private static final List<String> TOP = List.of("version", "unlisted_columns", "quasi_identifiers", "sensitive", "k", "l", "columns");
  private static final List<String> UNLISTED = List.of("error", "keep", "drop");
  private static final List<String> NORMALIZE = List.of("none", "trim", "lowercase", "digits");
  private static final List<String> FPE_FORMATS = List.of("personnummer", "digits");
  private static final List<String> METHODS = List.of("age_band", "postcode_prefix", "date", "round");
  private static final List<String> DATE_TO = List.of("year", "month");
  private static final List<String> SUPPRESS_MODES = List.of("drop", "blank");

  private final String source;

  private PolicyParser(String source) {
    this.source = source;
  }

  public static Parsed parse(String yaml, String source) {
    return new PolicyParser(source).parse(yaml);
  }

  private PolicyException err(int line, String field, String message) {
    return new PolicyException(source, line, field, message);
  }

  private Parsed parse(String yaml) {
    YamlNode root;
    try {
      root = YamlNode.parse(yaml);
    } catch (YamlNode.YamlException e) {
      throw err(e.line(), "", e.getMessage());
    }
    if (root.kind() != YamlNode.Kind.MAP) {
      throw err(root.line(), "", "a policy must be a YAML mapping with the fields " + TOP);
    }
    checkFields(root, "", TOP);
    Map<String, YamlNode> top = root.entries();
    if (top.containsKey("version")) {
      String v = scalar(root, "version", "");
      if (!v.equals("1")) {
        throw err(root.keyLine("version"), "version", "must be 1. Provided value: " + v);
      }
    }
    String unlisted = top.containsKey("unlisted_columns") ? choice(root, "unlisted_columns", "", UNLISTED) : "error";
    int k = top.containsKey("k") ? intField(root, "k", "", 1, Integer.MAX_VALUE) : 5;
    int l = top.containsKey("l") ? intField(root, "l", "", 1, Integer.MAX_VALUE) : 2;

    YamlNode cols = top.get("columns");
    if (cols == null) {
      throw err(0, "columns", "is required: a mapping from column name to its transform");
    }
    if (cols.kind() != YamlNode.Kind.MAP || cols.entries().isEmpty()) {
      throw err(cols.line(), "columns", "must be a non-empty mapping from column name to its transform");
    }
    Map<String, ColumnSpec> columns = new LinkedHashMap<>();
    Map<String, KeyPurpose> keys = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : cols.entries().entrySet()) {
      ColumnSpec spec = column(e.getKey(), e.getValue(), cols.keyLine(e.getKey()));
      columns.put(e.getKey(), spec);
      if (spec.keyAlias() != null) {
        KeyPurpose need = spec.kind().keyPurpose();
        KeyPurpose had = keys.putIfAbsent(spec.keyAlias(), need);
        if (had != null && had != need) {
          throw err(spec.line(), "columns." + spec.column() + ".key",
              "key '" + spec.keyAlias() + "' is used for a " + had.cliName() + " key elsewhere in the"
                  + " policy, but transform " + spec.kind().policyName() + " needs a " + need.cliName()
                  + " key; use a separate key per purpose");
        }
      }
    }
    for (ColumnSpec spec : columns.values()) {
      if (spec.kind() == TransformKind.DATE_SHIFT) {
        String person = spec.string("person");
        ColumnSpec p = columns.get(person);
        if (p == null && !unlisted.equals("keep") && !unlisted.equals("drop")) {
          throw err(spec.line(), "columns." + spec.column() + ".person",
              "names column '" + person + "', which is not in the policy's columns");
        }
      }
    }
    List<String> qi = new ArrayList<>();
    if (top.containsKey("quasi_identifiers")) {
      YamlNode q = top.get("quasi_identifiers");
      if (q.kind() != YamlNode.Kind.LIST) {
        throw err(root.keyLine("quasi_identifiers"), "quasi_identifiers", "must be a list of column names, e.g. [age, postcode]");
      }
      for (YamlNode item : q.items()) {
        if (item.kind() != YamlNode.Kind.SCALAR) {
          throw err(item.line(), "quasi_identifiers", "items must be column names");
        }
        String c = item.text();
        checkReportColumn(c, item.line(), "quasi_identifiers", columns, unlisted);
        if (qi.contains(c)) {
          throw err(item.line(), "quasi_identifiers", "lists column '" + c + "' twice");
        }
        qi.add(c);
      }
    }
    String sensitive = null;
    if (top.containsKey("sensitive")) {
      sensitive = scalar(root, "sensitive", "");
      checkReportColumn(sensitive, root.keyLine("sensitive"), "sensitive", columns, unlisted);
      if (qi.contains(sensitive)) {
        throw err(root.keyLine("sensitive"), "sensitive", "column '" + sensitive + "' is also a quasi-identifier");
      }
    }
    return new Parsed(columns, unlisted, List.copyOf(qi), sensitive, k, l, keys);
  }

  private void checkReportColumn(String c, int line, String field, Map<String, ColumnSpec> columns, String unlisted) {
    ColumnSpec spec = columns.get(c);
    if (spec == null) {
      if (unlisted.equals("keep")) {
        return;
      }
      throw err(line, field, "names column '" + c + "', which is not in the policy's columns"
          + (unlisted.equals("drop") ? " (unlisted columns are dropped)" : ""));
    }
    if (spec.dropped()) {
      throw err(line, field, "names column '" + c + "', which the policy drops from the output");
    }
  }

  private ColumnSpec column(String name, YamlNode node, int line) {
    String path = "columns." + name;
    if (name.isEmpty()) {
      throw err(line, path, "column names must not be empty");
    }
    if (node.kind() != YamlNode.Kind.MAP) {
      throw err(line, path, "must be a mapping with at least 'transform: NAME'; transforms: " + transformNames());
    }
    if (!node.entries().containsKey("transform")) {
      throw err(node.line(), path + ".transform", "is required; allowed values: " + transformNames());
    }
    String t = scalar(node, "transform", path);
    TransformKind kind;
    try {
      kind = TransformKind.valueOf(t.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw err(node.keyLine("transform"), path + ".transform",
          "unknown transform. Allowed values: " + transformNames() + ". Provided value: " + t);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    String key = null;
    switch (kind) {
      case HMAC:
        checkFields(node, path, List.of("transform", "description", "key", "prefix", "length", "context", "normalize"));
        key = alias(node, path);
        params.put("prefix", optString(node, "prefix", path, ""));
        params.put("length", node.entries().containsKey("length") ? intField(node, "length", path, 16, 52) : 26);
        params.put("context", optString(node, "context", path, ""));
        params.put("normalize", node.entries().containsKey("normalize") ? choice(node, "normalize", path, NORMALIZE) : "none");
        break;
      case ENCRYPT:
        checkFields(node, path, List.of("transform", "description", "key", "prefix", "context"));
        key = alias(node, path);
        params.put("prefix", optString(node, "prefix", path, ""));
        params.put("context", optString(node, "context", path, ""));
        break;
      case FPE:
        checkFields(node, path, List.of("transform", "description", "key", "format", "context"));
        key = alias(node, path);
        params.put("format", required(node, "format", path, FPE_FORMATS));
        params.put("context", optString(node, "context", path, ""));
        break;
      case DATE_SHIFT:
        checkFields(node, path, List.of("transform", "description", "key", "person", "max_days", "format", "context"));
        key = alias(node, path);
        params.put("person", requiredString(node, "person", path));
        if (!node.entries().containsKey("max_days")) {
          throw err(node.line(), path + ".max_days", "is required: shifts are drawn from [-max_days, +max_days], 1 to 3650");
        }
        params.put("max_days", intField(node, "max_days", path, 1, 3650));
        params.put("format", dateFormat(node, path));
        params.put("context", optString(node, "context", path, ""));
        break;
      case GENERALIZE:
        String method = required(node, "method", path, METHODS);
        params.put("method", method);
        switch (method) {
          case "age_band":
            checkFields(node, path, List.of("transform", "description", "method", "width", "top"));
            params.put("width", requiredInt(node, "width", path, 1, 200));
            if (node.entries().containsKey("top")) {
              params.put("top", intField(node, "top", path, 1, 200));
            }
            break;
          case "postcode_prefix":
            checkFields(node, path, List.of("transform", "description", "method", "digits"));
            params.put("digits", requiredInt(node, "digits", path, 1, 5));
            break;
          case "date":
            checkFields(node, path, List.of("transform", "description", "method", "to", "format"));
            params.put("to", required(node, "to", path, DATE_TO));
            params.put("format", dateFormat(node, path));
            break;
          default: // round
            checkFields(node, path, List.of("transform", "description", "method", "step"));
            String s = requiredString(node, "step", path);
            BigDecimal step;
            try {
              step = new BigDecimal(s);
            } catch (NumberFormatException e) {
              step = null;
            }
            if (step == null || step.signum() <= 0) {
              throw err(node.keyLine("step"), path + ".step", "must be a number > 0. Provided value: " + s);
            }
            params.put("step", step.toPlainString());
            break;
        }
        break;
      case SUPPRESS:
        checkFields(node, path, List.of("transform", "description", "mode"));
        params.put("mode", node.entries().containsKey("mode") ? choice(node, "mode", path, SUPPRESS_MODES) : "drop");
        break;
      default: // KEEP
        checkFields(node, path, List.of("transform", "description"));
        break;
    }
    if (node.entries().containsKey("description")) {
      scalar(node, "description", path);
    }
    return new ColumnSpec(name, kind, line, key, params);
  }

  private static String transformNames() {
    return Arrays.stream(TransformKind.values()).map(TransformKind::policyName).toList().toString();
  }

  private void checkFields(YamlNode node, String path, List<String> allowed) {
    for (String f : node.entries().keySet()) {
      if (!allowed.contains(f)) {
        String where = path.isEmpty() ? f : path + "." + f;
        throw err(node.keyLine(f), where, "unknown field. Allowed fields here: " + allowed);
      }
    }
  }

  private String scalar(YamlNode node, String field, String path) {
    YamlNode v = node.entries().get(field);
    String where = path.isEmpty() ? field : path + "." + field;
    if (v == null || v.kind() != YamlNode.Kind.SCALAR) {
      throw err(node.keyLine(field), where, "must be a single value");
    }
    return v.text();
  }

  private String requiredString(YamlNode node, String field, String path) {
    if (!node.entries().containsKey(field)) {
      throw err(node.line(), path + "." + field, "is required");
    }
    String s = scalar(node, field, path);
    if (s.isEmpty()) {
      throw err(node.keyLine(field), path + "." + field, "must not be empty");
    }
    return s;
  }

  private String optString(YamlNode node, String field, String path, String def) {
    return node.entries().containsKey(field) ? scalar(node, field, path) : def;
  }

  private String choice(YamlNode node, String field, String path, List<String> allowed) {
    String v = scalar(node, field, path);
    if (!allowed.contains(v)) {
      throw err(node.keyLine(field), path.isEmpty() ? field : path + "." + field,
          "must be one of " + allowed + ". Provided value: " + v);
    }
    return v;
  }

  private String required(YamlNode node, String field, String path, List<String> allowed) {
    if (!node.entries().containsKey(field)) {
      throw err(node.line(), path + "." + field, "is required; allowed values: " + allowed);
    }
    return choice(node, field, path, allowed);
  }

  private int requiredInt(YamlNode node, String field, String path, int min, int max) {
    if (!node.entries().containsKey(field)) {
      throw err(node.line(), path + "." + field, "is required: an integer from " + min + " to " + max);
    }
    return intField(node, field, path, min, max);
  }

  private int intField(YamlNode node, String field, String path, int min, int max) {
    String v = scalar(node, field, path);
    String where = path.isEmpty() ? field : path + "." + field;
    int x;
    try {
      x = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw err(node.keyLine(field), where, "must be an integer from " + min + " to " + max + ". Provided value: " + v);
    }
    if (x < min || x > max) {
      throw err(node.keyLine(field), where, "must be an integer from " + min + " to " + max + ". Provided value: " + v);
    }
    return x;
  }

  private String alias(YamlNode node, String path) {
    String a = requiredString(node, "key", path);
    if (!ALIAS.matcher(a).matches()) {
      throw err(node.keyLine("key"), path + ".key",
          "must be a key alias of lower-case letters, digits, '.', '_' or '-' (at most 64). Provided value: " + a);
    }
    return a;
  }

  private String dateFormat(YamlNode node, String path) {
    String f = optString(node, "format", path, "yyyy-MM-dd");
    try {
      DateFormats.formatter(f);
    } catch (IllegalArgumentException e) {
      throw err(node.keyLine("format"), path + ".format",
          "is not a valid date pattern (java.time DateTimeFormatter, e.g. yyyy-MM-dd). Provided value: " + f);
    }
    return f;
  }

  /** Helpers shared by the parser and the transforms. */
  public static final class DateFormats {
    private DateFormats() {}

    /** A strict formatter for a pattern written with 'yyyy' (treated as the proleptic year 'uuuu'). */
    public static DateTimeFormatter formatter(String pattern) {
      StringBuilder sb = new StringBuilder();
      boolean quoted = false;
      for (char c : pattern.toCharArray()) {
        if (c == '\'') {
          quoted = !quoted;
        }
        sb.append(!quoted && c == 'y' ? 'u' : c);
      }
      return DateTimeFormatter.ofPattern(sb.toString(), Locale.ROOT)
          .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    }
  }
}
