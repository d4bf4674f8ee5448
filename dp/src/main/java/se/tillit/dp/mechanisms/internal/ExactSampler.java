package se.tillit.dp.mechanisms.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020, arXiv:2004.00010), Algorithms 1 to 3. Every decision compares uniformly random
 * integers with exact integers: no floating-point number enters a sampling decision, so the output
 * distribution is exactly the stated one (given a perfect source of random bits).
 *
 * <p>The only source of randomness is the {@link SecureRandom} passed in. Not thread-safe if the
 * generator is shared without synchronisation (SecureRandom itself is thread-safe).
 */
public final class ExactSampler {
  private static final BigInteger TWO = BigInteger.TWO;

  private final SecureRandom random;

  public ExactSampler(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Uniform on {@code {0, 1, ..., n - 1}}; {@code n >= 1}. Rejection sampling on random bits. */
  public BigInteger uniformBelow(BigInteger n) {
    if (n.signum() <= 0) {
      throw new IllegalArgumentException("n must be >= 1. Provided value: " + n);
    }
    int bits = n.subtract(BigInteger.ONE).bitLength();
    if (bits == 0) {
      return BigInteger.ZERO;
    }
    while (true) {
      BigInteger r = new BigInteger(bits, random);
      if (r.compareTo(n) < 0) {
        return r;
      }
    }
  }

  /** Bernoulli({@code num / den}) for {@code 0 <= num <= den}, {@code den >= 1}. */
  public boolean bernoulli(BigInteger num, BigInteger den) {
    return uniformBelow(den).compareTo(num) < 0;
  }

  /** Bernoulli({@code p}) for an exact {@code p} in [0, 1]. */
  public boolean bernoulli(Rational p) {
    if (p.signum() < 0 || p.compareTo(Rational.ONE) > 0) {
      throw new IllegalArgumentException("p must be >= 0 and <= 1. Provided value: " + p);
    }
    return bernoulli(p.numerator(), p.denominator());
  }

  /**
   * Bernoulli(exp(-gamma)) for an exact {@code gamma >= 0} (CKS 2020, Algorithm 1).
   */
  public boolean bernoulliExpMinus(Rational gamma) {
    if (gamma.signum() < 0) {
      throw new IllegalArgumentException("gamma must be >= 0. Provided value: " + gamma);
    }
    return bernoulliExpMinus(gamma.numerator(), gamma.denominator());
  }

  /** Bernoulli(exp(-num/den)), {@code num >= 0}, {@code den >= 1}. */
  boolean bernoulliExpMinus(BigInteger num, BigInteger den) {
    if (num.compareTo(den) <= 0) {
      return bernoulliExpMinusAtMostOne(num, den);
    }
    BigInteger[] qr = num.divideAndRemainder(den);
    // exp(-gamma) = exp(-1)^floor(gamma) * exp(-(gamma - floor(gamma))): independent trials,
    // stop at the first failure.
    for (BigInteger k = BigInteger.ZERO; k.compareTo(qr[0]) < 0; k = k.add(BigInteger.ONE)) {
      if (!bernoulliExpMinusAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
        return false;
      }
    }
    return bernoulliExpMinusAtMostOne(qr[1], den);
  }

  /**
   * Bernoulli(exp(-gamma)) for gamma = num/den in [0, 1]: draw A_k ~ Bernoulli(gamma / k) for
   * k = 1, 2, ... until the first failure at k = K; P[K odd] = exp(-gamma).
   */
  private boolean bernoulliExpMinusAtMostOne(BigInteger num, BigInteger den) {
    BigInteger k = BigInteger.ONE;
    while (bernoulli(num, den.multiply(k))) {
      k = k.add(BigInteger.ONE);
    }
    return k.testBit(0);
  }

  /**
   * Geometric on {@code {0, 1, 2, ...}} with {@code P[Y = y] proportional to exp(-y s / t)}, for
   * positive integers {@code s, t} (the inner part of CKS 2020, Algorithm 2).
   */
  public BigInteger geometric(BigInteger t, BigInteger s) {
    checkPositive("t", t);
    checkPositive("s", s);
    while (true) {
      BigInteger u = uniformBelow(t);
      if (!bernoulliExpMinus(u, t)) {
        continue;
      }
      // V ~ Geometric(1 - exp(-1)) on {0, 1, ...}; U + t V is then geometric with ratio exp(-1/t).
      BigInteger v = BigInteger.ZERO;
      while (bernoulliExpMinusAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
        v = v.add(BigInteger.ONE);
      }
      return u.add(t.multiply(v)).divide(s);
    }
  }

  /**
   * Discrete Laplace with {@code P[Y = y] proportional to exp(-|y| / scale)} on the integers, for an
   * exact {@code scale > 0} (CKS 2020, Algorithm 2 with scale = t/s).
   */
  public BigInteger discreteLaplace(Rational scale) {
    if (scale.signum() <= 0) {
      throw new IllegalArgumentException("scale must be > 0. Provided value: " + scale);
    }
    BigInteger t = scale.numerator();
    BigInteger s = scale.denominator();
    while (true) {
      BigInteger y = geometric(t, s);
      boolean negative = random.nextBoolean();
      if (negative && y.signum() == 0) {
        continue; // otherwise zero would be drawn twice as often as it should
      }
      return negative ? y.negate() : y;
    }
  }

  /**
   * Discrete Gaussian with {@code P[Y = y] proportional to exp(-y^2 / (2 sigma^2))} on the
   * integers, for an exact {@code sigmaSquared > 0} (CKS 2020, Algorithm 3): propose from a
   * discrete Laplace of integer scale {@code t = floor(sigma) + 1}, accept with probability
   * {@code exp(-(|y| - sigma^2/t)^2 / (2 sigma^2))}.
   */
  public BigInteger discreteGaussian(Rational sigmaSquared) {
    if (sigmaSquared.signum() <= 0) {
      throw new IllegalArgumentException(
          "sigma squared must be > 0. Provided value: " + sigmaSquared);
    }
    BigInteger n = sigmaSquared.numerator();
    BigInteger d = sigmaSquared.denominator();
    // floor(sqrt(n/d)) == floor(sqrt(floor(n/d)))
    BigInteger t = n.divide(d).sqrt().add(BigInteger.ONE);
    Rational laplaceScale = Rational.of(t);
    BigInteger twoNdT2 = TWO.multiply(n).multiply(d).multiply(t).multiply(t);
    while (true) {
      BigInteger y = discreteLaplace(laplaceScale);
      // gamma = (|y| - n/(d t))^2 / (2 n/d) = (|y| t d - n)^2 / (2 n d t^2)
      BigInteger a = y.abs().multiply(t).multiply(d).subtract(n);
      if (bernoulliExpMinus(a.multiply(a), twoNdT2)) {
        return y;
      }
    }
  }

  private static void checkPositive(String name, BigInteger value) {
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(name + " must be >= 1. Provided value: " + value);
    }
  }
}
