package se.tillit.cli.fl;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Long-running commands (coordinator, client) log their lifecycle at INFO unless told otherwise. */
final class ServerLogging {
  private ServerLogging() {}

  static void lifecycleAtInfo() {
    if (System.getenv("TILLIT_LOG_LEVEL") != null || System.getenv("TILLIT_FL_LOG_LEVEL") != null) {
      return;
    }
    if (LoggerFactory.getLogger("se.tillit.fl") instanceof Logger logger) {
      logger.setLevel(Level.INFO);
    }
  }
}
