package se.tillit.pseudonymize.table;

import java.util.Locale;

/** The transforms a table policy can apply to a column, by their policy names. */
public enum TransformKind {
  /** Keyed pseudonym, HMAC-SHA-256, base32: one-way, same input same pseudonym. */
  HMAC(KeyPurpose.HMAC_SHA256),
  /** Deterministic authenticated encryption, AES-SIV (RFC 5297): reversible with the key. */
  ENCRYPT(KeyPurpose.AES_SIV),
  /** Format-preserving encryption, FF1 (NIST SP 800-38G): reversible with the key. */
  FPE(KeyPurpose.FF1_AES),
  /** Dates shifted by a per-person offset derived with HMAC from the person's key column. */
  DATE_SHIFT(KeyPurpose.HMAC_SHA256),
  /** Age bands, postcode prefixes, dates to year or month, numeric rounding. */
  GENERALIZE(null),
  /** Drop the column or blank its values. */
  SUPPRESS(null),
  /** Copy unchanged. */
  KEEP(null);

  private final KeyPurpose keyPurpose;

  TransformKind(KeyPurpose keyPurpose) {
    this.keyPurpose = keyPurpose;
  }

  /** The name used in policy files, e.g. {@code date_shift}. */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of key this transform needs, or null if it needs none. */
  public KeyPurpose keyPurpose() {
    return keyPurpose;
  }

  /** Whether {@code tillit reidentify} can invert this transform. */
  public boolean reversible() {
    return this == ENCRYPT || this == FPE;
  }
}
