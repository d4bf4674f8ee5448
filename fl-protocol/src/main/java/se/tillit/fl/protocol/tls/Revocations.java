package se.tillit.fl.protocol.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.fl.protocol.tls.internal.Pem;

/**
 * The project's list of revoked client certificates ({@code revoked.txt} in the coordinator kit,
 * written by {@code tillit provision --revoke}), as the predicate that
 * {@link PeerIdentity#interceptor(Predicate)} takes.
 *
 * <p>File format: one revoked client per line, {@code SERIAL CLIENT_ID}, the serial in hexadecimal;
 * text after {@code #} is a comment; blank lines are ignored. A certificate is revoked when its
 * serial number is listed <em>or</em> its CN is a listed client id: revoking an agency revokes
 * every certificate that names it.
 *
 * <p>A list made by {@link #load(Path)} follows its file: before each check it looks at the file's
 * identity, size and modification time, and re-reads it when they changed, so a revocation takes
 * effect on the next call without restarting the coordinator (write the file by atomic replace, as
 * the provisioner does). If a re-read fails (file removed or malformed), the last good list stays
 * in force and a warning is logged: a broken file never un-revokes anyone. Thread-safe.
 */
public final class Revocations implements Predicate<X509Certificate> {
  private static final Logger log = LoggerFactory.getLogger(Revocations.class);
  private static final Pattern SERIAL = Pattern.compile("[0-9a-fA-F]{1,64}");
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");

  private final Path file;
  private volatile Snapshot snapshot;

  private record Snapshot(Object fileKey, long size, long modified, Map<BigInteger, String> serials,
      Set<String> ids) {}

  private Revocations(Path file, Snapshot snapshot) {
    this.file = file;
    this.snapshot = snapshot;
  }

  /** A list that revokes nothing (for tests and deployments without a revocation file). */
  public static Revocations none() {
    return new Revocations(null, new Snapshot(null, 0, 0, Map.of(), Set.of()));
  }

  /**
   * Reads {@code file} now and follows its later changes.
   *
   * @throws IllegalArgumentException if the file does not exist, cannot be read, or has a
   *     malformed line (the message names the line number, never other lines' content)
   */
  public static Revocations load(Path file) {
    Objects.requireNonNull(file, "file");
    return new Revocations(file, read(file));
  }

  /** True if the certificate's serial number or its CN is on the list. */
  @Override
  public boolean test(X509Certificate certificate) {
    Snapshot s = current();
    if (s.serials().containsKey(certificate.getSerialNumber())) {
      return true;
    }
    return PeerIdentity.commonName(certificate).map(s.ids()::contains).orElse(false);
  }

  /** True if the client id is on the list. */
  public boolean isRevoked(String clientId) {
    return current().ids().contains(clientId);
  }

  /** The revoked client ids, as of the last read. */
  public Set<String> revokedIds() {
    return current().ids();
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (file == null) {
      return s;
    }
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (Objects.equals(a.fileKey(), s.fileKey()) && a.size() == s.size()
          && a.lastModifiedTime().toMillis() == s.modified()) {
        return s;
      }
      synchronized (this) {
        s = snapshot;
        Snapshot fresh = read(file);
        if (!fresh.equals(s)) {
          int before = s.ids().size();
          snapshot = fresh;
          log.info("revocation list {} re-read: {} revoked client(s), was {}", file,
              fresh.ids().size(), before);
        }
        return snapshot;
      }
    } catch (IOException | IllegalArgumentException e) {
      log.warn("revocation list {} could not be re-read ({}); the last good list ({} revoked) stays"
          + " in force", file, e.getMessage(), s.ids().size());
      return s;
    }
  }

  private static Snapshot read(Path file) {
    byte[] bytes = Pem.readFile(file, "revocation list");
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("revocation list " + file + " cannot be read");
    }
    Map<BigInteger, String> serials = parse(new String(bytes, StandardCharsets.UTF_8), file);
    return new Snapshot(a.fileKey(), a.size(), a.lastModifiedTime().toMillis(),
        Collections.unmodifiableMap(serials), Set.copyOf(serials.values()));
  }

  static Map<BigInteger, String> parse(String text, Path file) {
    Map<BigInteger, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != 2 || !SERIAL.matcher(f[0]).matches() || !ID.matcher(f[1]).matches()) {
        throw new IllegalArgumentException("revocation list " + file + " line " + (i + 1)
            + " must be 'SERIAL CLIENT_ID' (serial in hexadecimal; id of lowercase letters, digits"
            + " and '-')");
      }
      out.put(new BigInteger(f[0], 16), f[1]);
    }
    return out;
  }

  /** One line of the file for a revoked certificate. */
  static String line(BigInteger serial, String clientId, String comment) {
    return serial.toString(16).toLowerCase(Locale.ROOT) + " " + clientId
        + (comment == null ? "" : "  # " + comment) + "\n";
  }

  /** The header of a new revocation list. */
  static String header(String projectName) {
    return "# Revoked client certificates of Tillit project " + projectName + ".\n"
        + "# One per line: SERIAL (hexadecimal) CLIENT_ID. A client certificate whose serial or CN\n"
        + "# is listed is refused. Written by 'tillit provision --revoke'; the coordinator re-reads\n"
        + "# this file when it changes.\n";
  }
}
