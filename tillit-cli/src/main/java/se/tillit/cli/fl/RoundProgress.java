package se.tillit.cli.fl;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import se.tillit.fl.simulation.Simulation;

/**
 * Progress of a federated run on stderr: one line per completed round with a bar of the rounds
 * done so far and the round's metrics, so stdout stays clean for answers and JSON.
 */
final class RoundProgress implements Simulation.Listener {
  private static final int WIDTH = 24;
  private final PrintWriter err;
  private final long start = System.nanoTime();

  RoundProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void started(int clients, int rounds) {
    err.printf(Locale.ROOT, "%d clients connected; training %d rounds%n", clients, rounds);
  }

  @Override
  public void roundCompleted(long round, int rounds, Map<String, Double> metrics) {
    int filled = (int) Math.round((double) round / rounds * WIDTH);
    StringBuilder m = new StringBuilder();
    metric(m, metrics, "loss", "loss %.3f");
    metric(m, metrics, "accuracy", "train acc %.3f");
    metric(m, metrics, "eval.accuracy", "accuracy %.3f");
    metric(m, metrics, "dp.clip_norm", "clip %.3g");
    metric(m, metrics, "dp.epsilon_max", "eps %.2f");
    err.printf(Locale.ROOT, "round %3d/%-3d [%s%s] %3.0f%%  %s  %.1fs%n", round, rounds,
        "#".repeat(filled), "-".repeat(WIDTH - filled), 100.0 * round / rounds, m.toString().trim(),
        (System.nanoTime() - start) / 1e9);
    err.flush();
  }

  @Override
  public void baselineStarted() {
    err.println("training the centralised baseline on the union of the clients' data");
    err.flush();
  }

  private static void metric(StringBuilder sb, Map<String, Double> m, String key, String format) {
    Double v = m.get(key);
    if (v != null && Double.isFinite(v)) {
      sb.append(String.format(Locale.ROOT, format, v)).append("  ");
    }
  }
}
