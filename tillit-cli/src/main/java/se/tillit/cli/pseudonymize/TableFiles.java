package se.tillit.cli.pseudonymize;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Input and output files for the table commands: the output appears only when complete. */
final class TableFiles {
  private TableFiles() {}

  interface Body<T> {
    T run(InputStream in, OutputStream out) throws IOException;
  }

  static <T> T transform(Path in, Path out, Body<T> body) throws IOException {
    if (!Files.isRegularFile(in)) {
      throw new IllegalArgumentException("--in: file '" + in + "' does not exist");
    }
    if (Files.exists(out) && Files.isSameFile(in, out)) {
      throw new IllegalArgumentException("--out must not be the same file as --in");
    }
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".tillit-table", ".tmp");
    try {
      T result;
      try (InputStream is = Files.newInputStream(in); OutputStream os = Files.newOutputStream(tmp)) {
        result = body.run(is, os);
      }
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      return result;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
