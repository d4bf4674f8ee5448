package se.tillit.dp.fedavg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.accounting.RdpAccountant;

class ClientLevelDpTest {

  @Test
  void clipInPlace_aboveClipNorm_scalesToClipNormAndReturnsOriginalNorm() {
    double[] u = {3, 4};

    double norm = ClientLevelDp.clipInPlace(u, 1.0);

    assertThat(norm).isEqualTo(5.0);
    assertThat(u[0]).isCloseTo(0.6, within(1e-15));
    assertThat(u[1]).isCloseTo(0.8, within(1e-15));
    assertThat(ClientLevelDp.l2Norm(u)).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void clipInPlace_atOrBelowClipNorm_unchanged() {
    double[] u = {3, 4};

    assertThat(ClientLevelDp.clipInPlace(u, 5.0)).isEqualTo(5.0);
    assertThat(u).containsExactly(3, 4);
    assertThat(ClientLevelDp.clipInPlace(new double[0], 1.0)).isZero();
  }

  @Test
  void clipInPlace_badInput_rejectedAndUnchanged() {
    double[] u = {1, Double.NaN};
    assertThatThrownBy(() -> ClientLevelDp.clipInPlace(u, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThat(u[0]).isEqualTo(1.0);
    for (double c : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ClientLevelDp.clipInPlace(new double[] {1}, c))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("clip norm");
    }
  }

  @Test
  void l2Norm_hugeAndTinyValues_noOverflowOrUnderflow() {
    assertThat(ClientLevelDp.l2Norm(new double[] {3e300, 4e300})).isCloseTo(5e300, within(1e286));
    assertThat(ClientLevelDp.l2Norm(new double[] {3e-300, 4e-300}))
        .isCloseTo(5e-300, within(1e-313));
  }

  @Test
  void addNoise_zeroStd_unchanged_negativeRejected() {
    double[] v = {1, 2};
    ClientLevelDp.addNoise(v, 0, Randomness.secure());
    assertThat(v).containsExactly(1, 2);
    assertThatThrownBy(() -> ClientLevelDp.addNoise(v, -1, Randomness.secure()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addNoise_largeVector_everyEntryNoisedAcrossBlocks() {
    double[] v = new double[200_000];
    ClientLevelDp.addNoise(v, 1.0, Randomness.insecureSeededForTesting(5));
    int zeros = 0;
    double ss = 0;
    for (double x : v) {
      zeros += x == 0 ? 1 : 0;
      ss += x * x;
    }
    assertThat(zeros).isZero();
    assertThat(Math.sqrt(ss / v.length)).isCloseTo(1.0, within(0.01));
  }

  @Test
  void roundsEvent_shapes() {
    assertThat(ClientLevelDp.roundsEvent(1.1, 1.0, 1)).isEqualTo(new DpEvent.Gaussian(1.1));
    assertThat(ClientLevelDp.roundsEvent(1.1, 1.0, 10))
        .isEqualTo(new DpEvent.SelfComposed(new DpEvent.Gaussian(1.1), 10));
    assertThat(ClientLevelDp.roundsEvent(1.1, 0.05, 10)).isEqualTo(new DpEvent.SelfComposed(
        new DpEvent.PoissonSampled(0.05, new DpEvent.Gaussian(1.1)), 10));
    assertThatThrownBy(() -> ClientLevelDp.roundsEvent(0, 1, 1))
        .hasMessageContaining("noise multiplier");
    assertThatThrownBy(() -> ClientLevelDp.roundsEvent(1, 1.5, 1))
        .hasMessageContaining("sampling rate");
    assertThatThrownBy(() -> ClientLevelDp.roundsEvent(1, 1, 0)).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void epsilon_noSampling_equalsOneGaussianOfCombinedMultiplier() {
    // T Gaussians with multiplier z compose to one with multiplier z / sqrt(T).
    double eps = ClientLevelDp.epsilon(2.0, 1.0, 16, 1e-5);
    double expected = new PldAccountant().epsilon(new DpEvent.Gaussian(0.5), 1e-5);

    assertThat(eps).isCloseTo(expected, within(1e-9 * expected));
  }

  @Test
  void epsilon_sampling_amplifiesAndAgreesWithRdpBound() {
    double sampled = ClientLevelDp.epsilon(1.0, 0.1, 100, 1e-5);
    double full = ClientLevelDp.epsilon(1.0, 1.0, 100, 1e-5);
    double rdp = new RdpAccountant().epsilon(ClientLevelDp.roundsEvent(1.0, 0.1, 100), 1e-5);

    assertThat(sampled).isLessThan(full / 3);
    // PLD is tighter than the RDP conversion but in the same range.
    assertThat(sampled).isLessThanOrEqualTo(rdp).isGreaterThan(rdp / 2);
  }
}
