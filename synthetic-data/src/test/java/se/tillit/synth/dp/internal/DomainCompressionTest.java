package se.tillit.synth.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainCompressionTest {
  private static final int[] DOMAIN = {5, 3};
  // threshold 4 sigma = 40: column 0 keeps values 0 and 2, merges 1, 3, 4; column 1 has one rare
  // value only, so it stays as it is
  private static final List<Measurement> ONE_WAY = List.of(
      new Measurement(new int[] {0}, new double[] {1000, 30, 2000, -5, 10}, 10),
      new Measurement(new int[] {1}, new double[] {500, 600, 3}, 10));

  @Test
  void fromOneWay_valuesBelowThreshold_mergedIntoLastCode() {
    DomainCompression c = DomainCompression.fromOneWay(DOMAIN, ONE_WAY);

    assertThat(c.isIdentity()).isFalse();
    assertThat(c.compressedDomain()).containsExactly(3, 3);
    assertThat(c.codeMaps()[0]).containsExactly(0, 2, 1, 2, 2);
    assertThat(c.codeMaps()[1]).containsExactly(0, 1, 2);
  }

  @Test
  void compress_rareCells_summedWithSummedVariance() {
    DomainCompression c = DomainCompression.fromOneWay(DOMAIN, ONE_WAY);

    Measurement m = c.compress(ONE_WAY.get(0));

    assertThat(m.noisy()).containsExactly(1000, 2000, 35);
    assertThat(m.variance(0)).isEqualTo(100);
    assertThat(m.variance(2)).isEqualTo(300);
    assertThat(m.totalVariance()).isEqualTo(500);
  }

  @Test
  void expand_rareBucket_spreadByClippedNoisyCounts() {
    DomainCompression c = DomainCompression.fromOneWay(DOMAIN, ONE_WAY);
    // compressed column 0 given nothing: weights 0.2, 0.4, 0.4 (the rare bucket)
    ForwardSampler.Step step =
        new ForwardSampler.Step(new int[0], new int[] {0}, new double[] {0.2, 0.4, 0.4});

    double[] w = c.expand(step).weights();

    // rare values 1, 3, 4 with noisy counts 30, -5 (clipped to 0), 10
    assertThat(w).containsExactly(new double[] {0.2, 0.3, 0.4, 0.0, 0.1}, within(1e-12));
  }

  @Test
  void expand_givenCompressedColumn_usesItsCompressedCell() {
    DomainCompression c = DomainCompression.fromOneWay(DOMAIN, ONE_WAY);
    // column 1 (3 values, not compressed) given column 0 (3 compressed cells)
    double[] table = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    ForwardSampler.Step step = new ForwardSampler.Step(new int[] {0}, new int[] {1}, table);

    double[] w = c.expand(step).weights();

    assertThat(w).hasSize(15);
    // original value 3 is rare (compressed cell 2): row 3 is the rare row (0, 0, 1)
    assertThat(new double[] {w[9], w[10], w[11]}).containsExactly(0, 0, 1);
    // original value 2 is kept as compressed cell 1
    assertThat(new double[] {w[6], w[7], w[8]}).containsExactly(0, 1, 0);
  }

  @Test
  void none_isIdentity() {
    assertThat(DomainCompression.none(DOMAIN).isIdentity()).isTrue();
    assertThat(DomainCompression.none(DOMAIN).compressedDomain()).containsExactly(DOMAIN);
  }
}
