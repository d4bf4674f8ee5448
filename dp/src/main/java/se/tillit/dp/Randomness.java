package se.tillit.dp;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where the dp module's randomness comes from. Everything that protects people or keys takes a
 * {@link SecureRandom}; the default is {@link #secure()}.
 *
 * <p>A seeded, reproducible source exists only through {@link #insecureSeededForTesting(long)},
 * named so that a search for "Insecure" finds every use. Never use it for a real release.
 */
public final class Randomness {
  private Randomness() {}

  /** A new, self-seeded {@link SecureRandom} from the platform's default provider. */
  public static SecureRandom secure() {
    return new SecureRandom();
  }

  /**
   * A deterministic generator for tests and reproducible experiments: the same seed gives the
   * same stream on every JVM. INSECURE: anyone who knows the seed knows the noise.
   */
  public static SecureRandom insecureSeededForTesting(long seed) {
    try {
      // SHA1PRNG seeded before its first use is deterministic and portable across JVMs.
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is not available on this JVM", e);
    }
  }
}
