package se.tillit.fl.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.Table;

/** A small separable table: label "yes" when x1 + x2 > 1, plus a categorical column. */
final class ToyData {
  private ToyData() {}

  static Table table(int rows, long seed) {
    Random r = new Random(seed);
    List<String[]> out = new ArrayList<>();
    String[] colors = {"red", "green", "blue"};
    for (int i = 0; i < rows; i++) {
      double x1 = r.nextDouble();
      double x2 = r.nextDouble();
      out.add(new String[] {String.format(java.util.Locale.ROOT, "%.4f", x1),
          String.format(java.util.Locale.ROOT, "%.4f", x2), colors[r.nextInt(3)],
          x1 + x2 > 1 ? "yes" : "no"});
    }
    return Table.of(List.of("x1", "x2", "color", "label"), out);
  }

  static FeatureSchema schema() {
    return FeatureSchema.of("label", List.of("no", "yes"), List.of(
        FeatureSchema.Column.numeric("x1", 0, 1),
        FeatureSchema.Column.numeric("x2", 0, 1),
        FeatureSchema.Column.categorical("color", List.of("blue", "green", "red"))));
  }
}
