package se.tillit.fl.protocol.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import se.tillit.fl.protocol.tls.internal.Certificates;
import se.tillit.fl.protocol.tls.internal.Pem;
import se.tillit.fl.protocol.tls.internal.SecureFiles;

/**
 * Makes and keeps a project's public-key infrastructure for mutual TLS: a project CA and one kit
 * per participant (see {@link Kit}), on disk in a project directory:
 *
 * <pre>
 * DIR/project.properties          what was issued (ids, roles, serials, validity, revocations)
 * DIR/ca/ca.pem, DIR/ca/ca-key.pem the CA; the key (600, directory 700) never leaves DIR
 * DIR/coordinator/                ca.pem cert.pem key.pem coordinator.yaml revoked.txt
 * DIR/AGENCY/                     ca.pem cert.pem key.pem client.yaml   (one per agency)
 * </pre>
 *
 * <p>Keys are ECDSA P-256 (secp256r1) with SHA-256 signatures, chosen over RSA 3072 for equal
 * security (128 bits) with fast key generation and small handshakes; every key and serial number
 * comes from {@link SecureRandom}. The CA may sign end-entity certificates only (path length 0).
 * The coordinator's certificate is a TLS server certificate whose subjectAltName holds the
 * coordinator's host (DNS name or IP address) plus {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1} for local tests. Each agency's is a TLS client certificate (extended key usage
 * clientAuth) whose CN is the agency id, which {@link PeerIdentity} makes the client id.
 *
 * <p>{@link #addAgency} issues a new kit from the same CA; existing kits stay valid unchanged.
 * {@link #revoke} adds an agency's serial and id to the coordinator kit's {@code revoked.txt}
 * (replaced atomically), which {@link Revocations#load} follows. A revoked id cannot be issued
 * again. Nothing is overwritten: creating a project in a non-empty directory is refused, and a new
 * project is built in a temporary sibling directory and moved into place, so a failure leaves no
 * half-made project. Changes to one project must not run concurrently.
 *
 * <p>Limitation: the provisioner generates every participant's private key, so the central team
 * holds them until the kits are handed over; hand each kit over on a secure channel and delete the
 * central copy of its {@code key.pem}.
 */
public final class Provisioner {
  /** The id (and kit directory name) of the coordinator. */
  public static final String COORDINATOR_ID = "coordinator";
  /** Default validity of participant certificates, in days. */
  public static final int DEFAULT_VALIDITY_DAYS = 365;
  /** Default validity of the CA certificate, in days (at least the participants' validity). */
  public static final int DEFAULT_CA_VALIDITY_DAYS = 3650;
  /** The largest validity accepted, in days (about 30 years). */
  public static final int MAX_VALIDITY_DAYS = 11_000;
  /** The name of the revocation list in the coordinator kit. */
  public static final String REVOCATION_FILE = "revoked.txt";

  static final String MANIFEST = "project.properties";
  private static final Set<String> RESERVED_IDS = Set.of(COORDINATOR_ID, "ca");
  private static final Pattern AGENCY_ID = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern PROJECT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path dir;
  private final Properties manifest;
  private final Certificates certificates = new Certificates(new SecureRandom());

