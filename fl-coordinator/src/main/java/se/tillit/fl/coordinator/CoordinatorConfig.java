package se.tillit.fl.coordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import se.tillit.fl.coordinator.internal.ConfigReader;
import se.tillit.fl.protocol.AssemblyLimits;
import se.tillit.fl.protocol.TensorChunker;
import se.tillit.fl.protocol.tls.Revocations;

/**
 * The coordinator's settings, usually read from {@code coordinator.yaml}:
 *
 * <pre>{@code
 * coordinator_id: central          # sender id of the coordinator's messages
 * listen: {address: 0.0.0.0, port: 7443}         # the Fleet gRPC service
 * http: {address: 127.0.0.1, port: 7080, token_env: TILLIT_HTTP_TOKEN}   # status and metrics
 * database: {url: "jdbc:h2:file:/var/lib/tillit/tillit;AUTO_SERVER=TRUE", user: tillit,
 *            password_env: TILLIT_DB_PASSWORD}   # default: H2 file under $TILLIT_HOME
 * heartbeat_interval: 10s          # clients silent for 3 intervals are gone
 * limits: {max_model_bytes: 2GiB, max_chunk_bytes: 4MiB, max_concurrent_uploads: 16}
 * tls: {ca: ca.pem, cert: coordinator.pem, key: coordinator.key, revoked: [agency-x]}
 * # or, for the local demo and simulation only:
 * insecure: true
 * clients: [skatteverket, fk]      # optional: registered client ids; others are refused
 * keep_checkpoints: 2              # checkpoints kept per run (0 = all)
 * }</pre>
 *
 * <p>Exactly one of {@code tls} and {@code insecure: true} must be given. The HTTP endpoint binds
 * to 127.0.0.1 unless told otherwise; when {@code http.token_env} names an environment variable,
 * submitting and cancelling runs need {@code Authorization: Bearer <its value>}. Immutable; build
 * one in code with {@link #builder()}.
 */
public final class CoordinatorConfig {
  /** Default gRPC port. */
  public static final int DEFAULT_PORT = 7443;
  /** Default HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 7080;
  /** Default heartbeat interval. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
  /** Default number of updates received at the same time. */
  public static final int DEFAULT_MAX_CONCURRENT_UPLOADS = 16;
  /** gRPC's own default HTTP/2 flow-control window, 1 MiB. */
  public static final int DEFAULT_FLOW_CONTROL_WINDOW = 1 << 20;

  /**
   * Mutual TLS files and revocations.
   *
   * @param ca the CA certificate (PEM) client certificates must chain to
   * @param cert the coordinator's certificate chain (PEM)
   * @param key the coordinator's private key (PEM, PKCS#8)
   * @param revoked client ids (certificate CNs) or certificate serial numbers (hex) refused
   * @param revokedFile the revocation list kept by {@code tillit provision --revoke} (re-read when
   *     it changes, so a revocation takes effect without a restart), or null
   */
  public record Tls(Path ca, Path cert, Path key, List<String> revoked, Path revokedFile) {
    public Tls {
      Objects.requireNonNull(ca, "tls.ca");
      Objects.requireNonNull(cert, "tls.cert");
      Objects.requireNonNull(key, "tls.key");
      revoked = List.copyOf(revoked);
    }

    public Tls(Path ca, Path cert, Path key, List<String> revoked) {
      this(ca, cert, key, revoked, null);
    }
  }

  private final String coordinatorId;
  private Revocations revocations;
  private final String listenAddress;
  private final int port;
  private final String httpAddress;
  private final int httpPort;
  private final String httpTokenEnv;
  private final String databaseUrl;
  private final String databaseUser;
  private final String databasePasswordEnv;
  private final Duration heartbeatInterval;
  private final long maxModelBytes;
  private final int maxChunkBytes;
  private final int maxConcurrentUploads;
  private final int flowControlWindow;
  private final boolean flowControlAutoTune;
  private final Tls tls;
  private final List<String> registeredClients;
  private final int keepCheckpoints;

