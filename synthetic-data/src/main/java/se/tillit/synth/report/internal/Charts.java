package se.tillit.synth.report.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's pictures as PNG bytes: XChart for bar and histogram charts, Java2D for the heat map. */
public final class Charts {
  static final Color REAL = new Color(31, 119, 180);
  static final Color SYNTHETIC = new Color(255, 127, 14);
  private static final int W = 560;
  private static final int H = 320;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** Real against synthetic distribution of one column. */
  public static byte[] column(ReportData.ColumnChart c) {
    return c.numeric() ? numericColumn(c) : categoricalColumn(c);
  }

  private static byte[] categoricalColumn(ReportData.ColumnChart c) {
    CategoryChart chart = new CategoryChartBuilder().width(W).height(H).build();
    style(chart.getStyler());
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setXAxisLabelRotation(c.labels().size() > 4 ? 40 : 0);
    chart.getStyler().setYAxisDecimalPattern("0%");
    chart.getStyler().setAvailableSpaceFill(0.8);
    chart.getStyler().setYAxisMin(0.0);
    List<String> labels = new ArrayList<>();
    for (String l : c.labels()) {
      labels.add(shorten(l, 18));
    }
    dedupe(labels);
    chart.addSeries("real", labels, toList(c.realShares()));
    chart.addSeries("synthetic", labels, toList(c.syntheticShares()));
    chart.getStyler().setSeriesColors(new Color[] {REAL, SYNTHETIC});
    return png(chart);
  }

  private static byte[] numericColumn(ReportData.ColumnChart c) {
    XYChart chart = new XYChartBuilder().width(W).height(H).build();
    style(chart.getStyler());
    chart.getStyler().setYAxisDecimalPattern("0.0%");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern(decimalPattern(c.edges()));
    addStep(chart, "real", c.edges(), c.realShares(), REAL);
    addStep(chart, "synthetic", c.edges(), c.syntheticShares(), SYNTHETIC);
    return png(chart);
  }

