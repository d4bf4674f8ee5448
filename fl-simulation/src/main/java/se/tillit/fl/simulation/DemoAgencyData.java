package se.tillit.fl.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import se.tillit.fl.model.Table;

/**
 * The demo's data: a generated, entirely fictitious table of housing-allowance applications
 * ("bostadsbidrag") as several municipalities and agencies might hold them. No row describes a
 * real person; nothing is read from outside the project.
 *
 * <p>Columns: {@code age} (18 to 85), {@code household_size} (1 to 7), {@code children} (0 to 5),
 * {@code annual_income_ksek} (thousand SEK per year), {@code housing_cost_ksek} (thousand SEK per
 * month), {@code employment} (anställd, egenföretagare, arbetssökande, studerande, pensionär,
 * sjukskriven), {@code municipality_type} (storstad, förort, mellanstor, landsbygd),
 * {@code previous_applications} (0 to 10), and the label {@code approved} (ja or nej). About 2% of
 * the income and housing-cost cells are missing.
 *
 * <p>The label follows a fixed logistic model of income per household member, the ratio of
 * housing cost to income, children, employment and age, with noise, so that a linear model
 * reaches about 80% accuracy and a small MLP a few points more. Each agency draws its applicants
 * from a differently skewed population (agency {@code k} of {@code n} leans towards a different
 * municipality type, income level and age), so that agencies' data are not identically
 * distributed, as in real life.
 */
public final class DemoAgencyData {
  public static final String LABEL = "approved";
  public static final List<String> COLUMNS = List.of(
      "age", "household_size", "children", "annual_income_ksek", "housing_cost_ksek",
      "employment", "municipality_type", "previous_applications", LABEL);

  private static final String[] EMPLOYMENT = {
      "anställd", "egenföretagare", "arbetssökande", "studerande", "pensionär", "sjukskriven"};
  private static final String[] MUNICIPALITY = {"storstad", "förort", "mellanstor", "landsbygd"};

  private DemoAgencyData() {}

  /** The demo's agency names, in order; the demo uses the first {@code n}. */
  public static List<String> agencyNames(int n) {
    List<String> all = List.of("skatteverket", "forsakringskassan", "malmo-stad", "umea-kommun",
        "goteborgs-stad", "kiruna-kommun", "uppsala-kommun", "csn");
    if (n < 1 || n > all.size()) {
      throw new IllegalArgumentException(
          "the demo has between 1 and " + all.size() + " agencies. Provided value: " + n);
    }
    return all.subList(0, n);
  }

  /**
   * Generates agency {@code agency}'s table (of {@code agencies}), {@code rows} rows, from a
   * seeded generator: the same arguments give the same table. (Simulation data, not protection:
   * a seeded {@link Random} is the right tool here.)
   */
  public static Table generate(int agency, int agencies, int rows, long seed) {
    if (agencies < 1 || agency < 0 || agency >= agencies) {
      throw new IllegalArgumentException("agency must be in [0, " + agencies + "). Provided value: " + agency);
    }
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1. Provided value: " + rows);
    }
    Random rnd = new Random(seed * 1_000_003L + agency);
    double skew = agencies == 1 ? 0.0 : (agency / (double) (agencies - 1)) * 2 - 1; // -1 .. 1
    List<String[]> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(row(rnd, skew, agency));
    }
    return Table.of(COLUMNS, out);
  }

  /** Writes {@code table} as RFC 4180 CSV (UTF-8, header first, cells quoted when needed). */
  public static void writeCsv(Table table, java.nio.file.Path file) throws java.io.IOException {
    try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(
        file, java.nio.charset.StandardCharsets.UTF_8)) {
      writeLine(w, table.columns().toArray(String[]::new));
      for (int r = 0; r < table.rowCount(); r++) {
        writeLine(w, table.row(r));
      }
    }
  }

  private static void writeLine(java.io.Writer w, String[] cells) throws java.io.IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        w.write(',');
      }
      String c = cells[i] == null ? "" : cells[i];
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        w.write('"' + c.replace("\"", "\"\"") + '"');
      } else {
        w.write(c);
      }
    }
    w.write('\n');
  }

  private static String[] row(Random rnd, double skew, int agency) {
    int municipality = pickMunicipality(rnd, agency);
    double ageMean = 45 + 10 * skew;
    int age = (int) Math.round(clamp(ageMean + 16 * rnd.nextGaussian(), 18, 85));
    int employment = pickEmployment(rnd, age);
    int household = (int) clamp(1 + Math.floor(Math.abs(rnd.nextGaussian()) * 1.8), 1, 7);
    int children = age > 60 ? 0 : (int) clamp(Math.floor(rnd.nextDouble() * household), 0, 5);
    double baseIncome = switch (employment) {
      case 0 -> 380;
      case 1 -> 300;
      case 2 -> 140;
      case 3 -> 95;
      case 4 -> 190;
      default -> 170;
    };
    double urban = municipality == 0 ? 1.25 : municipality == 1 ? 1.1 : municipality == 2 ? 1.0 : 0.85;
    double income = Math.max(0, baseIncome * urban * Math.exp(0.45 * rnd.nextGaussian() - 0.1 * skew));
    double housing = Math.max(2, (5.5 + 1.6 * household) * urban * Math.exp(0.3 * rnd.nextGaussian()));
    int previous = (int) clamp(Math.floor(-Math.log(1 - rnd.nextDouble()) * 1.2), 0, 10);

    double perMember = income / household;
    double burden = housing * 12 / Math.max(income, 20);
    double z = 2.2
        - 0.035 * perMember
        + 2.2 * Math.min(burden, 1.5)
        + 0.35 * children
        + (employment == 2 || employment == 3 ? 0.6 : 0)
        + (employment == 4 ? -0.5 : 0)
        - 0.025 * Math.max(0, age - 65)
        - 0.12 * previous
        - 0.8;
    boolean approved = rnd.nextDouble() < 1 / (1 + Math.exp(-2.0 * z));
    String incomeCell = rnd.nextDouble() < 0.02 ? "" : Long.toString(Math.round(income));
    String housingCell = rnd.nextDouble() < 0.02 ? "" : String.format(java.util.Locale.ROOT, "%.1f", housing);
    return new String[] {
        Integer.toString(age), Integer.toString(household), Integer.toString(children), incomeCell,
        housingCell, EMPLOYMENT[employment], MUNICIPALITY[municipality], Integer.toString(previous),
        approved ? "ja" : "nej"};
  }

  private static int pickMunicipality(Random rnd, int agency) {
    // Each agency leans 55% towards "its" municipality type.
    return rnd.nextDouble() < 0.55 ? agency % MUNICIPALITY.length : rnd.nextInt(MUNICIPALITY.length);
  }

  private static int pickEmployment(Random rnd, int age) {
    if (age >= 66) {
      return rnd.nextDouble() < 0.85 ? 4 : 0;
    }
    if (age < 25 && rnd.nextDouble() < 0.45) {
      return 3;
    }
    double u = rnd.nextDouble();
    if (u < 0.62) {
      return 0;
    } else if (u < 0.72) {
      return 1;
    } else if (u < 0.85) {
      return 2;
    } else if (u < 0.92) {
      return 3;
    }
    return 5;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
