package se.tillit.pseudonymize.identifiers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/data} by walking up from the working directory. */
final class TestData {
  private TestData() {}

  static Path identifiers() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path p = dir.resolve("shared/data/identifiers");
      if (Files.isDirectory(p)) {
        return p;
      }
      dir = dir.getParent();
    }
    assumeTrue(false, "shared/data/identifiers not found above the working directory");
    return null;
  }
}
