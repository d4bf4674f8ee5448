package se.tillit.cli.fl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real {@code tillit} process for end-to-end tests: a separate JVM running the command's main
 * class on this test's class path, with its output in a log file. Killing it is a real kill
 * ({@code destroyForcibly}, SIGKILL), not a graceful shutdown.
 */
final class TillitProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String name;

  private TillitProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static TillitProcess start(String name, Path workDir, Path home, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("se.tillit.cli.Tillit");
    cmd.addAll(List.of(args));
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TILLIT_HOME", home.toString());
    pb.environment().put("TILLIT_LOG_LEVEL", "INFO");
    pb.environment().put("OMP_NUM_THREADS", "1");
    return new TillitProcess(name, pb.start(), log);
  }

  /** Waits until the process's output has a line matching {@code regex}; fails with the log. */
  String awaitLine(String regex, Duration timeout) throws IOException, InterruptedException {
    Pattern p = Pattern.compile(regex);
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (p.matcher(line).find()) {
          return line;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + ": no line matching /" + regex + "/ within " + timeout
        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; output:\n"
        + output());
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  /** A hard kill: the process gets no chance to clean up. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }
}
