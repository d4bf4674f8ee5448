package se.tillit.fl.protocol.tls;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One participant's kit, as issued by {@link Provisioner}: a directory holding {@code ca.pem} (the
 * project CA, the only trusted root), {@code cert.pem} (the participant's certificate),
 * {@code key.pem} (its private key, PKCS#8, permissions 600) and a configuration file
 * ({@code coordinator.yaml} or {@code client.yaml}) whose TLS paths are relative to the kit.
 *
 * @param id the participant id: {@value Provisioner#COORDINATOR_ID} or the agency id (the
 *     certificate's CN)
 * @param role coordinator (server certificate) or agency (client certificate)
 * @param directory the kit directory
 * @param serial the certificate's serial number
 * @param notAfter the end of the certificate's validity
 * @param revoked whether the certificate has been revoked
 */
public record Kit(String id, Role role, Path directory, BigInteger serial, Instant notAfter,
    boolean revoked) {

  /** What a kit is for. */
  public enum Role {
    /** The coordinator: a TLS server certificate. */
    COORDINATOR,
    /** An agency client: a TLS client certificate whose CN is the agency id. */
    AGENCY
  }

  /** {@code ca.pem}: the project CA certificate. */
  public Path caFile() {
    return directory.resolve(TlsCredentials.CA_FILE);
  }

  /** {@code cert.pem}: the participant's certificate. */
  public Path certFile() {
    return directory.resolve(TlsCredentials.CERT_FILE);
  }

  /** {@code key.pem}: the participant's private key. */
  public Path keyFile() {
    return directory.resolve(TlsCredentials.KEY_FILE);
  }

  /** {@code coordinator.yaml} or {@code client.yaml}. */
  public Path configFile() {
    return directory.resolve(role == Role.COORDINATOR ? "coordinator.yaml" : "client.yaml");
  }

  /** The serial number in hexadecimal, as in the revocation list. */
  public String serialHex() {
    return serial.toString(16);
  }
}
