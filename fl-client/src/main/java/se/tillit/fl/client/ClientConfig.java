package se.tillit.fl.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.tillit.dp.ledger.DatasetId;

/**
 * A client's settings, as in {@code client.yaml}:
 *
 * <pre>{@code
 * coordinator: fl.example.se:7443
 * client_id: skatteverket            # must equal the CN of the client certificate
 * tls: {ca: ca.pem, cert: client.pem, key: client.key}   # or: insecure: true (local only)
 * data: {path: income.csv, label: income, eval_fraction: 0.2, seed: 1}
 * properties: {agency: skatteverket}
 * privacy:                           # for record-level DP-SGD
 *   ledger: {url: "jdbc:h2:file:~/.tillit/tillit;AUTO_SERVER=TRUE", dataset: skatteverket/income}
 * log: client-log.jsonl              # the local log of everything sent
 * backoff: {initial: 1s, max: 60s}
 * }</pre>
 *
 * Relative paths are resolved against the directory of the YAML file. Durations are a number with
 * {@code ms}, {@code s}, {@code m} or {@code h} (a bare number is milliseconds). Every error names
 * the field, what is allowed and the value given.
 *
 * @param coordinator host:port
 * @param clientId the client id
 * @param insecure plaintext (no TLS): local demo only
 * @param tlsCa the CA certificate file (PEM) that signed the coordinator's certificate
 * @param tlsCert the client certificate (PEM)
 * @param tlsKey the client private key (PEM, PKCS#8)
 * @param dataPath the CSV file
 * @param label the label column the data must have (checked against the run's schema)
 * @param evalFraction share of rows kept for evaluation, in [0, 1)
 * @param dataSeed seed of the train/evaluation split
 * @param properties Hello properties
 * @param ledgerUrl JDBC URL of the privacy ledger; empty without record-level DP
 * @param ledgerUser database user, may be null
 * @param ledgerPassword database password, may be null
 * @param dataset the dataset charged in the ledger; null without a ledger
 * @param logPath the local log file
 * @param initialBackoff first reconnect delay
 * @param maxBackoff largest reconnect delay
 */
