package se.tillit.synth.dp;

import java.security.SecureRandom;
import java.util.function.DoubleConsumer;
import se.tillit.synth.data.EncodedData;

/**
 * A differentially private synthesizer over integer-coded data (MST, AIM, PrivBayes). The domain
 * sizes of {@link EncodedData} are public; every read of the codes goes through a DP mechanism
 * whose cost is reported by the returned model's {@link EncodedModel#privacyCost()}.
 */
public interface MarginalSynthesizer {
  String method();

  /**
   * Fits with total privacy budget (epsilon, delta) under add/remove-one-record neighbouring.
   * The spent budget, composed by the PLD accountant, never exceeds (epsilon, delta).
   */
  EncodedModel fit(
      EncodedData data, double epsilon, double delta, SecureRandom random, DoubleConsumer progress);

  /**
   * This synthesizer told which column a model trained on the synthetic data will predict (a
   * public hint from the analyst, never derived from the data; null: none). A method that uses
   * the hint ({@link MstSynthesizer}) returns a copy that does; the others return themselves. A
   * fit with a target that is not a column of the data fails with an IllegalArgumentException.
   */
  default MarginalSynthesizer withTarget(String target) {
    return this;
  }
}
