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
}
