package se.tillit.dp.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.tillit.dp.Randomness;
import se.tillit.dp.accounting.DpEvent;

class BoundedAggregationTest {
  private static final double HUGE_EPSILON = 1e9;

  private static BoundedSum.Builder sum() {
    return BoundedSum.builder().epsilon(1).maxPartitionsContributed(1).lower(0).upper(10);
  }

  private static BoundedMean.Builder mean() {
    return BoundedMean.builder().epsilon(1).maxPartitionsContributed(1).lower(0).upper(10);
  }

  private static BoundedCount.Builder count() {
    return BoundedCount.builder().epsilon(1).maxPartitionsContributed(1);
  }

  // ---- one test per invalid builder value ----------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0})
  public void epsilon_invalid_throws(double eps) {
    assertThatThrownBy(() -> BoundedSum.builder().epsilon(eps))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon must be");
    assertThatThrownBy(() -> BoundedMean.builder().epsilon(eps))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon must be");
    assertThatThrownBy(() -> BoundedCount.builder().epsilon(eps))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon must be");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, 1, -0.5, 1.5, Double.POSITIVE_INFINITY})
  public void delta_outsideOpenUnitInterval_throws(double delta) {
    assertThatThrownBy(() -> BoundedSum.builder().delta(delta))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta must be");
    assertThatThrownBy(() -> BoundedMean.builder().delta(delta))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta must be");
    assertThatThrownBy(() -> BoundedCount.builder().delta(delta))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta must be");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  public void maxPartitionsContributed_belowOne_throws(int v) {
    assertThatThrownBy(() -> BoundedSum.builder().maxPartitionsContributed(v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPartitionsContributed must be >= 1");
    assertThatThrownBy(() -> BoundedCount.builder().maxPartitionsContributed(v))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BoundedMean.builder().maxPartitionsContributed(v))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -3})
  public void maxContributionsPerPartition_belowOne_throws(int v) {
    assertThatThrownBy(() -> BoundedMean.builder().maxContributionsPerPartition(v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxContributionsPerPartition must be >= 1");
    assertThatThrownBy(() -> BoundedCount.builder().maxContributionsPerPartition(v))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BoundedSum.builder().maxContributionsPerPartition(v))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  public void bounds_nonFinite_throw(double b) {
    assertThatThrownBy(() -> BoundedSum.builder().lower(b))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower must be");
    assertThatThrownBy(() -> BoundedSum.builder().upper(b))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upper must be");
    assertThatThrownBy(() -> BoundedMean.builder().lower(b))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BoundedMean.builder().upper(b))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void build_lowerAboveUpper_throws() {
    assertThatThrownBy(() -> sum().lower(5).upper(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower must be <= upper");
    assertThatThrownBy(() -> mean().lower(5).upper(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower must be <= upper");
  }

  @Test
  public void noise_null_throws() {
    assertThatThrownBy(() -> BoundedSum.builder().noise(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void build_deltaWithLaplace_throws() {
    assertThatThrownBy(() -> sum().delta(1e-5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta must be unset for Laplace");
    assertThatThrownBy(() -> count().delta(1e-5).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- missing fields are named ---------------------------------------------------------------

  @Test
  public void build_missingEpsilon_namesIt() {
    assertThatThrownBy(() -> BoundedSum.builder().maxPartitionsContributed(1).lower(0).upper(1)
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("epsilon");
    assertThatThrownBy(() -> BoundedCount.builder().maxPartitionsContributed(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("epsilon");
  }

  @Test
  public void build_missingMaxPartitions_namesIt() {
    assertThatThrownBy(() -> BoundedMean.builder().epsilon(1).lower(0).upper(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxPartitionsContributed");
  }

  @Test
  public void build_missingBounds_namesThem() {
    assertThatThrownBy(() -> BoundedSum.builder().epsilon(1).maxPartitionsContributed(1)
        .upper(1).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("lower");
    assertThatThrownBy(() -> BoundedMean.builder().epsilon(1).maxPartitionsContributed(1)
        .lower(1).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("upper");
  }

  @Test
  public void build_gaussianWithoutDelta_namesDelta() {
    assertThatThrownBy(() -> sum().noise(NoiseKind.GAUSSIAN).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("delta");
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  @Test
  public void computeResult_twice_throws() {
    BoundedSum s = sum().build();
    s.computeResult();
    assertThatThrownBy(s::computeResult).isInstanceOf(IllegalStateException.class);
    BoundedMean m = mean().build();
    m.computeResult();
    assertThatThrownBy(m::computeResult).isInstanceOf(IllegalStateException.class);
    BoundedCount c = count().build();
    c.computeResult();
    assertThatThrownBy(c::computeResult).isInstanceOf(IllegalStateException.class);
  }

  @Test
  public void addEntry_afterResult_throws() {
    BoundedSum s = sum().build();
    s.computeResult();
    assertThatThrownBy(() -> s.addEntry(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.addEntries(List.of(1.0))).isInstanceOf(IllegalStateException.class);
    BoundedMean m = mean().build();
    m.computeResult();
    assertThatThrownBy(() -> m.addEntry(1)).isInstanceOf(IllegalStateException.class);
    BoundedCount c = count().build();
    c.computeResult();
    assertThatThrownBy(c::increment).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.addEntry("x")).isInstanceOf(IllegalStateException.class);
  }

  // ---- behaviour with (nearly) zero noise -----------------------------------------------------

  @Test
  public void boundedSum_hugeEpsilon_clampsEntries() {
    BoundedSum s = BoundedSum.builder().epsilon(HUGE_EPSILON).maxPartitionsContributed(1)
        .lower(-1).upper(2.5).build();
    s.addEntries(List.of(1.0, 2.0, 3.0, -7.0, Double.NaN, Double.POSITIVE_INFINITY));
    // 1 + 2 + 2.5 - 1 + (NaN ignored) + 2.5
    assertThat(s.computeResult()).isCloseTo(7.0, within(1e-5));
  }

  @Test
  public void boundedMean_hugeEpsilon_returnsClampedMean() {
    BoundedMean m = BoundedMean.builder().epsilon(HUGE_EPSILON).maxPartitionsContributed(1)
        .lower(0).upper(10).build();
    m.addEntries(List.of(2.0, 4.0, 30.0)); // 30 -> 10
    assertThat(m.computeResult()).isCloseTo(16.0 / 3, within(1e-5));
  }

  @Test
  public void boundedCount_hugeEpsilon_returnsCount() {
    BoundedCount c = BoundedCount.builder().epsilon(HUGE_EPSILON).maxPartitionsContributed(3)
        .maxContributionsPerPartition(2).build();
    c.increment();
    c.incrementBy(4);
    c.addEntries(List.of("a", "b"));
    assertThat(c.computeResult()).isEqualTo(7);
  }

  @Test
  public void gaussianNoise_largeEpsilon_isAccurate() {
    BoundedSum s = sum().epsilon(200).delta(0.1).noise(NoiseKind.GAUSSIAN).build();
    s.addEntries(List.of(1.0, 2.0));
    assertThat(s.computeResult()).isCloseTo(3.0, within(2.0));
  }

  @Test
  public void boundedMean_result_alwaysWithinBounds() {
    for (int i = 0; i < 200; i++) {
      BoundedMean m = BoundedMean.builder().epsilon(0.01).maxPartitionsContributed(1)
          .lower(-3).upper(5).random(Randomness.insecureSeededForTesting(i)).build();
      m.addEntry(1);
      assertThat(m.computeResult()).isBetween(-3.0, 5.0);
    }
  }

  @Test
  public void boundedSum_result_onGrid() {
    BoundedSum s = sum().random(Randomness.insecureSeededForTesting(3)).build();
    s.addEntry(3.3);
    double r = s.computeResult();
    // Sensitivity 10, epsilon 1: granularity 2^ceil(log2(10 / 2^40)) = 2^-36.
    assertThat(new BigDecimal(r).multiply(new BigDecimal(0x1p36)).stripTrailingZeros().scale())
        .isLessThanOrEqualTo(0);
  }

  @Test
  public void degenerateBounds_releaseConstantAndNoOp() {
    BoundedMean m = mean().lower(4).upper(4).build();
    m.addEntry(100);
    assertThat(m.dpEvent()).isEqualTo(new DpEvent.NoOp());
    assertThat(m.computeResult()).isEqualTo(4.0);
    BoundedSum s = sum().lower(0).upper(0).build();
    assertThat(s.dpEvent()).isEqualTo(new DpEvent.NoOp());
    assertThat(s.computeResult()).isEqualTo(0.0);
  }

  // ---- events --------------------------------------------------------------------------------

  @Test
  public void dpEvent_laplace_isOneOverEpsilon() {
    DpEvent e = BoundedCount.builder().epsilon(0.5).maxPartitionsContributed(4)
        .maxContributionsPerPartition(3).build().dpEvent();
    assertThat(((DpEvent.Laplace) e).noiseMultiplier()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  public void dpEvent_gaussianSum_usesL2SensitivityOverPartitions() {
    BoundedSum s = BoundedSum.builder().epsilon(1).delta(1e-6).noise(NoiseKind.GAUSSIAN)
        .maxPartitionsContributed(4).maxContributionsPerPartition(2).lower(-3).upper(1).build();
    // L2 sensitivity sqrt(4) * 2 * 3 = 12; the event is sigma / 12 = sigmaFor(1, 1e-6, 1).
    double nm = ((DpEvent.Gaussian) s.dpEvent()).noiseMultiplier();
    assertThat(nm).isCloseTo(GaussianNoise.sigmaFor(1, 1e-6, 1), within(1e-6));
  }

  @Test
  public void dpEvent_mean_composesHalfBudgets() {
    BoundedMean m = mean().build();
    DpEvent.Composed c = (DpEvent.Composed) m.dpEvent();
    assertThat(c.events()).hasSize(2);
    for (DpEvent e : c.events()) {
      assertThat(((DpEvent.Laplace) e).noiseMultiplier()).isCloseTo(2.0, within(1e-9));
    }
    BoundedMean g = mean().noise(NoiseKind.GAUSSIAN).delta(1e-5).build();
    DpEvent.Composed cg = (DpEvent.Composed) g.dpEvent();
    for (DpEvent e : cg.events()) {
      assertThat(((DpEvent.Gaussian) e).noiseMultiplier())
          .isCloseTo(GaussianNoise.sigmaFor(0.5, 0.5e-5, 1), within(1e-6));
    }
  }
}
