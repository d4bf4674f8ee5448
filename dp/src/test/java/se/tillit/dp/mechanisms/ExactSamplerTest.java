package se.tillit.dp.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.mechanisms.internal.ExactSampler;
import se.tillit.dp.mechanisms.internal.Lattice;
import se.tillit.dp.mechanisms.internal.Rational;

class ExactSamplerTest {
  private final ExactSampler sampler = new ExactSampler(Randomness.insecureSeededForTesting(5));

  @Test
  public void rationalOfDouble_isExact() {
    assertThat(Rational.ofDouble(0.1))
        .isEqualTo(Rational.of(BigInteger.valueOf(3602879701896397L), BigInteger.ONE.shiftLeft(55)));
    assertThat(Rational.ofDouble(-2.5)).isEqualTo(Rational.of(-5, 2));
    assertThat(Rational.ofDouble(1e20).denominator()).isEqualTo(BigInteger.ONE);
    assertThat(Rational.of(6, -4)).isEqualTo(Rational.of(-3, 2));
    assertThat(Rational.of(-7, 2).floor()).isEqualTo(BigInteger.valueOf(-4));
  }

  @Test
  public void rationalOfDouble_nonFinite_throws() {
    assertThatThrownBy(() -> Rational.ofDouble(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void bernoulliExpMinus_zero_alwaysTrue() {
    for (int i = 0; i < 100; i++) {
      assertThat(sampler.bernoulliExpMinus(Rational.ZERO)).isTrue();
    }
  }

  @Test
  public void bernoulli_zeroAndOne_deterministic() {
    for (int i = 0; i < 100; i++) {
      assertThat(sampler.bernoulli(Rational.ZERO)).isFalse();
      assertThat(sampler.bernoulli(Rational.ONE)).isTrue();
    }
  }

  @Test
  public void uniformBelow_staysInRange() {
    BigInteger n = BigInteger.valueOf(37);
    for (int i = 0; i < 500; i++) {
      BigInteger u = sampler.uniformBelow(n);
      assertThat(u.signum()).isGreaterThanOrEqualTo(0);
      assertThat(u).isLessThan(n);
    }
    assertThat(sampler.uniformBelow(BigInteger.ONE)).isEqualTo(BigInteger.ZERO);
  }

  @Test
  public void invalidArguments_throw() {
    assertThatThrownBy(() -> sampler.uniformBelow(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sampler.bernoulli(Rational.of(3, 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sampler.bernoulliExpMinus(Rational.of(-1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sampler.discreteLaplace(Rational.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sampler.discreteGaussian(Rational.of(-1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void samplers_sameSeed_reproducible() {
    ExactSampler a = new ExactSampler(Randomness.insecureSeededForTesting(99));
    ExactSampler b = new ExactSampler(Randomness.insecureSeededForTesting(99));
    Rational s2 = Rational.of(1_000_000_007L, 3);
    for (int i = 0; i < 30; i++) {
      assertThat(a.discreteGaussian(s2)).isEqualTo(b.discreteGaussian(s2));
      assertThat(a.discreteLaplace(Rational.of(5, 2))).isEqualTo(b.discreteLaplace(Rational.of(5, 2)));
      assertThat(a.bernoulliExpMinus(Rational.of(7, 3))).isEqualTo(b.bernoulliExpMinus(Rational.of(7, 3)));
    }
  }

  @Test
  public void discreteGaussian_hugeSigma_works() {
    // sigma ~ 2^60: arithmetic is exact BigInteger, no overflow.
    Rational s2 = Rational.of(BigInteger.ONE.shiftLeft(120), BigInteger.ONE);
    BigInteger y = sampler.discreteGaussian(s2);
    assertThat(y.abs()).isLessThan(BigInteger.ONE.shiftLeft(66));
  }

  @Test
  public void lattice_nearestIndex_isShiftInvariantAtHalves() {
    double g = 0.25;
    // x = -g/2 and x + g = g/2 must land exactly one step apart (half up, not half even).
    BigInteger a = Lattice.nearestIndex(new java.math.BigDecimal(-0.125), g);
    BigInteger b = Lattice.nearestIndex(new java.math.BigDecimal(0.125), g);
    assertThat(b.subtract(a)).isEqualTo(BigInteger.ONE);
    assertThat(Lattice.ceilPowerOfTwo(3.0)).isEqualTo(4.0);
    assertThat(Lattice.ceilPowerOfTwo(4.0)).isEqualTo(4.0);
    assertThat(Lattice.ceilPowerOfTwo(0.3)).isEqualTo(0.5);
  }
}
