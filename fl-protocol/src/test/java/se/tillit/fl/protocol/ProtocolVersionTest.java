package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.Hello;
import se.tillit.fl.protocol.v1.Version;

class ProtocolVersionTest {
  private static ProtocolVersion v(int major, int minor) {
    return new ProtocolVersion(major, minor);
  }

  @Test
  void current_isOneOne() {
    assertThat(ProtocolVersion.CURRENT).hasToString("1.1");
    assertThat(ProtocolVersion.parse("1.1")).isEqualTo(ProtocolVersion.CURRENT);
  }

  @Test
  void isCompatibleWith_sameMajorOnly() {
    assertThat(v(1, 0).isCompatibleWith(v(1, 7))).isTrue();
    assertThat(v(1, 0).isCompatibleWith(v(2, 0))).isFalse();
  }

  @Test
  void negotiate_highestCommonVersion() {
    assertThat(ProtocolVersion.negotiate(v(1, 0), v(1, 3), v(1, 1), v(1, 5))).contains(v(1, 3));
    assertThat(ProtocolVersion.negotiate(v(1, 0), v(1, 3), v(1, 0), v(1, 1))).contains(v(1, 1));
    assertThat(ProtocolVersion.negotiate(v(1, 0), v(1, 3), v(2, 0), v(2, 1))).isEmpty();
    assertThat(ProtocolVersion.negotiate(v(1, 2), v(1, 3), v(1, 0), v(1, 1))).isEmpty();
  }

  @Test
  void negotiateHello_newerMinorClient_getsCurrent() throws Exception {
    Hello hello = Hello.newBuilder().setMaxVersion(v(1, 9).toProto()).build();
    assertThat(ProtocolVersion.negotiate(hello)).isEqualTo(ProtocolVersion.CURRENT);
  }

  @Test
  void negotiateHello_otherMajor_unsupportedNamingBothRanges() {
    Hello hello = Hello.newBuilder().setMinVersion(v(2, 0).toProto())
        .setMaxVersion(v(2, 4).toProto()).build();
    assertThatThrownBy(() -> ProtocolVersion.negotiate(hello))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION))
        .hasMessage("no common protocol version: this coordinator speaks 1.0 to 1.1,"
            + " the client 2.0 to 2.4");
  }

  @Test
  void negotiateHello_missingOrInvertedOrZero_malformed() {
    assertThatThrownBy(() -> ProtocolVersion.negotiate(Hello.getDefaultInstance()))
        .hasMessage("Hello.max_version is missing");
    assertThatThrownBy(() -> ProtocolVersion.negotiate(Hello.newBuilder()
            .setMinVersion(v(1, 3).toProto()).setMaxVersion(v(1, 1).toProto()).build()))
        .hasMessageContaining("min_version must be <= max_version");
    assertThatThrownBy(() -> ProtocolVersion.fromProto(Version.getDefaultInstance()))
        .hasMessageContaining("major >= 1");
  }

  @Test
  void constructorAndParse_rejectBadValues() {
    assertThatThrownBy(() -> v(0, 1)).hasMessage("major version must be >= 1. Provided value: 0");
    assertThatThrownBy(() -> ProtocolVersion.parse("one")).hasMessageContaining("MAJOR.MINOR");
  }
}
