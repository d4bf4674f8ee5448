package se.tillit.synth.report;

/**
 * How well one column's distribution is preserved.
 *
 * @param name column name
 * @param numeric whether the column was treated as numeric (else categorical)
 * @param tvd total variation distance of the 1-way marginal, real against synthetic, in [0, 1]
 */
public record ColumnFidelity(String name, boolean numeric, double tvd) {}
