package se.tillit.pseudonymize.ner.internal;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain; the reference is
 * {@code MurmurHash3_x86_32} in SMHasher's MurmurHash3.cpp). Implemented here so that the hashed
 * feature layout of the NER model never depends on a library version: every agency that hashes the
 * same feature string with the same seed gets the same bucket.
 */
public final class MurmurHash3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private MurmurHash3() {}

  /** Hash of the UTF-8 bytes of {@code s}. */
  public static int hash32(CharSequence s, int seed) {
    return hash32(s.toString().getBytes(StandardCharsets.UTF_8), seed);
  }

  /** Hash of {@code data} (little-endian 4-byte blocks, as in the reference). */
  public static int hash32(byte[] data, int seed) {
    int h1 = seed;
    int len = data.length;
    int nblocks = len >>> 2;
    for (int i = 0; i < nblocks; i++) {
      int j = i << 2;
      int k1 =
          (data[j] & 0xff)
              | ((data[j + 1] & 0xff) << 8)
              | ((data[j + 2] & 0xff) << 16)
              | ((data[j + 3] & 0xff) << 24);
      k1 *= C1;
      k1 = Integer.rotateLeft(k1, 15);
      k1 *= C2;
      h1 ^= k1;
      h1 = Integer.rotateLeft(h1, 13);
      h1 = h1 * 5 + 0xe6546b64;
    }
    int tail = nblocks << 2;
    int k1 = 0;
    switch (len & 3) {
      case 3:
        k1 ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k1 ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k1 ^= data[tail] & 0xff;
        k1 *= C1;
        k1 = Integer.rotateLeft(k1, 15);
        k1 *= C2;
        h1 ^= k1;
        break;
      default:
        break;
    }
    h1 ^= len;
    h1 ^= h1 >>> 16;
    h1 *= 0x85ebca6b;
    h1 ^= h1 >>> 13;
    h1 *= 0xc2b2ae35;
    h1 ^= h1 >>> 16;
    return h1;
  }
}
