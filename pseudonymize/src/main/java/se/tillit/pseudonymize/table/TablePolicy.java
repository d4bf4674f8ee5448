package se.tillit.pseudonymize.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.tillit.pseudonymize.table.internal.ColumnSpec;
import se.tillit.pseudonymize.table.internal.PolicyParser;

/**
 * A table pseudonymisation policy: what to do with each column, which columns are
 * quasi-identifiers, and which one is sensitive (for the k-anonymity and l-diversity report).
 *
 * <p>The YAML schema (version 1):
 *
 * <pre>{@code
 * version: 1                      # optional
 * unlisted_columns: error         # error (default) | keep | drop: columns of the input the policy does not name
 * quasi_identifiers: [age, postcode, sex]   # output columns for the report; optional
 * sensitive: diagnosis            # output column for l-diversity; optional
 * k: 5                            # report threshold for k-anonymity (default 5)
 * l: 2                            # report threshold for l-diversity (default 2)
 * columns:
 *   pnr:      {transform: fpe, key: pnr-ff1, format: personnummer}   # or format: digits (>= 6 digits)
 *   name:     {transform: hmac, key: link, prefix: "P-", length: 26, normalize: trim}
 *   email:    {transform: encrypt, key: contact-siv, prefix: "enc:"}
 *   visit:    {transform: date_shift, key: shift, person: pnr, max_days: 30, format: yyyy-MM-dd}
 *   age:      {transform: generalize, method: age_band, width: 10, top: 90}
 *   postcode: {transform: generalize, method: postcode_prefix, digits: 2}
 *   born:     {transform: generalize, method: date, to: year, format: yyyy-MM-dd}   # to: year | month
 *   income:   {transform: generalize, method: round, step: 1000}
 *   phone:    {transform: suppress, mode: drop}    # mode: drop (default) | blank
 *   diagnosis: {transform: keep}
 * }</pre>
 *
 * <p>Fields: {@code key} is a keystore alias (lower case); {@code context} (hmac, encrypt, fpe,
 * date_shift; default empty) separates pseudonym domains: columns with the same key and context
 * give the same output for the same value, which keeps tables linkable. hmac {@code length} is
 * the number of base32 characters kept (16 to 52; 26 = 130 bits); {@code normalize} is none,
 * trim, lowercase or digits. Every column may have a {@code description}. Empty cells stay empty
 * under every transform. Unknown fields, unknown transforms and out-of-range values are errors that
 * name the line and the allowed values.
 */
public final class TablePolicy {
  /** What happens to input columns that the policy does not name. */
  public enum UnlistedColumns { ERROR, KEEP, DROP }

  private final String source;
  private final PolicyParser.Parsed parsed;

  private TablePolicy(String source, PolicyParser.Parsed parsed) {
    this.source = source;
    this.parsed = parsed;
  }

  /**
   * Parses and validates a policy.
   *
   * @param sourceName name used in error messages, e.g. the file name
   * @throws PolicyException naming the line, the field and the allowed values
   */
  public static TablePolicy parse(String yaml, String sourceName) {
    return new TablePolicy(sourceName, PolicyParser.parse(yaml, sourceName));
  }

  /** Reads and parses a policy file (UTF-8). */
  public static TablePolicy load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("policy file '" + file + "' does not exist");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new PolicyException(file.toString(), 0, "", "is not UTF-8 text");
    }
    return parse(text, file.getFileName().toString());
  }

  /** Name used in error messages. */
  public String sourceName() {
    return source;
  }

  /** The columns the policy names, in policy order. */
  public List<String> columns() {
    return List.copyOf(parsed.columns().keySet());
  }

  /** The transform of a named column, if the policy names it. */
  public Optional<TransformKind> transformOf(String column) {
    ColumnSpec s = parsed.columns().get(column);
    return s == null ? Optional.empty() : Optional.of(s.kind());
  }

  /** The key alias a column uses, if any. */
  public Optional<String> keyAliasOf(String column) {
    ColumnSpec s = parsed.columns().get(column);
    return s == null ? Optional.empty() : Optional.ofNullable(s.keyAlias());
  }

  /** Every key alias the policy uses, with the purpose it needs, in policy order. */
  public Map<String, KeyPurpose> requiredKeys() {
    return parsed.keys();
  }

  public UnlistedColumns unlistedColumns() {
    return UnlistedColumns.valueOf(parsed.unlistedColumns().toUpperCase(java.util.Locale.ROOT));
  }

  public List<String> quasiIdentifiers() {
    return parsed.quasiIdentifiers();
  }

  public Optional<String> sensitive() {
    return Optional.ofNullable(parsed.sensitive());
  }

  /** k threshold for the report. */
  public int k() {
    return parsed.k();
  }

  /** l threshold for the report. */
  public int l() {
    return parsed.l();
  }

  /** For the engine: the validated column specs. */
  Map<String, ColumnSpec> specs() {
    return parsed.columns();
  }

  @Override
  public String toString() {
    return "TablePolicy{source=" + source + ", columns=" + parsed.columns().keySet() + "}";
  }
}
