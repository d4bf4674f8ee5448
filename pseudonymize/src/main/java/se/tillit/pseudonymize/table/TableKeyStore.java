package se.tillit.pseudonymize.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import se.tillit.pseudonymize.table.internal.PolicyParser;

/**
 * Pseudonymisation keys in a PKCS#12 keystore file: one secret-key entry per alias, protected by the
 * keystore password. The purpose of each key is recorded by its algorithm name and length (see
 * {@link KeyPurpose}). Keys are generated with {@link SecureRandom}.
 *
 * <p>Errors name the file and the alias but never key material or the password. Close the store to
 * wipe its copy of the password. Not thread-safe.
 */
public final class TableKeyStore implements TableKeys, AutoCloseable {
  private static final String TYPE = "PKCS12";

  private final Path file;
  private final KeyStore store;
  private final char[] password;
  private final SecureRandom random = new SecureRandom();

  private TableKeyStore(Path file, KeyStore store, char[] password) {
    this.file = file;
    this.store = store;
    this.password = password.clone();
  }

  /** Opens an existing keystore. */
  public static TableKeyStore open(Path file, char[] password) throws IOException {
    Objects.requireNonNull(file, "file");
    checkPassword(password);
    if (!Files.isRegularFile(file)) {
      throw new KeyStoreAccessException(
          "keystore '" + file + "' does not exist; create keys with 'tillit pseudonymize keygen'");
    }
    try {
      KeyStore ks = KeyStore.getInstance(TYPE);
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, password);
      }
      return new TableKeyStore(file, ks, password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || isPasswordProblem(e)) {
        throw new KeyStoreAccessException(
            "keystore '" + file + "': wrong password (or the file was modified)");
      }
      throw new KeyStoreAccessException(
          "keystore '" + file + "' is not a readable PKCS#12 keystore", e);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreAccessException(
          "keystore '" + file + "' is not a readable PKCS#12 keystore", e);
    }
  }

  private static boolean isPasswordProblem(IOException e) {
    String m = e.getMessage();
    return m != null && (m.contains("password") || m.contains("Integrity check failed"));
  }

  /** Opens the keystore, or starts a new empty one if the file does not exist (saved by {@link #save}). */
  public static TableKeyStore openOrCreate(Path file, char[] password) throws IOException {
    if (Files.exists(file)) {
      return open(file, password);
    }
    checkPassword(password);
    try {
      KeyStore ks = KeyStore.getInstance(TYPE);
      ks.load(null, null);
      return new TableKeyStore(file, ks, password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKCS12 keystores are not available in this JVM", e);
    }
  }

  private static void checkPassword(char[] password) {
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("keystore password must not be empty");
    }
  }

  public Path file() {
    return file;
  }

  /** Aliases of the keys in the store, sorted. */
  public List<String> aliases() {
    try {
      List<String> a = new ArrayList<>(Collections.list(store.aliases()));
      Collections.sort(a);
      return a;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keystore not initialised", e);
    }
  }

  public boolean contains(String alias) {
    try {
      return store.containsAlias(alias);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keystore not initialised", e);
    }
  }

  /**
   * Generates a new random key under {@code alias}; refuses to overwrite an existing alias (a key
   * lost is every pseudonym made with it made unlinkable). Call {@link #save()} to write the file.
   */
  public TableKey generate(String alias, KeyPurpose purpose) {
    if (alias == null || !PolicyParser.ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException(
          "alias must be lower-case letters, digits, '.', '_' or '-' (at most 64). Provided value: " + alias);
    }
    if (contains(alias)) {
      throw new IllegalArgumentException(
          "alias '" + alias + "' already exists in keystore '" + file + "'; keys are never overwritten");
    }
    byte[] bytes = new byte[purpose.keyBytes()];
    random.nextBytes(bytes);
    try {
      store.setEntry(
          alias,
          new KeyStore.SecretKeyEntry(new SecretKeySpec(bytes, purpose.algorithm())),
          new KeyStore.PasswordProtection(password));
      return new TableKey(alias, purpose, bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not store key '" + alias + "'", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Writes the keystore (atomically where the file system allows; owner-only permissions on POSIX). */
  public void save() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".keystore", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      try (OutputStream out = Files.newOutputStream(tmp)) {
        store.store(out, password);
      } catch (GeneralSecurityException e) {
        throw new IOException("could not write keystore '" + file + "'", e);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public TableKey get(String alias, KeyPurpose purpose) {
    Key key;
    try {
      key = store.getKey(alias, password);
    } catch (UnrecoverableKeyException e) {
      throw new KeyStoreAccessException(
          "keystore '" + file + "': key '" + alias + "' cannot be read with this password");
    } catch (GeneralSecurityException e) {
      throw new KeyStoreAccessException("keystore '" + file + "': key '" + alias + "' cannot be read", e);
    }
    if (key == null) {
      throw new KeyStoreAccessException(
          "keystore '" + file + "' has no key '" + alias + "'; create it with 'tillit pseudonymize keygen"
              + " --alias " + alias + " --type " + purpose.cliName() + "' (or keygen --policy)");
    }
    if (!(key instanceof SecretKey)) {
      throw new KeyStoreAccessException("keystore '" + file + "': entry '" + alias + "' is not a secret key");
    }
    byte[] bytes = key.getEncoded();
    try {
      KeyPurpose actual = bytes == null ? null : KeyPurpose.of(key.getAlgorithm(), bytes.length);
      if (actual != purpose) {
        throw new KeyStoreAccessException(
            "keystore '" + file + "': key '" + alias + "' is "
                + (actual == null ? "of an unknown kind" : "a " + actual.cliName() + " key")
                + ", but a " + purpose.cliName() + " key is needed here");
      }
      return new TableKey(alias, purpose, bytes);
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  /** Wipes this object's copy of the password. */
  @Override
  public void close() {
    Arrays.fill(password, '\0');
  }

  @Override
  public String toString() {
    return "TableKeyStore{file=" + file + ", password=<redacted>}";
  }
}
