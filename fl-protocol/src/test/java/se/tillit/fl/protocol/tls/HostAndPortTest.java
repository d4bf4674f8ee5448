package se.tillit.fl.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAndPortTest {
  @Test
  void parse_forms_roundTrip() {
    assertThat(HostAndPort.parse("FL.Example.se:8443")).isEqualTo(new HostAndPort("fl.example.se", 8443));
    assertThat(HostAndPort.parse("10.0.0.1:1").isIpAddress()).isTrue();
    HostAndPort v6 = HostAndPort.parse("[2001:db8::1]:443");
    assertThat(v6.host()).isEqualTo("2001:db8::1");
    assertThat(v6.isIpAddress()).isTrue();
    assertThat(HostAndPort.parse(v6.toString())).isEqualTo(v6);
    assertThat(HostAndPort.parse("localhost:50051").isIpAddress()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "host", "host:", ":80", "host:0", "host:65536", "host:http",
      "bad_host:80", "-x.se:80", "2001:db8::1:443", "[nothost]:80", "999.1.1.1:80", "a..b:80"})
  void parse_invalid_refusedNamingValue(String text) {
    assertThatThrownBy(() -> HostAndPort.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value");
  }
}
