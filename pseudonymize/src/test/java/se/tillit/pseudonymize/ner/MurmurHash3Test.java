package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import se.tillit.pseudonymize.ner.internal.MurmurHash3;

class MurmurHash3Test {
  // Test vectors of MurmurHash3_x86_32 as published with the reference implementation's
  // verification discussions (e.g. the table in https://stackoverflow.com/q/14747343 and
  // Wikipedia's MurmurHash article): input, seed, expected hash.
  @Test
  void hash32_referenceVectors_match() {
    assertThat(MurmurHash3.hash32(new byte[0], 0)).isEqualTo(0);
    assertThat(MurmurHash3.hash32(new byte[0], 1)).isEqualTo(0x514E28B7);
    assertThat(MurmurHash3.hash32(new byte[0], 0xffffffff)).isEqualTo(0x81F16F39);
    assertThat(MurmurHash3.hash32(new byte[] {0, 0, 0, 0}, 0)).isEqualTo(0x2362F9DE);
    assertThat(MurmurHash3.hash32(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        0)).isEqualTo(0x76293B50);
    assertThat(MurmurHash3.hash32(new byte[] {0x21, 0x43, 0x65, (byte) 0x87}, 0))
        .isEqualTo(0xF55B516B);
    assertThat(MurmurHash3.hash32(new byte[] {0x21, 0x43, 0x65}, 0)).isEqualTo(0x7E4A8634);
    assertThat(MurmurHash3.hash32(new byte[] {0x21, 0x43}, 0)).isEqualTo(0xA0F7B07A);
    assertThat(MurmurHash3.hash32(new byte[] {0x21}, 0)).isEqualTo(0x72661CF4);
    assertThat(MurmurHash3.hash32(ascii("aaaa"), 0x9747b28c)).isEqualTo(0x5A97808A);
    assertThat(MurmurHash3.hash32(ascii("Hello, world!"), 0x9747b28c)).isEqualTo(0x24884CBA);
    assertThat(MurmurHash3.hash32(ascii("The quick brown fox jumps over the lazy dog"),
        0x9747b28c)).isEqualTo(0x2FA826CD);
  }

  @Test
  void hash32_charSequence_hashesUtf8Bytes() {
    assertThat(MurmurHash3.hash32("Åsa", 7))
        .isEqualTo(MurmurHash3.hash32("Åsa".getBytes(StandardCharsets.UTF_8), 7));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
