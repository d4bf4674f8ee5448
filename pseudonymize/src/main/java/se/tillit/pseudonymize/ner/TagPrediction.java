package se.tillit.pseudonymize.ner;

/** The tag chosen for one token and the model's probability of that tag, in [0, 1]. */
public record TagPrediction(NerTag tag, double probability) {
  public TagPrediction {
    if (tag == null) {
      throw new IllegalArgumentException("tag must not be null. Provided value: null");
    }
    if (Double.isNaN(probability) || probability < 0 || probability > 1) {
      throw new IllegalArgumentException(
          "probability must be >= 0 and <= 1. Provided value: " + probability);
    }
  }
}
