package se.tillit.fl.protocol.tls.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM encoding and decoding of certificates and PKCS#8 private keys. Error messages name the file
 * and the problem, never its content.
 */
public final class Pem {
  private Pem() {}

  /** PEM text of a certificate. */
  public static String certificate(X509Certificate cert) {
    try {
      return block("CERTIFICATE", cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("could not encode a certificate", e);
    }
  }

  /** PEM text ("PRIVATE KEY", unencrypted PKCS#8) of a private key. */
  public static byte[] privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalStateException("private key is not PKCS#8 encodable: " + key.getFormat());
    }
    return block("PRIVATE KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII);
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** Reads a file, turning I/O failures into a message that names the file and its role. */
  public static byte[] readFile(Path file, String role) {
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(role + " " + file + " is a directory, not a PEM file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(role + " " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(role + " " + file + " cannot be read (permission denied)");
    } catch (IOException e) {
      throw new IllegalArgumentException(role + " " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** The certificates of a PEM file, in order; at least one. */
  public static List<X509Certificate> certificates(byte[] pem, Path file, String role) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = parser(pem)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        } else if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair
            || o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
          throw new IllegalArgumentException(role + " " + file
              + " holds a private key; it must hold certificates only (-----BEGIN CERTIFICATE-----)");
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          role + " " + file + " is not a valid PEM certificate file (" + e.getClass().getSimpleName() + ")");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          role + " " + file + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** The one unencrypted PKCS#8 private key of a PEM file. */
  public static PrivateKey privateKey(byte[] pem, Path file, String role) {
    try (PEMParser parser = parser(pem)) {
      Object o;
      PrivateKey key = null;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PrivateKeyInfo info) {
          if (key != null) {
            throw new IllegalArgumentException(role + " " + file + " holds more than one private key");
          }
          key = new JcaPEMKeyConverter().getPrivateKey(info);
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
          throw new IllegalArgumentException(role + " " + file
              + " holds an encrypted private key; an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----,"
              + " protected by file permissions 600) is required");
        } else if (o instanceof PEMKeyPair) {
          throw new IllegalArgumentException(role + " " + file
              + " holds a traditional (PKCS#1/SEC1) key; convert it to PKCS#8 with"
              + " 'openssl pkcs8 -topk8 -nocrypt'");
        }
      }
      if (key == null) {
        throw new IllegalArgumentException(
            role + " " + file + " holds no private key (expected -----BEGIN PRIVATE KEY-----)");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          role + " " + file + " is not a valid PEM private key file (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static PEMParser parser(byte[] pem) {
    Reader r = new StringReader(new String(pem, StandardCharsets.US_ASCII));
    return new PEMParser(r);
  }
}
