package se.tillit.synth.dp;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads models of the DP marginal synthesizers back from JSON. */
public final class DpModels {
  private DpModels() {}

  /** The model written by {@link EncodedModel#toJson()} of an MST, AIM or PrivBayes fit. */
  public static EncodedModel fromJson(JsonNode json) {
    return MarginalModel.fromJson(json);
  }
}
