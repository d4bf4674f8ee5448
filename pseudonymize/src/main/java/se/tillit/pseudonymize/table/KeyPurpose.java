package se.tillit.pseudonymize.table;

import java.util.Locale;

/**
 * What a key in a pseudonymisation keystore is for. One key per purpose; the keystore records the
 * purpose through the key's algorithm name and length.
 */
public enum KeyPurpose {
  /** 32-byte HMAC-SHA-256 key, for {@code hmac} pseudonyms and {@code date_shift}. */
  HMAC_SHA256("HmacSHA256", 32),
  /** 64-byte AES-256-SIV key (two AES-256 keys), for {@code encrypt}. */
  AES_SIV("AES", 64),
  /** 32-byte AES-256 key, for FF1 {@code fpe}. */
  FF1_AES("AES", 32);

  private final String algorithm;
  private final int keyBytes;

  KeyPurpose(String algorithm, int keyBytes) {
    this.algorithm = algorithm;
    this.keyBytes = keyBytes;
  }

  /** The JCA algorithm name under which the key is stored. */
  public String algorithm() {
    return algorithm;
  }

  /** Length of a generated key, in bytes. */
  public int keyBytes() {
    return keyBytes;
  }

  /** Name used on the command line: {@code hmac}, {@code siv} or {@code ff1}. */
  public String cliName() {
    switch (this) {
      case HMAC_SHA256:
        return "hmac";
      case AES_SIV:
        return "siv";
      default:
        return "ff1";
    }
  }

  /** Parses {@code hmac}, {@code siv} or {@code ff1} (case-insensitive). */
  public static KeyPurpose fromCliName(String name) {
    for (KeyPurpose p : values()) {
      if (p.cliName().equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "key type must be one of hmac, siv, ff1. Provided value: " + name);
  }

  /** The purpose of stored key material, or null if it matches none. */
  static KeyPurpose of(String algorithm, int length) {
    if ("HmacSHA256".equalsIgnoreCase(algorithm) && length == 32) {
      return HMAC_SHA256;
    }
    if ("AES".equalsIgnoreCase(algorithm)) {
      if (length == 64) {
        return AES_SIV;
      }
      if (length == 16 || length == 24 || length == 32) {
        return FF1_AES;
      }
    }
    return null;
  }
}
