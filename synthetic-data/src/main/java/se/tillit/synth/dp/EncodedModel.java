package se.tillit.synth.dp;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.synth.data.EncodedData;

/** A fitted marginal-based model over integer codes. */
public interface EncodedModel {
  String method();

  /** {@code rows} synthetic rows over the same names and domain sizes as the training data. */
  EncodedData sample(int rows, SecureRandom random);

  /** The mechanisms the fit ran, as events a budget ledger can store and recompose. */
  DpEvent privacyCost();

  /** The model as JSON (domain, structure, estimated marginals) for saving. */
  JsonNode toJson();
}
