package se.tillit.pseudonymize.table;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key material for one purpose. Its {@link #toString()} never shows the bytes; equality is
 * not overridden (use {@link #equalsConstantTime}). {@link #destroy()} overwrites the bytes.
 */
public final class TableKey {
  private final String alias;
  private final KeyPurpose purpose;
  private final byte[] material;
  private boolean destroyed;

  TableKey(String alias, KeyPurpose purpose, byte[] material) {
    this.alias = Objects.requireNonNull(alias, "alias");
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.material = material.clone();
  }

  /**
   * A key from raw bytes, for tests and for callers that manage keys themselves. The bytes are
   * copied. Prefer keys from a {@link TableKeyStore}.
   */
  public static TableKey fromBytesInsecure(String alias, KeyPurpose purpose, byte[] material) {
    if (KeyPurpose.of(purpose.algorithm(), material.length) != purpose) {
      throw new IllegalArgumentException(
          "key material for " + purpose.cliName() + " must be " + purpose.keyBytes()
              + " bytes. Provided length: " + material.length);
    }
    return new TableKey(alias, purpose, material);
  }

  public String alias() {
    return alias;
  }

  public KeyPurpose purpose() {
    return purpose;
  }

  /**
   * A copy of the secret bytes. Named "insecure" so that every place that handles raw key material
   * is easy to find; callers must not log or keep the copy longer than needed.
   */
  public byte[] toByteArrayInsecure() {
    if (destroyed) {
      throw new IllegalStateException("key '" + alias + "' has been destroyed");
    }
    return material.clone();
  }

  /** Compares key material in constant time. */
  public boolean equalsConstantTime(TableKey other) {
    return other != null && purpose == other.purpose && MessageDigest.isEqual(material, other.material);
  }

  /** Overwrites the key material with zeros; the key cannot be used afterwards. */
  public void destroy() {
    Arrays.fill(material, (byte) 0);
    destroyed = true;
  }

  @Override
  public String toString() {
    return "TableKey{alias=" + alias + ", purpose=" + purpose + ", material=<redacted>}";
  }
}
