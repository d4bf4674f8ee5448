package se.tillit.fl.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.v1.ClientLevelDp;
import se.tillit.fl.protocol.v1.PrivacySettings;

class ClipStepTest {
  private static PrivacyStep.Update update(double[] v, double clip, boolean report) {
    return new PrivacyStep.Update(v, PrivacySettings.newBuilder()
        .setClientLevel(ClientLevelDp.newBuilder().setClipNorm(clip).setReportUnclipped(report))
        .build());
  }

  @Test
  void apply_normAboveBound_scaledToBound() {
    PrivacyStep.Update u = update(new double[] {3, 4}, 1.0, true);
    new ClipStep().apply(u);
    assertThat(se.tillit.dp.fedavg.ClientLevelDp.l2Norm(u.values()))
        .isLessThanOrEqualTo(1.0).isGreaterThan(0.9999);
    assertThat(u.values()[0] / u.values()[1]).isEqualTo(0.75);
    assertThat(u.metrics()).containsEntry("dp.unclipped", 0.0);
  }

  @Test
  void apply_normWithinBound_unchangedAndReportedUnclipped() {
    PrivacyStep.Update u = update(new double[] {0.3, 0.4}, 1.0, true);
    new ClipStep().apply(u);
    assertThat(u.values()).containsExactly(0.3, 0.4);
    assertThat(u.metrics()).containsEntry("dp.unclipped", 1.0);
  }

  @Test
  void apply_noClientLevelSettings_nothing() {
    PrivacyStep.Update u = new PrivacyStep.Update(new double[] {30, 40},
        PrivacySettings.getDefaultInstance());
    new ClipStep().apply(u);
    assertThat(u.values()).containsExactly(30, 40);
    assertThat(u.metrics()).isEmpty();
  }

  @Test
  void l2Norm_hugeValues_noOverflow() {
    assertThat(se.tillit.dp.fedavg.ClientLevelDp.l2Norm(new double[] {3e200, 4e200}) / 5e200)
        .isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-15));
  }
}
