package se.tillit.pseudonymize.table.internal;

import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * FF1 (NIST SP 800-38G) on decimal digit strings, through BouncyCastle's {@link FPEFF1Engine}.
 *
 * <p>Encrypts a string of n decimal digits to another string of n decimal digits; n must be at
 * least 6 so that the domain has at least 10^6 elements, the minimum SP 800-38G Rev. 1 allows.
 * {@link #encryptBelow}/{@link #decryptBelow} restrict FF1 to the integers {@code [0, bound)} by
 * cycle walking, which keeps a permutation of that smaller domain. Not thread-safe.
 */
public final class Ff1 {
  /** Smallest digit count accepted: 10^6 is SP 800-38G Rev. 1's minimum domain size. */
  public static final int MIN_DIGITS = 6;

  private final FPEEngine encryptor = new FPEFF1Engine();
  private final FPEEngine decryptor = new FPEFF1Engine();

  /**
   * @param key AES key of 16, 24 or 32 bytes
   * @param radix the alphabet size (10 for digits)
   * @param tweak public tweak (may be empty)
   */
  public Ff1(byte[] key, int radix, byte[] tweak) {
    if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
      throw new IllegalArgumentException(
          "FF1 key must be 16, 24 or 32 bytes. Provided length: "
              + (key == null ? "null" : key.length));
    }
    FPEParameters params = new FPEParameters(new KeyParameter(key), radix, tweak);
    encryptor.init(true, params);
    decryptor.init(false, params);
  }

  /** Encrypts symbols (each in [0, radix)); returns a new array of the same length. */
  public byte[] encrypt(byte[] symbols) {
    byte[] out = new byte[symbols.length];
    encryptor.processBlock(symbols, 0, symbols.length, out, 0);
    return out;
  }

  /** Decrypts symbols (each in [0, radix)); returns a new array of the same length. */
  public byte[] decrypt(byte[] symbols) {
    byte[] out = new byte[symbols.length];
    decryptor.processBlock(symbols, 0, symbols.length, out, 0);
    return out;
  }

  /** FF1 restricted to [0, bound) by cycle walking over {@code digits}-digit decimal numbers. */
  public long encryptBelow(long value, long bound, int digits) {
    return walk(value, bound, digits, true);
  }

  /** Inverse of {@link #encryptBelow}. */
  public long decryptBelow(long value, long bound, int digits) {
    return walk(value, bound, digits, false);
  }

  private long walk(long value, long bound, int digits, boolean encrypt) {
    if (value < 0 || value >= bound) {
      throw new IllegalArgumentException("value must be in [0, bound)");
    }
    byte[] d = toDigits(value, digits);
    long x;
    do {
      d = encrypt ? encrypt(d) : decrypt(d);
      x = fromDigits(d);
    } while (x >= bound);
    return x;
  }

  static byte[] toDigits(long value, int digits) {
    byte[] d = new byte[digits];
    for (int i = digits - 1; i >= 0; i--) {
      d[i] = (byte) (value % 10);
      value /= 10;
    }
    return d;
  }

  static long fromDigits(byte[] d) {
    long x = 0;
    for (byte b : d) {
      x = x * 10 + b;
    }
    return x;
  }
}
