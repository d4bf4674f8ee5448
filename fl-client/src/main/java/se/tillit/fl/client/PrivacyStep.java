package se.tillit.fl.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import se.tillit.fl.protocol.v1.PrivacySettings;

/**
 * One step of the client-side privacy pipeline: the client applies its steps in order to the flat
 * update (local parameters minus the task's, every tensor after the other) before anything leaves
 * the agency. DESIGN.md's order is clip, noise, quantise, mask or encrypt; a new privacy technique
 * is a new step, not a branch in the client.
 *
 * <p>A step reads the task's {@link PrivacySettings} and does nothing when they do not ask for
 * it. A step that cannot do what the settings ask throws {@link IllegalStateException} with a
 * message naming what it needs; the client then answers the task with TASK_FAILED and sends no
 * update.
 */
public interface PrivacyStep {
  /** A short name for logs, e.g. "clip". */
  String name();

  /** Transforms the update in place and may add metrics. */
  void apply(Update update);

  /** The update passing through the pipeline, with the task's privacy settings. Not thread-safe. */
  final class Update {
    private final double[] values;
    private final PrivacySettings settings;
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    public Update(double[] values, PrivacySettings settings) {
      this.values = Objects.requireNonNull(values, "values");
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The update's values, to be changed in place (the array itself, not a copy). */
    public double[] values() {
      return values;
    }

    public PrivacySettings settings() {
      return settings;
    }

    /** Adds a metric to the task's result (e.g. "dp.unclipped"). */
    public void putMetric(String name, double value) {
      metrics.put(Objects.requireNonNull(name, "name"), value);
    }

    public Map<String, Double> metrics() {
      return metrics;
    }
  }
}
