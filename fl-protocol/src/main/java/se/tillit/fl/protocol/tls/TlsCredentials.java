package se.tillit.fl.protocol.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import se.tillit.fl.protocol.tls.internal.Certificates;
import se.tillit.fl.protocol.tls.internal.Pem;

/**
 * gRPC credentials for mutual TLS between the coordinator and agency clients, from a kit made by
 * {@link Provisioner} or from explicit PEM files.
 *
 * <p>Both ends trust only the project CA ({@code ca.pem}), never the system's trust store. The
 * server requires a client certificate ({@link TlsServerCredentials.ClientAuth#REQUIRE}); the
 * client presents its certificate and checks the server's certificate against the host it dials
 * (subjectAltName). Use the credentials with {@code Grpc.newServerBuilderForPort(port, creds)} /
 * {@code Grpc.newChannelBuilder(target, creds)} (Netty transport), and install
 * {@link PeerIdentity#interceptor} on the server for the client id and revocation.
 *
 * <p>The files are read and checked at once: each must exist and be readable, the certificate and
 * the key must be PEM (the key unencrypted PKCS#8), the key must belong to the certificate, the
 * certificate must be issued by the CA and valid now, and a certificate with an extended key usage
 * must allow its role (a client kit cannot serve, a coordinator kit cannot be a client). Failures
 * throw {@link IllegalArgumentException} naming the file and the problem; messages never contain
 * key material.
 */
public final class TlsCredentials {
  /** The CA certificate of a kit. */
  public static final String CA_FILE = "ca.pem";
  /** The participant certificate of a kit. */
  public static final String CERT_FILE = "cert.pem";
  /** The private key of a kit. */
  public static final String KEY_FILE = "key.pem";

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private TlsCredentials() {}

  /** Server credentials from the kit directory's ca.pem, cert.pem and key.pem. */
  public static ServerCredentials server(Path kitDir) {
    checkKitDir(kitDir);
    return server(kitDir.resolve(CA_FILE), kitDir.resolve(CERT_FILE), kitDir.resolve(KEY_FILE));
  }

  /**
   * Server credentials that require a client certificate issued by the CA in {@code caFile}.
   *
   * @param caFile PEM certificate(s) of the trusted CA: the only roots clients may chain to
   * @param certFile PEM server certificate (then any intermediates)
   * @param keyFile PEM PKCS#8 private key of the server certificate
   */
  public static ServerCredentials server(Path caFile, Path certFile, Path keyFile) {
    Material m = Material.read(caFile, certFile, keyFile, SERVER_AUTH, "server");
    try {
      return TlsServerCredentials.newBuilder()
          .keyManager(new ByteArrayInputStream(m.certPem), new ByteArrayInputStream(m.keyPem))
          .trustManager(new ByteArrayInputStream(m.caPem))
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("could not read in-memory PEM data", e);
    }
  }

  /** Client credentials from the kit directory's ca.pem, cert.pem and key.pem. */
  public static ChannelCredentials client(Path kitDir) {
    checkKitDir(kitDir);
    return client(kitDir.resolve(CA_FILE), kitDir.resolve(CERT_FILE), kitDir.resolve(KEY_FILE));
  }

  /**
   * Client credentials that present the certificate in {@code certFile} and trust only the CA in
   * {@code caFile}.
   */
  public static ChannelCredentials client(Path caFile, Path certFile, Path keyFile) {
    Material m = Material.read(caFile, certFile, keyFile, CLIENT_AUTH, "client");
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(new ByteArrayInputStream(m.certPem), new ByteArrayInputStream(m.keyPem))
          .trustManager(new ByteArrayInputStream(m.caPem))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("could not read in-memory PEM data", e);
    }
  }

  private static void checkKitDir(Path kitDir) {
    if (!Files.isDirectory(kitDir)) {
      throw new IllegalArgumentException("TLS kit directory " + kitDir
          + (Files.exists(kitDir) ? " is not a directory" : " does not exist")
          + "; a kit holds " + CA_FILE + ", " + CERT_FILE + " and " + KEY_FILE);
    }
  }

  private record Material(byte[] caPem, byte[] certPem, byte[] keyPem) {
    static Material read(Path caFile, Path certFile, Path keyFile, String usage, String role) {
      byte[] caPem = Pem.readFile(caFile, "TLS CA file");
      byte[] certPem = Pem.readFile(certFile, "TLS certificate file");
      byte[] keyPem = Pem.readFile(keyFile, "TLS key file");
      List<X509Certificate> cas = Pem.certificates(caPem, caFile, "TLS CA file");
      List<X509Certificate> chain = Pem.certificates(certPem, certFile, "TLS certificate file");
      PrivateKey key = Pem.privateKey(keyPem, keyFile, "TLS key file");
      X509Certificate leaf = chain.get(0);
      if (!Certificates.matches(key, leaf.getPublicKey())) {
        throw new IllegalArgumentException("TLS key file " + keyFile
            + " does not belong to the certificate in " + certFile + " (mismatched kit files?)");
      }
      for (X509Certificate ca : cas) {
        checkValid(ca, caFile, "CA certificate");
      }
      checkValid(leaf, certFile, "certificate");
      X509Certificate issuer = chain.size() > 1 ? chain.get(chain.size() - 1) : leaf;
      boolean issued = false;
      for (X509Certificate ca : cas) {
        try {
          issuer.verify(ca.getPublicKey());
          issued = true;
          break;
        } catch (Exception e) {
          // try the next CA
        }
      }
      if (!issued) {
        throw new IllegalArgumentException("TLS certificate " + certFile
            + " was not issued by the CA in " + caFile + " (kit files from different projects?)");
      }
      try {
        List<String> eku = leaf.getExtendedKeyUsage();
        if (eku != null && !eku.contains(usage) && !eku.contains("2.5.29.37.0")) {
          throw new IllegalArgumentException("TLS certificate " + certFile + " is not a " + role
              + " certificate (its extended key usage does not allow " + role
              + " authentication); use the " + (role.equals("server") ? "coordinator" : "agency")
              + " kit");
        }
      } catch (CertificateParsingException e) {
        throw new IllegalArgumentException(
            "TLS certificate " + certFile + " has a malformed extended key usage");
      }
      return new Material(caPem, certPem, keyPem);
    }

    private static void checkValid(X509Certificate c, Path file, String what) {
      try {
        c.checkValidity();
      } catch (CertificateExpiredException e) {
        throw new IllegalArgumentException("TLS " + what + " in " + file + " expired on "
            + c.getNotAfter().toInstant());
      } catch (CertificateNotYetValidException e) {
        throw new IllegalArgumentException("TLS " + what + " in " + file + " is not valid before "
            + c.getNotBefore().toInstant());
      }
    }
  }
}
