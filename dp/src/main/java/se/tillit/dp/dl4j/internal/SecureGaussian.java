package se.tillit.dp.dl4j.internal;

import java.security.SecureRandom;

/**
 * Vectorised standard normal samples drawn from a {@link SecureRandom}: bytes are read in bulk
 * with {@link SecureRandom#nextBytes(byte[])} and turned into pairs of normals by the Box-Muller
 * transform. One call to {@code nextBytes} per block of 512 pairs keeps the cost of the
 * synchronised {@code SecureRandom} low compared to one {@code nextGaussian()} per coordinate.
 *
 * <p>Each pair uses 2 x 53 random bits: {@code u1} uniform on the grid {@code (0, 1]} (so that
 * {@code log(u1)} is finite) and {@code u2} uniform on {@code [0, 1)}. The result is N(0, 1) up to
 * the 53-bit discretisation of the uniforms and double rounding. Like the rest of DP-SGD it is a
 * floating-point mechanism: it does not defend against the floating-point attacks of Mironov
 * (CCS 2012) that snapping mechanisms address.
 *
 * <p>Internal: not part of the public API.
 */
public final class SecureGaussian {
  private static final int PAIRS_PER_BLOCK = 512;
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  private SecureGaussian() {}

  /** Fills {@code out} with independent N(0, stddev^2) samples. */
  public static void fill(SecureRandom random, double stddev, double[] out) {
    byte[] block = new byte[PAIRS_PER_BLOCK * 16];
    int i = 0;
    while (i < out.length) {
      int pairs = Math.min(PAIRS_PER_BLOCK, (out.length - i + 1) / 2);
      random.nextBytes(block);
      for (int p = 0; p < pairs; p++) {
        long a = readLong(block, 16 * p) >>> 11; // 53 bits
        long b = readLong(block, 16 * p + 8) >>> 11;
        double u1 = (a + 1) * TWO_POW_MINUS_53; // (0, 1]
        double u2 = b * TWO_POW_MINUS_53; // [0, 1)
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double theta = 2.0 * Math.PI * u2;
        out[i++] = stddev * r * Math.cos(theta);
        if (i < out.length) {
          out[i++] = stddev * r * Math.sin(theta);
        }
      }
    }
  }

  /** Returns {@code n} independent N(0, stddev^2) samples. */
  public static double[] sample(SecureRandom random, double stddev, int n) {
    double[] out = new double[n];
    fill(random, stddev, out);
    return out;
  }

  private static long readLong(byte[] bytes, int offset) {
    long v = 0;
    for (int k = 0; k < 8; k++) {
      v = (v << 8) | (bytes[offset + k] & 0xFFL);
    }
    return v;
  }
}
