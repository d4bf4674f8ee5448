package se.tillit.synth.report;

/**
 * Machine-learning utility for one target column: a random forest trained on synthetic rows
 * (TSTR) and one trained on real training rows (TRTR), both tested on the same real test rows.
 *
 * @param target the predicted column
 * @param tstrAccuracy accuracy of the forest trained on synthetic data
 * @param trtrAccuracy accuracy of the forest trained on real training data
 * @param majorityAccuracy accuracy of always predicting the real training data's most common class
 * @param testRows real rows tested on
 */
public record UtilityResult(
    String target, double tstrAccuracy, double trtrAccuracy, double majorityAccuracy, int testRows) {}
