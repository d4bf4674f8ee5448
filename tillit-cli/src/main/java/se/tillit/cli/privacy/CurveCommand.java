package se.tillit.cli.privacy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.cli.ProgressBar;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.PrivacyAccountant;

/** {@code tillit privacy curve}: epsilon against steps for RDP and PLD, as a PNG and a table. */
@Command(
    name = "curve",
    mixinStandardHelpOptions = true,
    header = "Plot epsilon against training steps for the RDP and PLD accountants (PNG + table).",
    description = {
      "Computes epsilon at --points evenly spaced step counts up to --steps and draws both"
          + " accountants on one chart; --budget draws the dataset's epsilon budget as a line.",
      "Example: tillit privacy curve --noise-multiplier 1.1 --sampling-rate 0.01 --steps 10000"
          + " --delta 1e-5 --out curve.png"
    })
public final class CurveCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin DpSgdOptions mechanism;

  @Option(names = "--delta", required = true, paramLabel = "D", description = "Delta, in (0, 1).")
  double delta;

  @Option(
      names = "--points",
      defaultValue = "20",
      paramLabel = "N",
      description = "Number of step counts to evaluate, 2..200 (default ${DEFAULT-VALUE}).")
  int points;

  @Option(
      names = "--accountants",
      split = ",",
      defaultValue = "rdp,pld",
      paramLabel = "rdp,pld",
      description = "Accountants to draw (default ${DEFAULT-VALUE}).")
  List<AccountantChoice> accountants;

  @Option(
      names = "--budget",
      paramLabel = "E",
      description = "Optional epsilon budget, drawn as a horizontal line.")
  Double budget;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG file to write.")
  Path out;

  @Option(names = "--json", description = "Print the points as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    mechanism.event();
    DpPreconditions.checkDelta(delta);
    if (points < 2 || points > 200) {
      throw new IllegalArgumentException(
          "--points must be >= 2 and <= 200. Provided value: " + points);
    }
    if (budget != null) {
      DpPreconditions.checkEpsilon(budget);
    }
    if (!out.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new IllegalArgumentException("--out must name a .png file. Provided value: " + out);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "--out must be in an existing directory. Provided value: " + out);
    }
    List<AccountantChoice> chosen = new ArrayList<>(new TreeSet<>(accountants));
    long[] steps = stepGrid(mechanism.steps, points);
    Map<AccountantChoice, double[]> eps = new EnumMap<>(AccountantChoice.class);
    try (ProgressBar bar = new ProgressBar("computing epsilon", (long) steps.length * chosen.size())) {
      for (AccountantChoice choice : chosen) {
        PrivacyAccountant accountant = choice.create();
        double[] values = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
          values[i] =
              accountant.epsilon(
                  DpEvent.dpSgd(mechanism.noiseMultiplier, mechanism.samplingRate, steps[i]), delta);
          bar.step(1);
        }
        eps.put(choice, values);
      }
    }
    writeChart(steps, eps);

    PrintWriter w = spec.commandLine().getOut();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("steps", steps[i]);
      for (AccountantChoice c : chosen) {
        row.put("epsilon_" + c.name(), eps.get(c)[i]);
      }
      rows.add(row);
    }
    AccountantChoice headline = chosen.contains(AccountantChoice.pld) ? AccountantChoice.pld : chosen.get(0);
    double finalEpsilon = eps.get(headline)[steps.length - 1];
    if (json) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("epsilon", finalEpsilon);
      answer.put("delta", delta);
      answer.put("accountant", headline.name());
      answer.put("noise_multiplier", mechanism.noiseMultiplier);
      answer.put("sampling_rate", mechanism.samplingRate);
      answer.put("steps", mechanism.steps);
      answer.put("out", out.toString());
      answer.put("points", rows);
      JsonOutput.print(w, answer);
    } else {
      StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%10s", "steps"));
      for (AccountantChoice c : chosen) {
        header.append(String.format(Locale.ROOT, "  %12s", "epsilon " + c.name()));
      }
      w.println(header);
      for (int i = 0; i < steps.length; i++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%10d", steps[i]));
        for (AccountantChoice c : chosen) {
          line.append(String.format(Locale.ROOT, "  %12s", Format.num(eps.get(c)[i])));
        }
        w.println(line);
      }
      w.printf(
          Locale.ROOT,
          "epsilon after %d steps = %s at delta = %s (%s). Chart written to %s%n",
          mechanism.steps,
          Format.num(finalEpsilon),
          Format.num(delta),
          headline,
          out);
    }
    w.flush();
    return 0;
  }

  /** {@code n} evenly spaced step counts ending at {@code max}, without duplicates. */
  static long[] stepGrid(long max, int n) {
    TreeSet<Long> set = new TreeSet<>();
    for (int i = 1; i <= n; i++) {
      set.add(Math.max(1, Math.round((double) max * i / n)));
    }
    return set.stream().mapToLong(Long::longValue).toArray();
  }

  private void writeChart(long[] steps, Map<AccountantChoice, double[]> eps) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(
                String.format(
                    Locale.ROOT,
                    "Epsilon against steps (noise multiplier %s, sampling rate %s, delta %s)",
                    Format.num(mechanism.noiseMultiplier),
                    Format.num(mechanism.samplingRate),
                    Format.num(delta)))
            .xAxisTitle("training steps")
            .yAxisTitle("epsilon")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setAntiAlias(true);
    double[] x = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      x[i] = steps[i];
    }
    Color[] colors = {new Color(0x1f77b4), new Color(0xd62728)};
    int k = 0;
    for (Map.Entry<AccountantChoice, double[]> e : eps.entrySet()) {
      double[] y = finiteOrNaN(e.getValue());
      String name = e.getKey() == AccountantChoice.pld ? "PLD (tight)" : "RDP";
      XYSeries s = chart.addSeries(name, x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineColor(colors[k % colors.length]);
      s.setMarkerColor(colors[k % colors.length]);
      k++;
    }
    if (budget != null) {
      XYSeries b = chart.addSeries("budget", new double[] {x[0], x[x.length - 1]}, new double[] {budget, budget});
      b.setMarker(SeriesMarkers.NONE);
      b.setLineColor(Color.DARK_GRAY);
      b.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
    }
    BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double[] finiteOrNaN(double[] v) {
    double[] r = v.clone();
    for (int i = 0; i < r.length; i++) {
      if (Double.isInfinite(r[i])) {
        r[i] = Double.NaN;
      }
    }
    return r;
  }
}
