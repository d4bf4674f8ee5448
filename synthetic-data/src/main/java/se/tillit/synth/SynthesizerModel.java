package se.tillit.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.Schema;

/** A fitted generative model: samples synthetic rows; sampling spends no further privacy. */
public interface SynthesizerModel {
  String method();

  Schema schema();

  /** {@code rows} synthetic rows in the schema's columns. */
  Table sample(int rows, SecureRandom random);

  /**
   * The privacy the fit spent, as events for the budget ledger.
   *
   * @throws IllegalStateException for non-DP methods (cart, copula): they give no guarantee, and
   *     reporting "no cost" would be a lie
   */
  DpEvent privacyCost();

  /** Writes the model so {@code SynthesizerModels.load} can read it back. */
  void save(OutputStream out) throws IOException;
}
