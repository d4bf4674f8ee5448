package se.tillit.fl.client;

import se.tillit.dp.fedavg.ClientLevelDp;

/**
 * Client-level DP-FedAvg clipping (McMahan et al. 2018; Andrew et al. 2021): when the task's
 * {@code privacy.client_level} is set, scales the whole update (all tensors together) to L2 norm at
 * most {@code clip_norm}, and with {@code report_unclipped} adds the metric {@code dp.unclipped}: 1
 * if the norm was already within the bound, 0 if it was clipped (the coordinator noises the count
 * of these bits for adaptive clipping).
 *
 * <p>The update is scaled to {@code clip_norm * (1 - 2^-20)} rather than exactly {@code
 * clip_norm}, so that it stays within the bound after conversion to FLOAT32 (which changes each
 * element by at most a relative 2^-24). The dp module has no client clipping helper in this tree
 * (no {@code se.tillit.dp.fedavg}), so the clipping is done here.
 */
public final class ClipStep implements PrivacyStep {
  /** Relative margin kept below the bound. */
  static final double MARGIN = 0x1p-20;

  @Override
  public String name() {
    return "clip";
  }

  @Override
  public void apply(Update update) {
    if (!update.settings().hasClientLevel()) {
      return;
    }
    double bound = update.settings().getClientLevel().getClipNorm();
    if (!(bound > 0) || Double.isInfinite(bound)) {
      throw new IllegalStateException("privacy.client_level.clip_norm must be > 0 and finite to"
          + " clip. Provided value: " + bound);
    }
    double[] v = update.values();
    double norm = ClientLevelDp.l2Norm(v);
    boolean unclipped = norm <= bound;
    if (!unclipped) {
      double factor = bound * (1 - MARGIN) / norm;
      for (int i = 0; i < v.length; i++) {
        v[i] *= factor;
      }
    }
    if (update.settings().getClientLevel().getReportUnclipped()) {
      update.putMetric("dp.unclipped", unclipped ? 1.0 : 0.0);
    }
  }

  @Override
  public String toString() {
    return "ClipStep";
  }
}
