package se.tillit.fl.coordinator;

import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Models;
import se.tillit.fl.protocol.ModelParameters;

/**
 * Makes a run's initial global model from its run file (typically
 * {@code Models.initialParameters(ModelSpec.fromMap(spec.model()), FeatureSchema.fromMap(spec.features()))}
 * in fl-model). Called once per run, on the coordinator's run thread; must be deterministic in the
 * run file if runs are to be reproducible.
 */
@FunctionalInterface
public interface ModelInitializer {
  /**
   * @throws IllegalArgumentException if the run file's model or features are unusable; the run
   *     then fails with this message
   */
  ModelParameters initialize(RunSpec spec);

  /**
   * The run file's own model: {@code model:} and {@code features:} read by fl-model, with the
   * deterministic initial parameters of the model's seed.
   */
  static ModelInitializer fromRunFile() {
    return spec -> Models.initialParameters(
        ModelSpec.fromMap(spec.model()), FeatureSchema.fromMap(spec.features()));
  }
}
