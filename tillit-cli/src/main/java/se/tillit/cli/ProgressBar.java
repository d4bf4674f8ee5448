package se.tillit.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar on stderr, so that stdout stays clean for answers and JSON. On a terminal it
 * redraws one line; otherwise it prints a line at every 10% step.
 */
public final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final String label;
  private final long total;
  private final boolean interactive;
  private final long startNanos = System.nanoTime();
  private long done;
  private int lastDecile = -1;

  public ProgressBar(String label, long total) {
    this(System.err, label, total, System.console() != null);
  }

  ProgressBar(PrintStream err, String label, long total, boolean interactive) {
    this.err = err;
    this.label = label;
    this.total = Math.max(1, total);
    this.interactive = interactive;
  }

  /** Advances by {@code n} units. */
  public void step(long n) {
    done = Math.min(total, done + n);
    render();
  }

  private void render() {
    double fraction = (double) done / total;
    if (interactive) {
      int filled = (int) Math.round(fraction * WIDTH);
      String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
      double secs = (System.nanoTime() - startNanos) / 1e9;
      err.printf(Locale.ROOT, "\r%s [%s] %3.0f%% %d/%d %.1fs", label, bar, fraction * 100, done, total, secs);
      err.flush();
    } else {
      int decile = (int) Math.floor(fraction * 10);
      if (decile != lastDecile) {
        lastDecile = decile;
        err.printf(Locale.ROOT, "%s: %3d%% (%d/%d)%n", label, decile * 10, done, total);
      }
    }
  }

  @Override
  public void close() {
    if (interactive) {
      err.println();
    }
  }
}
