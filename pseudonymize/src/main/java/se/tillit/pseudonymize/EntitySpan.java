package se.tillit.pseudonymize;

/**
 * One entity found in a text: the half-open character range {@code [start, end)}, its type, where
 * the finding came from ({@code "rule"} or {@code "model"}) and a confidence in [0, 1].
 *
 * <p>A span holds offsets, never the text itself, so logging or printing it leaks nothing.
 */
public record EntitySpan(int start, int end, EntityType type, String source, double confidence) {
  public static final String RULE = "rule";
  public static final String MODEL = "model";

  public EntitySpan {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "span must have 0 <= start < end. Provided value: [" + start + ", " + end + ")");
    }
    if (type == null) {
      throw new IllegalArgumentException("type must not be null. Provided value: null");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source must be non-empty. Provided value: " + source);
    }
    if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException(
          "confidence must be >= 0 and <= 1. Provided value: " + confidence);
    }
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(EntitySpan other) {
    return start < other.end && other.start < end;
  }
}
