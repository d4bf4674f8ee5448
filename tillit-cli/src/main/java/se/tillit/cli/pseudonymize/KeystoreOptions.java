package se.tillit.cli.pseudonymize;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where the keys are and how to get the keystore password: from an environment variable, from a
 * file, or from a prompt on the terminal. Never as a literal on the command line.
 */
public final class KeystoreOptions {
  /** Environment lookup; replaceable in tests. */
  static UnaryOperator<String> environment = System::getenv;

  @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS#12 keystore with the policy's keys.")
  Path keystore;

  @Option(
      names = "--keystore-password-env",
      paramLabel = "VAR",
      description = "Name of the environment variable that holds the keystore password.")
  String passwordEnv;

  @Option(
      names = "--keystore-password-file",
      paramLabel = "FILE",
      description = "File whose first line is the keystore password (keep it readable by you only).")
  Path passwordFile;

  /** The keystore path, or an error naming the option. */
  Path requireKeystore(String why) {
    if (keystore == null) {
      throw new IllegalArgumentException("--keystore FILE is required " + why);
    }
    return keystore;
  }

  /** Reads the password; with {@code confirm}, a prompt asks twice (for a new keystore). */
  char[] password(boolean confirm) throws IOException {
    if (passwordEnv != null && passwordFile != null) {
      throw new IllegalArgumentException(
          "give either --keystore-password-env or --keystore-password-file, not both");
    }
    if (passwordEnv != null) {
      String v = environment.apply(passwordEnv);
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(
            "--keystore-password-env: environment variable " + passwordEnv + " is not set or empty");
      }
      return v.toCharArray();
    }
    if (passwordFile != null) {
      if (!Files.isRegularFile(passwordFile)) {
        throw new IllegalArgumentException("--keystore-password-file: '" + passwordFile + "' does not exist");
      }
      String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      String first = (nl >= 0 ? text.substring(0, nl) : text).replace("\r", "");
      if (first.isEmpty()) {
        throw new IllegalArgumentException("--keystore-password-file: '" + passwordFile + "' has an empty first line");
      }
      return first.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException(
          "no keystore password: use --keystore-password-env VAR or --keystore-password-file FILE"
              + " (there is no terminal to prompt on)");
    }
    char[] pw = console.readPassword("Keystore password: ");
    if (pw == null || pw.length == 0) {
      throw new IllegalArgumentException("keystore password must not be empty");
    }
    if (confirm) {
      char[] again = console.readPassword("Repeat the password: ");
      boolean same = Arrays.equals(pw, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(pw, '\0');
        throw new IllegalArgumentException("the two passwords differ");
      }
    }
    return pw;
  }
}
