package se.tillit.synth.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportOptionsTest {
  @Test
  void defaults_documentedValues() {
    ReportOptions o = ReportOptions.defaults();
    assertThat(o.target()).isEmpty();
    assertThat(o.seed()).isEmpty();
    assertThat(o.bins()).isEqualTo(20);
    assertThat(o.maxQueryRows()).isEqualTo(5000);
    assertThat(o.holdoutFraction()).isEqualTo(0.2);
  }

  @Test
  void bins_outOfRange_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().bins(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bins must be >= 2 and <= 1000. Provided value: 1");
  }

  @Test
  void maxQueryRows_tooSmall_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().maxQueryRows(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxQueryRows must be >= 10");
  }

  @Test
  void maxReferenceRows_tooSmall_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().maxReferenceRows(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxReferenceRows must be >= 100");
  }

  @Test
  void holdoutFraction_outOfRange_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().holdoutFraction(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holdoutFraction must be > 0 and <= 0.9. Provided value: 0.0");
    assertThatThrownBy(() -> ReportOptions.builder().holdoutFraction(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trees_outOfRange_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().trees(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trees must be >= 1");
  }

  @Test
  void maxTrainRows_tooSmall_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().maxTrainRows(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTrainRows must be >= 10");
  }

  @Test
  void target_blank_throws() {
    assertThatThrownBy(() -> ReportOptions.builder().target(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be a column name");
  }

  @Test
  void toString_hidesSeed() {
    assertThat(ReportOptions.builder().seed(123456789L).build().toString())
        .doesNotContain("123456789");
  }
}
