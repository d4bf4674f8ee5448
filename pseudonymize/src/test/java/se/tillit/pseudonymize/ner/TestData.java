package se.tillit.pseudonymize.ner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code shared/data} by walking up from the working directory. */
final class TestData {
  private TestData() {}

  static Optional<Path> swedishNer(String file) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path p = dir.resolve("shared/data/swedish-ner").resolve(file);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }
}
