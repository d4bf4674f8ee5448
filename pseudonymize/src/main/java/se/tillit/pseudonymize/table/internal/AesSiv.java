package se.tillit.pseudonymize.table.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * AES-SIV (RFC 5297): deterministic authenticated encryption built from BouncyCastle's AES-CMAC
 * and AES-CTR primitives.
 *
 * <p>Security guarantee: the same (associated data, plaintext) always gives the same ciphertext,
 * which is what makes encrypted columns linkable; nothing else is revealed (equality of values
 * is the only leak). Decryption checks the synthetic IV in constant time and fails with {@link
 * AEADBadTagException} for a wrong key, wrong associated data or a modified ciphertext.
 *
 * <p>Keys are 32, 48 or 64 bytes (AES-128/192/256-SIV); the first half keys S2V (CMAC), the second
 * half keys CTR. Not thread-safe: one instance per thread.
 */
public final class AesSiv {
  private static final int BLOCK = 16;
  private static final byte[] ZERO_BLOCK = new byte[BLOCK];

  private final CMac cmac;
  private final SICBlockCipher ctr;
  private final KeyParameter ctrKey;

  public AesSiv(byte[] key) throws GeneralSecurityException {
    if (key == null || (key.length != 32 && key.length != 48 && key.length != 64)) {
      throw new java.security.InvalidKeyException(
          "AES-SIV key must be 32, 48 or 64 bytes. Provided length: "
              + (key == null ? "null" : key.length));
    }
    int half = key.length / 2;
    cmac = new CMac(AESEngine.newInstance());
    cmac.init(new KeyParameter(key, 0, half));
    ctr = new SICBlockCipher(AESEngine.newInstance());
    ctrKey = new KeyParameter(key, half, half);
  }

  /** Returns V || C for the plaintext under the associated-data strings, in order. */
  public byte[] encrypt(byte[] plaintext, byte[]... associatedData) {
    byte[] v = s2v(associatedData, plaintext);
    byte[] out = new byte[BLOCK + plaintext.length];
    System.arraycopy(v, 0, out, 0, BLOCK);
    ctr(v, plaintext, 0, plaintext.length, out, BLOCK);
    return out;
  }

  /** Inverts {@link #encrypt}; throws {@link AEADBadTagException} if authentication fails. */
  public byte[] decrypt(byte[] ciphertext, byte[]... associatedData) throws AEADBadTagException {
    if (ciphertext.length < BLOCK) {
      throw new AEADBadTagException("ciphertext too short");
    }
    byte[] v = Arrays.copyOfRange(ciphertext, 0, BLOCK);
    byte[] plain = new byte[ciphertext.length - BLOCK];
    ctr(v, ciphertext, BLOCK, plain.length, plain, 0);
    byte[] expected = s2v(associatedData, plain);
    if (!MessageDigest.isEqual(expected, v)) {
      Arrays.fill(plain, (byte) 0);
      throw new AEADBadTagException("AES-SIV authentication failed");
    }
    return plain;
  }

  private void ctr(byte[] v, byte[] in, int inOff, int len, byte[] out, int outOff) {
    byte[] q = v.clone();
    q[8] &= 0x7f;
    q[12] &= 0x7f;
    ctr.init(true, new ParametersWithIV(ctrKey, q));
    ctr.processBytes(in, inOff, len, out, outOff);
  }

  private byte[] s2v(byte[][] ad, byte[] plaintext) {
    byte[] d = mac(ZERO_BLOCK);
    for (byte[] s : ad) {
      d = xor(dbl(d), mac(s));
    }
    byte[] t;
    if (plaintext.length >= BLOCK) {
      t = plaintext.clone();
      int off = t.length - BLOCK;
      for (int i = 0; i < BLOCK; i++) {
        t[off + i] ^= d[i];
      }
    } else {
      byte[] padded = new byte[BLOCK];
      System.arraycopy(plaintext, 0, padded, 0, plaintext.length);
      padded[plaintext.length] = (byte) 0x80;
      t = xor(dbl(d), padded);
    }
    return mac(t);
  }

  private byte[] mac(byte[] data) {
    byte[] out = new byte[BLOCK];
    cmac.update(data, 0, data.length);
    cmac.doFinal(out, 0);
    return out;
  }

  private static byte[] dbl(byte[] s) {
    byte[] r = new byte[BLOCK];
    int carry = 0;
    for (int i = BLOCK - 1; i >= 0; i--) {
      int b = s[i] & 0xff;
      r[i] = (byte) ((b << 1) | carry);
      carry = b >>> 7;
    }
    if ((s[0] & 0x80) != 0) {
      r[BLOCK - 1] ^= (byte) 0x87;
    }
    return r;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }
}