  private Provisioner(Path dir, Properties manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Checks an agency id: 1 to 64 lowercase letters, digits and '-', not a reserved name
   * ({@code coordinator}, {@code ca}).
   *
   * @throws IllegalArgumentException naming the id and the rule
   */
  public static String checkAgencyId(String id) {
    if (id == null || !AGENCY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("agency id must be 1 to 64 characters of lowercase letters,"
          + " digits and '-'. Provided value: " + (id == null ? "null" : "'" + id + "'"));
    }
    if (RESERVED_IDS.contains(id)) {
      throw new IllegalArgumentException(
          "agency id must not be a reserved name " + RESERVED_IDS + ". Provided value: '" + id + "'");
    }
    return id;
  }

  /**
   * Checks a project name: 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or
   * digit.
   */
  public static String checkProjectName(String name) {
    if (name == null || !PROJECT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("project name must be 1 to 64 letters, digits, '.', '_' or"
          + " '-', starting with a letter or digit. Provided value: "
          + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  private static int checkValidityDays(String what, int days) {
    if (days < 1 || days > MAX_VALIDITY_DAYS) {
      throw new IllegalArgumentException(what + " must be between 1 and " + MAX_VALIDITY_DAYS
          + " days. Provided value: " + days);
    }
    return days;
  }

  /** True if {@code dir} holds a project made by a provisioner. */
  public static boolean isProject(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  /** A builder for a new project in {@code directory}. */
  public static Builder newProject(Path directory) {
    return new Builder(directory);
  }

  /** Parameters of a new project; {@link #create()} checks them and writes the project. */
  public static final class Builder {
    private final Path directory;
    private String name;
    private HostAndPort coordinator;
    private final List<String> agencies = new ArrayList<>();
    private int validityDays = DEFAULT_VALIDITY_DAYS;
    private int caValidityDays = DEFAULT_CA_VALIDITY_DAYS;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The project name (in certificate subjects); see {@link #checkProjectName}. */
    public Builder name(String name) {
      this.name = checkProjectName(name);
      return this;
    }

    /** The address agencies dial; its host goes into the server certificate. */
    public Builder coordinator(HostAndPort coordinator) {
      this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
      return this;
    }

    /** The agencies to issue kits for; duplicates are refused. */
    public Builder agencies(List<String> ids) {
      for (String id : ids) {
        checkAgencyId(id);
        if (agencies.contains(id)) {
          throw new IllegalArgumentException("agency ids must be distinct. Provided value: '" + id
              + "' appears more than once");
        }
        agencies.add(id);
      }
      return this;
    }

    /** Validity of the participants' certificates; default {@value #DEFAULT_VALIDITY_DAYS}. */
    public Builder validityDays(int days) {
      this.validityDays = checkValidityDays("certificate validity", days);
      return this;
    }

    /**
     * Validity of the CA certificate; default {@value #DEFAULT_CA_VALIDITY_DAYS}. Raised to the
     * participants' validity if shorter.
     */
    public Builder caValidityDays(int days) {
      this.caValidityDays = checkValidityDays("CA validity", days);
      return this;
    }

    /**
     * Writes the project: CA, coordinator kit, one kit per agency, empty revocation list.
     *
     * @throws IllegalArgumentException if a parameter was never set, or the directory exists and
     *     is not empty
     * @throws IOException if writing fails (nothing is left behind)
     */
    public Provisioner create() throws IOException {
      if (name == null) {
        throw new IllegalArgumentException("project name must be set");
      }
      if (coordinator == null) {
        throw new IllegalArgumentException("coordinator address must be set");
      }
      if (agencies.isEmpty()) {
        throw new IllegalArgumentException("at least one agency must be given");
      }
      return Provisioner.create(this);
    }
  }

  private static Provisioner create(Builder b) throws IOException {
    Path dir = b.directory.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      if (isProject(dir)) {
        throw new IllegalArgumentException(dir + " already holds a Tillit project; add or revoke"
            + " agencies instead of creating it again");
      }
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(dir + " exists and is not a directory");
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        if (s.iterator().hasNext()) {
          throw new IllegalArgumentException(dir + " exists and is not empty; refusing to write a"
              + " project into it");
        }
      }
    }
    Path parent = dir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = dir.resolveSibling(dir.getFileName() + ".provisioning-"
        + HexFormat.of().formatHex(randomBytes(6)));
    try {
      Files.createDirectory(tmp);
      Instant now = Instant.now();
      int caDays = Math.max(b.caValidityDays, b.validityDays);
      Properties m = new Properties();
      m.setProperty("project", b.name);
      m.setProperty("coordinator", b.coordinator.toString());
      m.setProperty("key_algorithm", Certificates.KEY_ALGORITHM);
      m.setProperty("created", now.truncatedTo(ChronoUnit.SECONDS).toString());
      m.setProperty("validity_days", Integer.toString(b.validityDays));
      Provisioner p = new Provisioner(tmp, m);

      KeyPair caKeys = p.certificates.newKeyPair();
      X509Certificate ca = p.certificates.ca(b.name, caKeys, now.plus(Duration.ofDays(caDays)));
      SecureFiles.createOwnerOnlyDirectory(tmp.resolve("ca"));
      SecureFiles.writeNew(tmp.resolve("ca/ca.pem"), ascii(Pem.certificate(ca)));
      SecureFiles.writeOwnerOnly(tmp.resolve("ca/ca-key.pem"), Pem.privateKey(caKeys.getPrivate()));
      m.setProperty("ca_not_after", ca.getNotAfter().toInstant().toString());
      m.setProperty("ca_serial", ca.getSerialNumber().toString(16));

      p.issue(COORDINATOR_ID, Kit.Role.COORDINATOR, ca, caKeys.getPrivate(), b.validityDays,
          tmp.resolve(COORDINATOR_ID));
      for (String id : b.agencies) {
        p.issue(id, Kit.Role.AGENCY, ca, caKeys.getPrivate(), b.validityDays, tmp.resolve(id));
      }
      p.writeManifest();

      if (Files.exists(dir)) {
        Files.delete(dir); // empty, checked above
      }
      move(tmp, dir);
      return open(dir);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(tmp);
      throw e;
    }
  }

  /**
   * Opens an existing project.
   *
   * @throws IllegalArgumentException if {@code directory} holds no project or its files are
   *     damaged
   */
  public static Provisioner open(Path directory) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!isProject(dir)) {
      throw new IllegalArgumentException(dir + " holds no Tillit project (no " + MANIFEST + ")");
    }
    Properties m = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve(MANIFEST))) {
      m.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    for (String key : List.of("project", "coordinator", "participants", "ca_not_after")) {
      if (m.getProperty(key) == null) {
        throw new IllegalArgumentException(dir.resolve(MANIFEST) + " is damaged: no '" + key + "'");
      }
    }
    return new Provisioner(dir, m);
  }

  /** The project directory. */
  public Path directory() {
    return dir;
  }

  /** The project name. */
  public String projectName() {
    return manifest.getProperty("project");
  }

  /** The coordinator address written into the kits. */
  public HostAndPort coordinator() {
    return HostAndPort.parse(manifest.getProperty("coordinator"));
  }

  /** {@code ca/ca.pem}. */
  public Path caCertificateFile() {
    return dir.resolve("ca").resolve("ca.pem");
  }

  /** {@code ca/ca-key.pem}: keep it private; it issues every participant's certificate. */
  public Path caKeyFile() {
    return dir.resolve("ca").resolve("ca-key.pem");
  }

  /** The end of the CA certificate's validity. */
  public Instant caNotAfter() {
    return Instant.parse(manifest.getProperty("ca_not_after"));
  }

  /** The coordinator kit's {@code revoked.txt}. */
  public Path revocationFile() {
    return dir.resolve(COORDINATOR_ID).resolve(REVOCATION_FILE);
  }

  /** Every kit issued, coordinator first, in order of issue. */
  public List<Kit> kits() {
    List<Kit> out = new ArrayList<>();
    for (String id : participants()) {
      out.add(kit(id).orElseThrow());
    }
    return out;
  }

  /** The kit issued to {@code id}, if any. */
  public Optional<Kit> kit(String id) {
    String role = manifest.getProperty("participant." + id + ".role");
    if (role == null) {
      return Optional.empty();
    }
    return Optional.of(new Kit(id, Kit.Role.valueOf(role), dir.resolve(id),
        new BigInteger(manifest.getProperty("participant." + id + ".serial"), 16),
        Instant.parse(manifest.getProperty("participant." + id + ".not_after")),
        manifest.getProperty("participant." + id + ".revoked") != null));
  }

  /**
   * Issues a kit for a new agency from the project CA. Existing kits are not touched. The
   * certificate's validity ends at the CA's at the latest.
   *
   * @throws IllegalArgumentException if the id is malformed, already issued (or revoked), or its
   *     kit directory exists
   */
  public Kit addAgency(String id, int validityDays) throws IOException {
    checkAgencyId(id);
    checkValidityDays("certificate validity", validityDays);
    Optional<Kit> existing = kit(id);
    if (existing.isPresent()) {
      throw new IllegalArgumentException("agency '" + id + "' already has a kit"
          + (existing.get().revoked() ? " and is revoked; a revoked id cannot be issued again,"
              + " choose a new id" : "; revoke it first to replace it under a new id"));
    }
    Path target = dir.resolve(id);
    if (Files.exists(target)) {
      throw new IllegalArgumentException(target + " already exists; refusing to overwrite it");
    }
    X509Certificate ca = Pem.certificates(Pem.readFile(caCertificateFile(), "CA certificate"),
        caCertificateFile(), "CA certificate").get(0);
    PrivateKey caKey = Pem.privateKey(Pem.readFile(caKeyFile(), "CA key"), caKeyFile(), "CA key");
    if (!Certificates.matches(caKey, ca.getPublicKey())) {
      throw new IllegalArgumentException(
          "CA key " + caKeyFile() + " does not belong to the CA certificate " + caCertificateFile());
    }
    if (!ca.getNotAfter().toInstant().isAfter(Instant.now())) {
      throw new IllegalArgumentException("the project CA expired on " + ca.getNotAfter().toInstant()
          + "; make a new project");
    }
    Path tmp = dir.resolve("." + id + ".provisioning-" + HexFormat.of().formatHex(randomBytes(6)));
    Properties before = (Properties) manifest.clone();
    try {
      issue(id, Kit.Role.AGENCY, ca, caKey, validityDays, tmp);
      move(tmp, target);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(tmp);
      manifest.clear();
      manifest.putAll(before);
      throw e;
    }
    writeManifest();
    return kit(id).orElseThrow();
  }

  /**
   * Revokes an agency: adds its certificate's serial and its id to the revocation list. Revoking
   * an agency that is already revoked changes nothing.
   *
   * @return the agency's kit, marked revoked
   * @throws IllegalArgumentException if no agency of that id was issued
   */
  public Kit revoke(String id) throws IOException {
    checkAgencyId(id);
    Kit kit = kit(id).orElseThrow(() -> new IllegalArgumentException("no agency '" + id
        + "' in project " + projectName() + "; issued agencies: " + agencyIds()));
    if (kit.revoked()) {
      return kit;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path file = revocationFile();
    String current = Files.exists(file)
        ? new String(Pem.readFile(file, "revocation list"), StandardCharsets.UTF_8)
        : Revocations.header(projectName());
    Revocations.parse(current, file); // refuse to extend a damaged list
    if (!current.isEmpty() && !current.endsWith("\n")) {
      current += "\n";
    }
    String updated = current + Revocations.line(kit.serial(), id, "revoked " + now);
    writeAtomically(file, updated.getBytes(StandardCharsets.UTF_8));
    manifest.setProperty("participant." + id + ".revoked", now.toString());
    writeManifest();
    return kit(id).orElseThrow();
  }

  /** The ids of all agencies issued, revoked ones included. */
  public List<String> agencyIds() {
    return participants().stream().filter(id -> !COORDINATOR_ID.equals(id)).toList();
  }

  private List<String> participants() {
    String p = manifest.getProperty("participants", "");
    return p.isEmpty() ? List.of() : List.of(p.split(","));
  }

  private void issue(String id, Kit.Role role, X509Certificate ca, PrivateKey caKey,
      int validityDays, Path kitDir) throws IOException {
    Instant notAfter = Instant.now().plus(Duration.ofDays(validityDays));
    Instant caEnd = ca.getNotAfter().toInstant();
    if (notAfter.isAfter(caEnd)) {
      notAfter = caEnd;
    }
    KeyPair keys = certificates.newKeyPair();
    HostAndPort coordinator = coordinator();
    X509Certificate cert;
    if (role == Kit.Role.COORDINATOR) {
      Set<String> dns = new LinkedHashSet<>();
      Set<String> ips = new LinkedHashSet<>();
      (coordinator.isIpAddress() ? ips : dns).add(coordinator.host());
      dns.add("localhost");
      ips.add("127.0.0.1");
      ips.add("::1");
      cert = certificates.endEntity(projectName(), id, keys.getPublic(), true,
          List.copyOf(dns), List.copyOf(ips), ca, caKey, notAfter);
    } else {
      cert = certificates.endEntity(projectName(), id, keys.getPublic(), false,
          List.of(), List.of(), ca, caKey, notAfter);
    }
    SecureFiles.createOwnerOnlyDirectory(kitDir);
    SecureFiles.writeNew(kitDir.resolve(TlsCredentials.CA_FILE), ascii(Pem.certificate(ca)));
    SecureFiles.writeNew(kitDir.resolve(TlsCredentials.CERT_FILE), ascii(Pem.certificate(cert)));
    SecureFiles.writeOwnerOnly(kitDir.resolve(TlsCredentials.KEY_FILE), Pem.privateKey(keys.getPrivate()));
    if (role == Kit.Role.COORDINATOR) {
      SecureFiles.writeNew(kitDir.resolve("coordinator.yaml"), ascii(coordinatorYaml(coordinator)));
      SecureFiles.writeNew(kitDir.resolve(REVOCATION_FILE),
          Revocations.header(projectName()).getBytes(StandardCharsets.UTF_8));
    } else {
      SecureFiles.writeNew(kitDir.resolve("client.yaml"), ascii(clientYaml(id, coordinator)));
    }
    String prefix = "participant." + id + ".";
    manifest.setProperty(prefix + "role", role.name());
    manifest.setProperty(prefix + "serial", cert.getSerialNumber().toString(16));
    manifest.setProperty(prefix + "not_after", cert.getNotAfter().toInstant().toString());
    List<String> ps = new ArrayList<>(participants());
    ps.add(id);
    manifest.setProperty("participants", String.join(",", ps));
  }

  private String coordinatorYaml(HostAndPort coordinator) {
    return "# Tillit coordinator configuration for project " + projectName()
        + ", written by 'tillit provision'.\n"
        + "# Start it with: tillit coordinator start --config coordinator.yaml\n"
        + "# Relative paths are resolved against the directory of this file (the kit).\n"
        + "coordinator_id: " + COORDINATOR_ID + "\n"
        + "# Agencies dial " + coordinator + " (that name is in the server certificate).\n"
        + "listen:\n"
        + "  address: 0.0.0.0\n"
        + "  port: " + coordinator.port() + "\n"
        + "# Status, metrics and run submission (tillit run ...); keep it on localhost or behind\n"
        + "# your own proxy.\n"
        + "http:\n"
        + "  address: 127.0.0.1\n"
        + "  port: 7080\n"
        + "# State (runs, rounds, checkpoints, audit log). Default: an H2 file in $TILLIT_HOME.\n"
        + "# database:\n"
        + "#   url: jdbc:postgresql://db.example:5432/tillit\n"
        + "#   user: tillit\n"
        + "#   password_env: TILLIT_DB_PASSWORD\n"
        + "tls:\n"
        + "  ca: ca.pem          # trusted root: client certificates must be issued by it\n"
        + "  cert: cert.pem\n"
        + "  key: key.pem        # keep private (permissions 600)\n"
        + "  revoked_file: " + REVOCATION_FILE + "  # re-read when it changes\n";
  }

  private String clientYaml(String id, HostAndPort coordinator) {
    return "# Tillit client configuration for agency " + id + " of project " + projectName()
        + ", written by 'tillit provision'.\n"
        + "# Start it with: tillit client start --config client.yaml\n"
        + "# Relative paths are resolved against the directory of this file (the kit).\n"
        + "client_id: " + id + "           # must equal the CN of cert.pem\n"
        + "coordinator: \"" + coordinator + "\"\n"
        + "tls:\n"
        + "  ca: ca.pem          # the only trusted root\n"
        + "  cert: cert.pem\n"
        + "  key: key.pem        # keep private (permissions 600)\n"
        + "# Your local table. It never leaves this machine; only model updates do.\n"
        + "data:\n"
        + "  path: data.csv      # CHANGE to your table (CSV with a header row)\n"
        + "  eval_fraction: 0.2  # rows kept aside for federated evaluation\n"
        + "properties:\n"
        + "  agency: " + id + "\n"
        + "# For record-level DP-SGD runs: your own privacy budget ledger.\n"
        + "# privacy:\n"
        + "#   ledger:\n"
        + "#     url: jdbc:h2:file:/var/lib/tillit/ledger\n"
        + "#     dataset: " + id + "/training-data\n"
        + "log: client-log.jsonl # everything this client sent\n";
  }

  private void writeManifest() throws IOException {
    StringBuilder sb = new StringBuilder("# Tillit project, written by 'tillit provision'. Do not"
        + " edit.\n");
    manifest.stringPropertyNames().stream().sorted(Comparator.naturalOrder())
        .forEach(k -> sb.append(k).append('=').append(escape(manifest.getProperty(k))).append('\n'));
    writeAtomically(dir.resolve(MANIFEST), sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String v) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      if (c == '\\' || c == '\n' || c == '\r') {
        sb.append('\\').append(c == '\n' ? 'n' : c == '\r' ? 'r' : c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void writeAtomically(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-"
        + HexFormat.of().formatHex(randomBytes(6)));
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(content);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.deleteIfExists(x);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
