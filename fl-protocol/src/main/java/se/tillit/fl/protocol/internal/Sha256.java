package se.tillit.fl.protocol.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every Java platform must provide. Internal: not part of the module's API. */
public final class Sha256 {
  /** Digest length in bytes. */
  public static final int LENGTH = 32;

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java platform", e);
    }
  }
}
