package se.tillit.fl.protocol.tls.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold keys: created readable and writable by the owner only (600; directories 700) on
 * POSIX file systems, with the permissions set at creation so that there is no moment when the
 * file is readable by others. On other file systems the owner-only flags are set after creation.
 */
public final class SecureFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  /** Creates {@code file} (which must not exist) with owner-only permissions and writes it. */
  public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    if (POSIX && supportsPosix(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
    } else {
      Files.createFile(file);
      restrictToOwner(file);
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(content);
    }
  }

  /** Creates the directory {@code dir} (which must not exist) with owner-only permissions. */
  public static void createOwnerOnlyDirectory(Path dir) throws IOException {
    if (POSIX && supportsPosix(dir)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
    } else {
      Files.createDirectory(dir);
      restrictToOwner(dir);
    }
  }

  /** Creates {@code file} (which must not exist) with default permissions and writes it. */
  public static void writeNew(Path file, byte[] content) throws IOException {
    Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static boolean supportsPosix(Path p) throws IOException {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null
        || Files.getFileStore(parent).supportsFileAttributeView("posix");
  }

  private static void restrictToOwner(Path p) {
    java.io.File f = p.toFile();
    f.setReadable(false, false);
    f.setWritable(false, false);
    f.setExecutable(false, false);
    f.setReadable(true, true);
    f.setWritable(true, true);
    if (f.isDirectory()) {
      f.setExecutable(true, true);
    }
  }
}
