package se.tillit.synth;

import se.tillit.synth.data.Table;
import se.tillit.synth.schema.Schema;

/**
 * A method that learns a generative model of a table. DP methods read the data only through
 * accounted mechanisms, and the model they return reports what that cost
 * ({@link SynthesizerModel#privacyCost()}).
 */
public interface Synthesizer {
  /** The method's name on the command line: mst, aim, privbayes, cart, copula. */
  String method();

  /** Whether the fit is differentially private. */
  boolean isDifferentiallyPrivate();

  /** Learns a model of {@code data}, whose columns must match {@code schema}. */
  SynthesizerModel fit(Table data, Schema schema, FitOptions options);
}
