package se.tillit.pseudonymize.table.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * NIST FF1 samples (SP 800-38G examples, "FF1samples.pdf", CSRC), samples 1 to 9: AES-128/192/256,
 * radix 10 and 36, empty and non-empty tweaks.
 */
class Ff1Test {
  private static final String K128 = "2B7E151628AED2A6ABF7158809CF4F3C";
  private static final String K192 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F";
  private static final String K256 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94";
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  @ParameterizedTest(name = "sample {0}")
  @CsvSource({
    "1, " + K128 + ", 10, '', 0123456789, 2433477484",
    "2, " + K128 + ", 10, 39383736353433323130, 0123456789, 6124200773",
    "3, " + K128 + ", 36, 3737373770717273373737, 0123456789abcdefghi, a9tv40mll9kdu509eum",
    "4, " + K192 + ", 10, '', 0123456789, 2830668132",
    "5, " + K192 + ", 10, 39383736353433323130, 0123456789, 2496655549",
    "6, " + K192 + ", 36, 3737373770717273373737, 0123456789abcdefghi, xbj3kv35jrawxv32ysr",
    "7, " + K256 + ", 10, '', 0123456789, 6657667009",
    "8, " + K256 + ", 10, 39383736353433323130, 0123456789, 1001623463",
    "9, " + K256 + ", 36, 3737373770717273373737, 0123456789abcdefghi, xs8a0azh2avyalyzuwd",
  })
  void encrypt_nistSamples_matchAndDecryptBack(int sample, String key, int radix, String tweak, String pt, String ct) {
    Ff1 ff1 = new Ff1(HexFormat.of().parseHex(key), radix, HexFormat.of().parseHex(tweak));
    assertThat(text(ff1.encrypt(symbols(pt)))).isEqualTo(ct);
    assertThat(text(ff1.decrypt(symbols(ct)))).isEqualTo(pt);
  }

  @Test
  void encryptBelow_staysInDomainAndIsInjectiveAndInvertible() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Ff1 ff1 = new Ff1(key, 10, new byte[0]);
    long bound = 730_490; // not a power of ten: forces cycle walking
    Set<Long> seen = new HashSet<>();
    for (long x = 0; x < 3000; x++) {
      long y = ff1.encryptBelow(x, bound, 6);
      assertThat(y).isBetween(0L, bound - 1);
      assertThat(seen.add(y)).isTrue();
      assertThat(ff1.decryptBelow(y, bound, 6)).isEqualTo(x);
    }
  }

  private static byte[] symbols(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ALPHABET.indexOf(s.charAt(i));
    }
    return b;
  }

  private static String text(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(ALPHABET.charAt(x));
    }
    return sb.toString();
  }
}
