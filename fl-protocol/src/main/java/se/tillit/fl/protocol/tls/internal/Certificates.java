package se.tillit.fl.protocol.tls.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key pairs and X.509 v3 certificates for a project: ECDSA on P-256 (secp256r1) keys, signed with
 * SHA256withECDSA, 127-bit random serial numbers; every random number comes from the
 * {@link SecureRandom} given. Certificates start five minutes before now to tolerate clock skew.
 */
public final class Certificates {
  /** The signature algorithm of every certificate. */
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  /** The key algorithm, as documented for users. */
  public static final String KEY_ALGORITHM = "ECDSA P-256 (secp256r1), SHA-256 signatures";

  private static final long SKEW_SECONDS = 300;

  private final SecureRandom random;

  public Certificates(SecureRandom random) {
    this.random = random;
  }

  /** A fresh P-256 key pair. */
  public KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
    }
  }

  /** A self-signed CA certificate: may sign end-entity certificates only (path length 0). */
  public X509Certificate ca(String projectName, KeyPair keys, Instant notAfter) {
    X500Name name = name("Tillit project CA " + projectName, projectName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
          notBefore(), Date.from(notAfter), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(keys.getPublic()));
      return sign(b, keys.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException("could not create the CA certificate", e);
    }
  }

  /**
   * An end-entity certificate with CN = {@code commonName}, for TLS server authentication with
   * the given DNS names and IP addresses in its subjectAltName, or (serverNames empty) for TLS
   * client authentication.
   */
  public X509Certificate endEntity(String projectName, String commonName, PublicKey subjectKey,
      boolean server, List<String> dnsNames, List<String> ipAddresses,
      X509Certificate caCert, PrivateKey caKey, Instant notAfter) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
          notBefore(), Date.from(notAfter), name(commonName, projectName), subjectKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(subjectKey))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(caCert));
      Set<GeneralName> sans = new LinkedHashSet<>();
      for (String dns : dnsNames) {
        sans.add(new GeneralName(GeneralName.dNSName, dns));
      }
      for (String ip : ipAddresses) {
        sans.add(new GeneralName(GeneralName.iPAddress, ip));
      }
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      return sign(b, caKey);
    } catch (Exception e) {
      throw new IllegalStateException("could not issue the certificate of '" + commonName + "'", e);
    }
  }

  /** True if {@code key} is the private half of {@code publicKey} (checked by a signature). */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    String alg = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (alg == null) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);  // a probe message, not a secret
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(publicKey);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // e.g. an RSA key against an EC certificate
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
        .setSecureRandom(random).build(key);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private BigInteger serial() {
    return new BigInteger(127, random).setBit(126); // positive, 16 bytes, never zero
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minusSeconds(SKEW_SECONDS));
  }

  private static X500Name name(String commonName, String projectName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Tillit project " + projectName)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }
}