  /** Overlaid histograms of the distances to the closest training record. */
  public static byte[] dcrHistogram(double[] synthetic, double[] holdout) {
    double hi = 0;
    for (double v : synthetic) {
      hi = Math.max(hi, v);
    }
    for (double v : holdout) {
      hi = Math.max(hi, v);
    }
    double[] all = new double[synthetic.length + holdout.length];
    System.arraycopy(synthetic, 0, all, 0, synthetic.length);
    System.arraycopy(holdout, 0, all, synthetic.length, holdout.length);
    java.util.Arrays.sort(all);
    double top = Stats.quantile(all, 0.99);
    if (!(top > 0)) {
      top = hi > 0 ? hi : 1;
    }
    int bins = 30;
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = top * i / bins;
    }
    XYChart chart = new XYChartBuilder().width(W + 200).height(H).build();
    style(chart.getStyler());
    chart.setXAxisTitle("distance to closest real training record (Gower, 0 = identical)");
    chart.getStyler().setYAxisDecimalPattern("0%");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("0.000");
    addStep(chart, "synthetic rows", edges, shares(synthetic, edges), SYNTHETIC);
    addStep(chart, "real holdout rows (baseline)", edges, shares(holdout, edges), REAL);
    return png(chart);
  }

  private static double[] shares(double[] x, double[] edges) {
    int bins = edges.length - 1;
    double[] out = new double[bins];
    double top = edges[bins];
    for (double v : x) {
      if (Double.isNaN(v)) {
        continue;
      }
      int b = (int) Math.floor(v / top * bins);
      out[Math.max(0, Math.min(bins - 1, b))] += 1.0 / x.length;
    }
    return out;
  }

  /** Bars of TRTR, TSTR and majority-class accuracy. */
  public static byte[] utility(double majority, double trtr, double tstr) {
    CategoryChart chart = new CategoryChartBuilder().width(W + 100).height(H).build();
    style(chart.getStyler());
    chart.setYAxisTitle("accuracy on real test rows");
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setYAxisDecimalPattern("0%");
    chart.getStyler().setAvailableSpaceFill(0.5);
    chart.getStyler().setOverlapped(true);
    List<String> x =
        List.of(
            "real (TRTR) " + pct(trtr),
            "synthetic (TSTR) " + pct(tstr),
            "majority class " + pct(majority));
    chart.addSeries("real", x, List.of(nz(trtr), 0.0, 0.0)).setFillColor(REAL);
    chart.addSeries("synthetic", x, List.of(0.0, nz(tstr), 0.0)).setFillColor(SYNTHETIC);
    chart.addSeries("baseline", x, List.of(0.0, 0.0, nz(majority))).setFillColor(Color.GRAY);
    return png(chart);
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "n/a";
  }

  private static double nz(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  /**
   * Heat map of |association(real) - association(synthetic)| drawn with Java2D: white at 0,
   * dark red at {@code >= 0.5}; every cell is labelled with its value when there are at most 30
   * columns.
   */
  public static byte[] associationHeatMap(List<String> names, double[][] real, double[][] synthetic) {
    int p = names.size();
    Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics fm = pg.getFontMetrics(labelFont);
    int labelW = 0;
    List<String> shortNames = new ArrayList<>();
    for (String n : names) {
      String s = shorten(n, 22);
      shortNames.add(s);
      labelW = Math.max(labelW, fm.stringWidth(s));
    }
    pg.dispose();
    int cell = Math.max(16, Math.min(46, 700 / Math.max(1, p)));
    int left = labelW + 12;
    int top = labelW + 12;
    int legendW = 90;
    int width = left + p * cell + 20 + legendW;
    int height = top + p * cell + 20;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(labelFont);
    g.setColor(Color.DARK_GRAY);
    for (int i = 0; i < p; i++) {
      String s = shortNames.get(i);
      int sw = g.getFontMetrics().stringWidth(s);
      g.drawString(s, left - 6 - sw, top + i * cell + cell / 2 + 4);
      AffineTransform saved = g.getTransform();
      g.translate(left + i * cell + cell / 2 + 4, top - 6);
      g.rotate(-Math.PI / 2);
      g.drawString(s, 0, 0);
      g.setTransform(saved);
    }
    Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(11, cell / 4)));
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        double d = a == b ? 0 : Math.abs(real[a][b] - synthetic[a][b]);
        Color c = a == b ? new Color(235, 235, 235) : heat(d);
        g.setColor(c);
        g.fillRect(left + b * cell, top + a * cell, cell, cell);
        if (p <= 30 && a != b && cell >= 24) {
          g.setFont(cellFont);
          g.setColor(d > 0.3 ? Color.WHITE : Color.BLACK);
          String s = String.format(Locale.ROOT, "%.2f", d);
          int sw = g.getFontMetrics().stringWidth(s);
          g.drawString(s, left + b * cell + (cell - sw) / 2, top + a * cell + cell / 2 + 4);
        }
      }
    }
    g.setColor(new Color(200, 200, 200));
    g.setStroke(new BasicStroke(1f));
    for (int i = 0; i <= p; i++) {
      g.drawLine(left, top + i * cell, left + p * cell, top + i * cell);
      g.drawLine(left + i * cell, top, left + i * cell, top + p * cell);
    }
    // Legend: a vertical colour bar from 0 (bottom) to 0.5+ (top).
    int lx = left + p * cell + 24;
    int lh = Math.min(p * cell, 240);
    for (int y = 0; y < lh; y++) {
      g.setColor(heat(0.5 * (1 - (double) y / (lh - 1))));
      g.fillRect(lx, top + y, 18, 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(lx, top, 18, lh);
    g.setFont(labelFont);
    g.drawString(">= 0.5", lx + 22, top + 10);
    g.drawString("0.25", lx + 22, top + lh / 2 + 4);
    g.drawString("0", lx + 22, top + lh);
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** White (0) to dark red (>= 0.5). */
  static Color heat(double d) {
    double t = Math.max(0, Math.min(1, d / 0.5));
    int r = (int) Math.round(255 - t * (255 - 165));
    int gr = (int) Math.round(255 - t * (255 - 15));
    int b = (int) Math.round(255 - t * (255 - 21));
    return new Color(r, gr, b);
  }

  private static void addStep(XYChart chart, String name, double[] edges, double[] shares, Color color) {
    int n = shares.length;
    double[] x = new double[n + 1];
    double[] y = new double[n + 1];
    for (int i = 0; i < n; i++) {
      x[i] = edges[i];
      y[i] = shares[i];
    }
    x[n] = edges[n];
    y[n] = shares[n - 1];
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 90));
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setLegendBorderColor(new Color(220, 220, 220));
    s.setChartTitleVisible(false);
    s.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAntiAlias(true);
  }

  private static String decimalPattern(double[] edges) {
    double span = Math.abs(edges[edges.length - 1] - edges[0]);
    if (span >= 1000) {
      return "#,##0";
    }
    if (span >= 10) {
      return "0";
    }
    if (span >= 1) {
      return "0.0";
    }
    return "0.###";
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** XChart needs distinct category labels; shortened labels may collide. */
  private static void dedupe(List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      String l = labels.get(i);
      int k = 2;
      while (labels.subList(0, i).contains(l)) {
        l = labels.get(i) + " (" + k++ + ")";
      }
      labels.set(i, l);
    }
  }

  private static List<Double> toList(double[] a) {
    List<Double> out = new ArrayList<>(a.length);
    for (double v : a) {
      out.add(v);
    }
    return out;
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