  private CoordinatorConfig(Builder b) {
    this.coordinatorId = b.coordinatorId;
    this.listenAddress = b.listenAddress;
    this.port = b.port;
    this.httpAddress = b.httpAddress;
    this.httpPort = b.httpPort;
    this.httpTokenEnv = b.httpTokenEnv;
    this.databaseUrl = b.databaseUrl;
    this.databaseUser = b.databaseUser;
    this.databasePasswordEnv = b.databasePasswordEnv;
    this.heartbeatInterval = b.heartbeatInterval;
    this.maxModelBytes = b.maxModelBytes;
    this.maxChunkBytes = b.maxChunkBytes;
    this.maxConcurrentUploads = b.maxConcurrentUploads;
    this.flowControlWindow = b.flowControlWindow;
    this.flowControlAutoTune = b.flowControlAutoTune;
    this.tls = b.tls;
    this.registeredClients = List.copyOf(b.registeredClients);
    this.keepCheckpoints = b.keepCheckpoints;
  }

  /** Reads a coordinator.yaml file; relative TLS paths are resolved against its directory. */
  public static CoordinatorConfig load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir);
  }

  /**
   * Parses coordinator.yaml text.
   *
   * @param baseDir directory that relative file paths are resolved against
   * @throws IllegalArgumentException naming the first field that is wrong
   */
  public static CoordinatorConfig parse(String yaml, Path baseDir) {
    ConfigReader r = ConfigReader.parseYaml("coordinator config", yaml);
    r.allowOnly("coordinator_id", "listen", "http", "database", "heartbeat_interval", "limits",
        "tls", "insecure", "clients", "keep_checkpoints");
    Builder b = builder();
    b.coordinatorId(r.string("coordinator_id", b.coordinatorId));
    ConfigReader listen = r.section("listen");
    listen.allowOnly("address", "port");
    b.listen(listen.string("address", b.listenAddress),
        (int) listen.integer("port", DEFAULT_PORT, 0, 65535));
    ConfigReader http = r.section("http");
    http.allowOnly("address", "port", "token_env");
    b.http(http.string("address", b.httpAddress),
        (int) http.integer("port", DEFAULT_HTTP_PORT, 0, 65535));
    b.httpTokenEnv(http.string("token_env", null));
    ConfigReader db = r.section("database");
    db.allowOnly("url", "user", "password_env");
    b.database(db.string("url", null), db.string("user", null), db.string("password_env", null));
    b.heartbeatInterval(r.duration("heartbeat_interval", DEFAULT_HEARTBEAT));
    ConfigReader limits = r.section("limits");
    limits.allowOnly("max_model_bytes", "max_chunk_bytes", "max_concurrent_uploads",
        "flow_control_window", "flow_control_auto_tune");
    b.maxModelBytes(limits.size("max_model_bytes", AssemblyLimits.DEFAULT_MAX_TOTAL_BYTES, 1,
        Long.MAX_VALUE));
    b.maxChunkBytes((int) limits.size("max_chunk_bytes", AssemblyLimits.DEFAULT_MAX_CHUNK_BYTES,
        1024, TensorChunker.MAX_CHUNK_BYTES));
    b.maxConcurrentUploads((int) limits.integer("max_concurrent_uploads",
        DEFAULT_MAX_CONCURRENT_UPLOADS, 1, 100_000));
    b.flowControlWindow((int) limits.size("flow_control_window", DEFAULT_FLOW_CONTROL_WINDOW,
        64 << 10, 1 << 30));
    b.flowControlAutoTune(limits.bool("flow_control_auto_tune", true));
    boolean insecure = r.bool("insecure", false);
    if (r.has("tls")) {
      if (insecure) {
        throw new IllegalArgumentException("tls and insecure must not both be given: mutual TLS"
            + " is configured, so remove 'insecure: true'");
      }
      ConfigReader t = r.section("tls");
      t.allowOnly("ca", "cert", "key", "revoked", "revoked_file");
      Path base = baseDir == null ? Path.of("") : baseDir;
      String revokedFile = t.string("revoked_file", null);
      b.tls(new Tls(base.resolve(t.requiredString("ca", "ca.pem")),
          base.resolve(t.requiredString("cert", "coordinator.pem")),
          base.resolve(t.requiredString("key", "coordinator.key")),
          t.strings("revoked"), revokedFile == null ? null : base.resolve(revokedFile)));
    } else if (insecure) {
      b.insecure();
    } else {
      throw new IllegalArgumentException("tls is required (ca, cert, key: the files of the"
          + " coordinator's kit); only the local demo and simulation may set 'insecure: true'."
          + " Provided value: neither");
    }
    b.registeredClients(r.strings("clients"));
    b.keepCheckpoints((int) r.integer("keep_checkpoints", 2, 0, 1_000_000));
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The sender id of the coordinator's messages. */
  public String coordinatorId() {
    return coordinatorId;
  }

  public String listenAddress() {
    return listenAddress;
  }

  /** gRPC port; 0 picks a free one. */
  public int port() {
    return port;
  }

  public String httpAddress() {
    return httpAddress;
  }

  /** HTTP port; 0 picks a free one; -1 for no HTTP endpoint. */
  public int httpPort() {
    return httpPort;
  }

  /** Name of the environment variable holding the bearer token, or null for none. */
  public String httpTokenEnv() {
    return httpTokenEnv;
  }

  /** The JDBC URL, or null for the default H2 file under $TILLIT_HOME. */
  public String databaseUrl() {
    return databaseUrl;
  }

  public String databaseUser() {
    return databaseUser;
  }

  /** Name of the environment variable holding the database password, or null. */
  public String databasePasswordEnv() {
    return databasePasswordEnv;
  }

  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public long maxModelBytes() {
    return maxModelBytes;
  }

  public int maxChunkBytes() {
    return maxChunkBytes;
  }

  /**
   * The initial HTTP/2 flow-control window of each client's connection, in bytes: how much a
   * client may send before the coordinator has read it. Larger windows move large models faster,
   * but every connection may then hold that much unread data, and uploads beyond
   * {@code max_concurrent_uploads} are held back in it.
   */
  public int flowControlWindow() {
    return flowControlWindow;
  }

  /**
   * Whether gRPC tunes the window from {@link #flowControlWindow()} by measuring each
   * connection's bandwidth-delay product (gRPC's default; it grows a window to at most 8 MiB, and
   * a 300 MB upload on loopback took about 10% less time than with a fixed 1 MiB window). False
   * keeps the window fixed, which bounds the memory a held-back client can fill exactly.
   */
  public boolean flowControlAutoTune() {
    return flowControlAutoTune;
  }

  public int maxConcurrentUploads() {
    return maxConcurrentUploads;
  }

  /** The mutual TLS settings, or null when insecure. */
  public Tls tls() {
    return tls;
  }

  public boolean insecure() {
    return tls == null;
  }

  /** Registered client ids; empty means any client that authenticates may join. */
  public List<String> registeredClients() {
    return registeredClients;
  }

  /** Checkpoints kept per run, newest first; 0 keeps all. */
  public int keepCheckpoints() {
    return keepCheckpoints;
  }

  /** What the coordinator's assemblers accept, from the limits above. */
  public AssemblyLimits assemblyLimits() {
    return AssemblyLimits.builder()
        .maxChunkBytes(maxChunkBytes)
        .maxTotalBytes(maxModelBytes)
        .maxTensorBytes(Math.min(maxModelBytes, se.tillit.fl.protocol.TensorSpec.MAX_BYTES))
        .build();
  }

  /** Whether {@code revoked} lists the client id. */
  public boolean isRevoked(String clientId) {
    if (tls == null) {
      return false;
    }
    if (Set.copyOf(tls.revoked()).contains(clientId)) {
      return true;
    }
    return revocations().isRevoked(clientId);
  }

  /** The revocation list file's current content ({@link Revocations#none()} without one). */
  public Revocations revocations() {
    if (tls == null || tls.revokedFile() == null) {
      return Revocations.none();
    }
    synchronized (this) {
      if (revocations == null) {
        revocations = Revocations.load(tls.revokedFile());
      }
      return revocations;
    }
  }

  /** Each setter rejects a bad value at once. */
  public static final class Builder {
    private String coordinatorId = "coordinator";
    private String listenAddress = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private String httpAddress = "127.0.0.1";
    private int httpPort = DEFAULT_HTTP_PORT;
    private String httpTokenEnv;
    private String databaseUrl;
    private String databaseUser;
    private String databasePasswordEnv;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT;
    private long maxModelBytes = AssemblyLimits.DEFAULT_MAX_TOTAL_BYTES;
    private int maxChunkBytes = AssemblyLimits.DEFAULT_MAX_CHUNK_BYTES;
    private int maxConcurrentUploads = DEFAULT_MAX_CONCURRENT_UPLOADS;
    private int flowControlWindow = DEFAULT_FLOW_CONTROL_WINDOW;
    private boolean flowControlAutoTune = true;
    private Tls tls;
    private boolean insecure;
    private List<String> registeredClients = List.of();
    private int keepCheckpoints = 2;

    private Builder() {}

    public Builder coordinatorId(String id) {
      if (id == null || id.isEmpty() || id.length() > 128
          || id.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new IllegalArgumentException("coordinator_id must be 1 to 128 printable ASCII"
            + " characters without spaces. Provided value: " + id);
      }
      this.coordinatorId = id;
      return this;
    }

    public Builder listen(String address, int port) {
      this.listenAddress = requireText("listen.address", address);
      this.port = port(port, "listen.port");
      return this;
    }

    /** The HTTP endpoint; port -1 turns it off. */
    public Builder http(String address, int port) {
      this.httpAddress = requireText("http.address", address);
      this.httpPort = port == -1 ? -1 : port(port, "http.port");
      return this;
    }

    public Builder httpTokenEnv(String envName) {
      this.httpTokenEnv = envName == null || envName.isBlank() ? null : envName;
      return this;
    }

    /** Database URL (null for the default), user and password variable (both may be null). */
    public Builder database(String url, String user, String passwordEnv) {
      if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "database.url must be a jdbc:h2: or jdbc:postgresql: URL. Provided value: " + url);
      }
      this.databaseUrl = url;
      this.databaseUser = user;
      this.databasePasswordEnv = passwordEnv;
      return this;
    }

    public Builder heartbeatInterval(Duration interval) {
      if (interval == null || interval.toMillis() < 10 || interval.toHours() > 24) {
        throw new IllegalArgumentException(
            "heartbeat_interval must be >= 10ms and <= 24h. Provided value: " + interval);
      }
      this.heartbeatInterval = interval;
      return this;
    }

    public Builder maxModelBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException(
            "limits.max_model_bytes must be >= 1. Provided value: " + bytes);
      }
      this.maxModelBytes = bytes;
      return this;
    }

    public Builder maxChunkBytes(int bytes) {
      if (bytes < 1024 || bytes > TensorChunker.MAX_CHUNK_BYTES) {
        throw new IllegalArgumentException("limits.max_chunk_bytes must be >= 1024 and <= "
            + TensorChunker.MAX_CHUNK_BYTES + ". Provided value: " + bytes);
      }
      this.maxChunkBytes = bytes;
      return this;
    }

    public Builder maxConcurrentUploads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException(
            "limits.max_concurrent_uploads must be >= 1. Provided value: " + n);
      }
      this.maxConcurrentUploads = n;
      return this;
    }

    /** See {@link CoordinatorConfig#flowControlWindow()}; 64 KiB to 1 GiB. */
    public Builder flowControlWindow(int bytes) {
      if (bytes < (64 << 10) || bytes > (1 << 30)) {
        throw new IllegalArgumentException("limits.flow_control_window must be 64 KiB to 1 GiB."
            + " Provided value: " + bytes + " bytes");
      }
      this.flowControlWindow = bytes;
      return this;
    }

    /** See {@link CoordinatorConfig#flowControlAutoTune()}; true by default. */
    public Builder flowControlAutoTune(boolean autoTune) {
      this.flowControlAutoTune = autoTune;
      return this;
    }

    public Builder tls(Tls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      this.insecure = false;
      return this;
    }

    /** No TLS: the local demo and simulation only. */
    public Builder insecure() {
      this.tls = null;
      this.insecure = true;
      return this;
    }

    public Builder registeredClients(List<String> ids) {
      this.registeredClients = List.copyOf(ids);
      return this;
    }

    public Builder keepCheckpoints(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("keep_checkpoints must be >= 0. Provided value: " + n);
      }
      this.keepCheckpoints = n;
      return this;
    }

    /** @throws IllegalStateException if neither tls nor insecure was chosen */
    public CoordinatorConfig build() {
      if (tls == null && !insecure) {
        throw new IllegalStateException("tls(...) or insecure() must be chosen before build()");
      }
      return new CoordinatorConfig(this);
    }

    private static String requireText(String field, String v) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(field + " must not be empty. Provided value: " + v);
      }
      return v;
    }

    private static int port(int p, String field) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(field + " must be >= 0 and <= 65535. Provided value: "
            + p);
      }
      return p;
    }
  }
}
