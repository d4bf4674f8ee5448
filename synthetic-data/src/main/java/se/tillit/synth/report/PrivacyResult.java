package se.tillit.synth.report;

/**
 * Privacy indicators of a synthetic table against the real training rows. Distances are
 * Gower-style mixed distances in [0, 1] to the closest real training row (DCR).
 *
 * @param dcrSyntheticMedian median DCR of synthetic rows
 * @param dcrHoldoutMedian median DCR of real holdout rows (the baseline of a fresh sample)
 * @param dcrSyntheticP5 5th percentile of synthetic DCR
 * @param dcrHoldoutP5 5th percentile of holdout DCR
 * @param dcrRatio dcrSyntheticMedian / dcrHoldoutMedian; near or above 1 = synthetic rows are no
 *     closer to the training rows than unseen real rows are; NaN when the holdout median is 0
 * @param shareBelowHoldoutP5 share of synthetic rows closer to the training rows than the holdout's
 *     5th percentile (about 0.05 when there is no copying)
 * @param exactMatchRate share of synthetic rows identical to some real training row
 * @param holdoutExactMatchRate the same share for holdout rows (the baseline of duplicates that
 *     occur naturally)
 * @param miaAuc AUC of a distance-based membership-inference attack telling training rows from
 *     holdout rows by their distance to the closest synthetic row; 0.5 = no measurable leakage
 * @param queryRows rows queried per side in each nearest-neighbour search (after subsampling)
 */
public record PrivacyResult(
    double dcrSyntheticMedian,
    double dcrHoldoutMedian,
    double dcrSyntheticP5,
    double dcrHoldoutP5,
    double dcrRatio,
    double shareBelowHoldoutP5,
    double exactMatchRate,
    double holdoutExactMatchRate,
    double miaAuc,
    int queryRows) {}
