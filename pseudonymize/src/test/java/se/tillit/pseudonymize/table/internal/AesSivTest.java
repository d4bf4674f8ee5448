package se.tillit.pseudonymize.table.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesSiv;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class AesSivTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 5297, Appendix A.1: Deterministic Authenticated Encryption Example. */
  @Test
  void encrypt_rfc5297A1_matchesVector() throws Exception {
    byte[] key = HEX.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    byte[] ad = HEX.parseHex("101112131415161718191a1b1c1d1e1f2021222324252627");
    byte[] pt = HEX.parseHex("112233445566778899aabbccddee");
    byte[] out = new se.tillit.pseudonymize.table.internal.AesSiv(key).encrypt(pt, ad);
    assertThat(HEX.formatHex(out))
        .isEqualTo("85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c");
    assertThat(new se.tillit.pseudonymize.table.internal.AesSiv(key).decrypt(out, ad)).isEqualTo(pt);
  }

  /** RFC 5297, Appendix A.2: Nonce-Based Authenticated Encryption Example (nonce = last AD). */
  @Test
  void encrypt_rfc5297A2_matchesVector() throws Exception {
    byte[] key = HEX.parseHex("7f7e7d7c7b7a79787776757473727170404142434445464748494a4b4c4d4e4f");
    byte[] ad1 = HEX.parseHex(
        "00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99887766554433221100");
    byte[] ad2 = HEX.parseHex("102030405060708090a0");
    byte[] nonce = HEX.parseHex("09f911029d74e35bd84156c5635688c0");
    byte[] pt = HEX.parseHex(
        "7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074207573696e67205349562d414553");
    byte[] out = new se.tillit.pseudonymize.table.internal.AesSiv(key).encrypt(pt, ad1, ad2, nonce);
    assertThat(HEX.formatHex(out))
        .isEqualTo("7bdb6e3b432667eb06f4d14bff2fbd0fcb900f2fddbe404326601965c889bf17"
            + "dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d");
  }

  @Test
  void encrypt_aes256Siv_agreesWithTink() throws Exception {
    SecureRandom r = new SecureRandom();
    for (int i = 0; i < 50; i++) {
      byte[] key = new byte[64];
      r.nextBytes(key);
      byte[] pt = new byte[r.nextInt(70)];
      r.nextBytes(pt);
      byte[] ad = new byte[r.nextInt(40)];
      r.nextBytes(ad);
      byte[] ours = new se.tillit.pseudonymize.table.internal.AesSiv(key).encrypt(pt, ad);
      assertThat(ours).isEqualTo(new AesSiv(key).encryptDeterministically(pt, ad));
    }
  }

  @Test
  void decrypt_wrongKeyOrTamperedOrWrongAd_throwsBadTag() throws Exception {
    byte[] key = new byte[64];
    byte[] other = new byte[64];
    other[0] = 1;
    var siv = new se.tillit.pseudonymize.table.internal.AesSiv(key);
    byte[] c = siv.encrypt("hemlig".getBytes(), new byte[] {1});
    assertThatThrownBy(() -> new se.tillit.pseudonymize.table.internal.AesSiv(other).decrypt(c, new byte[] {1}))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> siv.decrypt(c, new byte[] {2})).isInstanceOf(AEADBadTagException.class);
    c[c.length - 1] ^= 1;
    assertThatThrownBy(() -> siv.decrypt(c, new byte[] {1})).isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> siv.decrypt(new byte[3])).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void constructor_badKeyLength_throws() {
    assertThatThrownBy(() -> new se.tillit.pseudonymize.table.internal.AesSiv(new byte[20]))
        .hasMessageContaining("32, 48 or 64");
  }
}