public record ClientConfig(
    String coordinator,
    String clientId,
    boolean insecure,
    Path tlsCa,
    Path tlsCert,
    Path tlsKey,
    Path dataPath,
    String label,
    double evalFraction,
    long dataSeed,
    Map<String, String> properties,
    Optional<String> ledgerUrl,
    String ledgerUser,
    String ledgerPassword,
    DatasetId dataset,
    Path logPath,
    Duration initialBackoff,
    Duration maxBackoff) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Reads a YAML file. */
  public static ClientConfig load(Path file) {
    try {
      return parse(Files.readString(file), file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the client configuration " + file + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Reads YAML text; relative paths are resolved against {@code baseDir}.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  @SuppressWarnings("unchecked")
  public static ClientConfig parse(String yaml, Path baseDir) {
    Map<String, Object> m;
    try {
      m = YAML.readValue(yaml, Map.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("client configuration must be a YAML map: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (m == null) {
      throw new IllegalArgumentException("client configuration is empty");
    }
    known("", m, Set.of("coordinator", "client_id", "tls", "insecure", "data", "properties",
        "privacy", "log", "backoff"));
    String coordinator = string(m, "coordinator", true);
    if (!coordinator.matches("[^\\s:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("coordinator must be host:port. Provided value: '"
          + coordinator + "'");
    }
    String clientId = string(m, "client_id", true);
    boolean insecure = Boolean.TRUE.equals(m.get("insecure"));
    Path ca = null;
    Path cert = null;
    Path key = null;
    if (m.get("tls") != null) {
      Map<String, Object> tls = map(m, "tls");
      known("tls.", tls, Set.of("ca", "cert", "key"));
      ca = path(baseDir, string(tls, "ca", true));
      cert = path(baseDir, string(tls, "cert", true));
      key = path(baseDir, string(tls, "key", true));
      if (insecure) {
        throw new IllegalArgumentException("set either tls or insecure: true, not both");
      }
    } else if (!insecure) {
      throw new IllegalArgumentException("tls: {ca, cert, key} must be set (mutual TLS), or"
          + " insecure: true for a local demo");
    }
    Map<String, Object> data = map(m, "data");
    known("data.", data, Set.of("path", "label", "eval_fraction", "seed"));
    Path dataPath = path(baseDir, string(data, "path", true));
    String label = string(data, "label", false);
    double evalFraction = data.get("eval_fraction") == null ? 0.2
        : number(data.get("eval_fraction"), "data.eval_fraction");
    if (!(evalFraction >= 0 && evalFraction < 1)) {
      throw new IllegalArgumentException("data.eval_fraction must be >= 0 and < 1. Provided"
          + " value: " + evalFraction);
    }
    long seed = data.get("seed") == null ? 0 : (long) number(data.get("seed"), "data.seed");
    Map<String, String> props = new LinkedHashMap<>();
    if (m.get("properties") != null) {
      for (Map.Entry<String, Object> e : map(m, "properties").entrySet()) {
        props.put(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    Optional<String> ledgerUrl = Optional.empty();
    String user = null;
    String password = null;
    DatasetId dataset = null;
    if (m.get("privacy") != null) {
      Map<String, Object> privacy = map(m, "privacy");
      known("privacy.", privacy, Set.of("ledger"));
      Map<String, Object> ledger = map(privacy, "ledger");
      known("privacy.ledger.", ledger, Set.of("url", "user", "password", "dataset"));
      ledgerUrl = Optional.of(string(ledger, "url", true));
      user = string(ledger, "user", false);
      password = string(ledger, "password", false);
      String ds = string(ledger, "dataset", true);
      try {
        dataset = DatasetId.parse(ds);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("privacy.ledger.dataset must be owner/name: "
            + e.getMessage());
      }
    }
    Path logPath = path(baseDir, m.get("log") == null ? "client-log.jsonl"
        : string(m, "log", true));
    Duration initial = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(60);
    if (m.get("backoff") != null) {
      Map<String, Object> b = map(m, "backoff");
      known("backoff.", b, Set.of("initial", "max"));
      if (b.get("initial") != null) {
        initial = duration(b.get("initial"), "backoff.initial");
      }
      if (b.get("max") != null) {
        max = duration(b.get("max"), "backoff.max");
      }
      if (initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff must have 0 < initial <= max. Provided"
            + " value: initial " + initial + ", max " + max);
      }
    }
    return new ClientConfig(coordinator, clientId, insecure, ca, cert, key, dataPath, label,
        evalFraction, seed, Map.copyOf(props), ledgerUrl, user, password, dataset, logPath,
        initial, max);
  }

  /** The credentials of the channel: mutual TLS from the files, or plaintext if insecure. */
  public ChannelCredentials channelCredentials() {
    if (insecure) {
      return InsecureChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder()
          .trustManager(tlsCa.toFile())
          .keyManager(tlsCert.toFile(), tlsKey.toFile())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the TLS files (tls.ca, tls.cert, tls.key): "
          + e.getMessage(), e);
    }
  }

  private static void known(String prefix, Map<String, Object> m, Set<String> allowed) {
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(prefix + k + " is not a known setting; allowed: "
            + new java.util.TreeSet<>(allowed));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(key + " must be a map. Provided value: "
          + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }
    return (Map<String, Object>) v;
  }

  private static String string(Map<String, Object> m, String key, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException(key + " must be set");
      }
      return null;
    }
    if (v instanceof Map || v instanceof java.util.List) {
      throw new IllegalArgumentException(key + " must be a plain value");
    }
    String s = String.valueOf(v);
    if (required && s.isBlank()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
    return s;
  }

  private static double number(Object v, String field) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a number. Provided value: '" + v + "'");
    }
  }

  private static Path path(Path baseDir, String p) {
    Path path = Path.of(p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p);
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  /** "250ms", "2s", "1.5m", "1h" or a number of milliseconds. */
  static Duration duration(Object v, String field) {
    Matcher matcher = DURATION.matcher(String.valueOf(v).strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(field + " must be a duration such as 500ms, 2s, 1m."
          + " Provided value: '" + v + "'");
    }
    double x = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    double ms = switch (unit) {
      case "s" -> x * 1000;
      case "m" -> x * 60_000;
      case "h" -> x * 3_600_000;
      default -> x;
    };
    return Duration.ofMillis((long) ms);
  }

  /** Never prints the ledger password. */
  @Override
  public String toString() {
    return "ClientConfig[coordinator=" + coordinator + ", clientId=" + clientId + ", insecure="
        + insecure + ", data=" + dataPath + ", label=" + label + ", evalFraction=" + evalFraction
        + ", ledger=" + ledgerUrl.isPresent() + ", dataset=" + dataset + ", log=" + logPath
        + ", backoff=" + initialBackoff + ".." + maxBackoff + "]";
  }
}
