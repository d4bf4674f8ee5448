package se.tillit.dp.accounting.internal;

/**
 * An in-place iterative radix-2 complex FFT on split real/imaginary double arrays, and the
 * convolutions that privacy loss distributions need.
 *
 * <p>Twiddle factors are computed directly with {@link Math#cos}/{@link Math#sin} (one eighth of
 * the circle, the rest by symmetry) rather than by recurrence, so the round-off of a transform of
 * length n stays near {@code 1e-16 * log2(n)} relative to the input's L1 norm.
 */
public final class Fft {
  private Fft() {}

  /** Largest transform length this class will allocate (2^23 points, 128 MiB of work arrays). */
  public static final int MAX_LENGTH = 1 << 23;

  /** Below this many multiply-adds a direct convolution is used instead of FFT. */
  private static final long DIRECT_CONVOLUTION_LIMIT = 1L << 22;

  /** The smallest power of two that is >= n (n >= 1). */
  public static int nextPowerOfTwo(long n) {
    if (n > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "FFT length must be <= " + MAX_LENGTH + ". Provided value: " + n);
    }
    int m = 1;
    while (m < n) {
      m <<= 1;
    }
    return m;
  }

  /**
   * Transforms {@code re + i*im} in place. The forward transform uses {@code exp(-2 pi i jk/n)};
   * the inverse uses the conjugate kernel and divides by n.
   */
  public static void transform(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    if (n != im.length || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException(
          "FFT length must be a power of two. Provided value: " + n);
    }
    if (n == 1) {
      return;
    }
    // Bit-reversal permutation.
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    double[] cos = new double[n / 2];
    double[] sin = new double[n / 2];
    twiddles(n, cos, sin);
    double sign = inverse ? 1.0 : -1.0;
    for (int len = 2; len <= n; len <<= 1) {
      int half = len >> 1;
      int step = n / len;
      for (int start = 0; start < n; start += len) {
        for (int k = 0, t = 0; k < half; k++, t += step) {
          double wr = cos[t];
          double wi = sign * sin[t];
          int a = start + k;
          int b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
    if (inverse) {
      double scale = 1.0 / n;
      for (int i = 0; i < n; i++) {
        re[i] *= scale;
        im[i] *= scale;
      }
    }
  }

  /** cos(2 pi k / n) and sin(2 pi k / n) for k < n/2. */
  private static void twiddles(int n, double[] cos, double[] sin) {
    int quarter = n / 4;
    if (quarter == 0) {
      cos[0] = 1.0;
      sin[0] = 0.0;
      return;
    }
    int eighth = n / 8;
    for (int k = 0; k <= eighth; k++) {
      double angle = 2.0 * Math.PI * k / n;
      cos[k] = Math.cos(angle);
      sin[k] = Math.sin(angle);
    }
    // pi/4 .. pi/2 by reflection: cos(pi/2 - x) = sin(x).
    for (int k = eighth + 1; k <= quarter && k < n / 2; k++) {
      cos[k] = sin[quarter - k];
      sin[k] = cos[quarter - k];
    }
    // pi/2 .. pi: cos(pi/2 + x) = -sin(x), sin(pi/2 + x) = cos(x).
    for (int k = quarter + 1; k < n / 2; k++) {
      cos[k] = -sin[k - quarter];
      sin[k] = cos[k - quarter];
    }
  }

  /** The linear convolution of a and b (length a.length + b.length - 1). */
  public static double[] convolve(double[] a, double[] b) {
    int outLength = a.length + b.length - 1;
    if ((long) a.length * b.length <= DIRECT_CONVOLUTION_LIMIT
        || Math.min(a.length, b.length) <= 64) {
      double[] out = new double[outLength];
      for (int i = 0; i < a.length; i++) {
        double ai = a[i];
        if (ai == 0.0) {
          continue;
        }
        for (int j = 0; j < b.length; j++) {
          out[i + j] += ai * b[j];
        }
      }
      return out;
    }
    int n = nextPowerOfTwo(outLength);
    // Both real inputs in one complex transform: z = a + i b.
    double[] re = new double[n];
    double[] im = new double[n];
    System.arraycopy(a, 0, re, 0, a.length);
    System.arraycopy(b, 0, im, 0, b.length);
    transform(re, im, false);
    // A_k = (Z_k + conj(Z_{n-k})) / 2, B_k = (Z_k - conj(Z_{n-k})) / (2i); product A_k B_k.
    double[] pr = new double[n];
    double[] pi = new double[n];
    for (int k = 0; k < n; k++) {
      int m = (n - k) & (n - 1);
      double ar = 0.5 * (re[k] + re[m]);
      double ai = 0.5 * (im[k] - im[m]);
      double br = 0.5 * (im[k] + im[m]);
      double bi = -0.5 * (re[k] - re[m]);
      pr[k] = ar * br - ai * bi;
      pi[k] = ar * bi + ai * br;
    }
    transform(pr, pi, true);
    double[] out = new double[outLength];
    System.arraycopy(pr, 0, out, 0, outLength);
    return out;
  }

  /**
   * The {@code times}-fold self-convolution of {@code input}, computed modulo {@code length}
   * (a power of two): entry j of the result is the total of the exact self-convolution at every
   * index congruent to j. The caller picks a length and window such that the mass that wraps
   * around is negligible.
   */
  public static double[] selfConvolveCyclic(double[] input, long times, int length) {
    if (input.length > length) {
      throw new IllegalArgumentException(
          "FFT length must be >= input length (" + input.length + "). Provided value: " + length);
    }
    double[] re = new double[length];
    double[] im = new double[length];
    System.arraycopy(input, 0, re, 0, input.length);
    transform(re, im, false);
    for (int k = 0; k < length; k++) {
      power(re, im, k, times);
    }
    transform(re, im, true);
    return re;
  }

  /** Raises (re[k], im[k]) to the given power by repeated squaring, flushing tiny values. */
  private static void power(double[] re, double[] im, int k, long times) {
    double br = re[k];
    double bi = im[k];
    double rr = 1.0;
    double ri = 0.0;
    long e = times;
    while (true) {
      if ((e & 1) != 0) {
        double t = rr * br - ri * bi;
        ri = rr * bi + ri * br;
        rr = t;
        if (rr * rr + ri * ri < 1e-290) {
          rr = 0.0;
          ri = 0.0;
          break;
        }
      }
      e >>= 1;
      if (e == 0) {
        break;
      }
      double t = br * br - bi * bi;
      bi = 2 * br * bi;
      br = t;
      if (br * br + bi * bi < 1e-290) {
        // |base| only shrinks (|z| <= 1 for a sub-probability vector), so the result underflows.
        rr = 0.0;
        ri = 0.0;
        break;
      }
    }
    re[k] = rr;
    im[k] = ri;
  }
}
