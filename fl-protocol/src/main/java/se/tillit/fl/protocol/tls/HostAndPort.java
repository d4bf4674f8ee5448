package se.tillit.fl.protocol.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A network address as participants write it: {@code HOST:PORT}, where HOST is a DNS name, an
 * IPv4 literal or a bracketed IPv6 literal ({@code [2001:db8::1]:8443}). Parsing never resolves
 * names (no DNS lookups). DNS names are kept in lower case.
 *
 * @param host the DNS name or IP literal, without brackets
 * @param port 1 to 65535
 */
public record HostAndPort(String host, int port) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** Checks the host and the port; see {@link #parse(String)} for what is allowed. */
  public HostAndPort {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must be a DNS name or an IP address. Provided value: "
          + (host == null ? "null" : "an empty string"));
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535. Provided value: " + port);
    }
    if (!isIpLiteral(host)) {
      String lower = host.toLowerCase(Locale.ROOT);
      if (!isDnsName(lower)) {
        throw new IllegalArgumentException("host must be a DNS name (letters, digits and '-' in"
            + " dot-separated labels of at most 63 characters) or an IPv4/IPv6 address."
            + " Provided value: " + host);
      }
      host = lower;
    }
  }

  /**
   * Parses {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static HostAndPort parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "address must be HOST:PORT (for example fl.example.se:8443). Provided value: "
              + (text == null ? "null" : "'" + text + "'"));
    }
    String t = text.strip();
    String host;
    String portText;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "an IPv6 address must be written [ADDRESS]:PORT. Provided value: " + t);
      }
      host = t.substring(1, close);
      portText = t.substring(close + 2);
      if (!isIpLiteral(host) || !host.contains(":")) {
        throw new IllegalArgumentException("not an IPv6 address inside [ ]. Provided value: " + t);
      }
    } else {
      int colon = t.lastIndexOf(':');
      if (colon <= 0 || t.indexOf(':') != colon) {
        throw new IllegalArgumentException("address must be HOST:PORT (write an IPv6 address as"
            + " [ADDRESS]:PORT). Provided value: " + t);
      }
      host = t.substring(0, colon);
      portText = t.substring(colon + 1);
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "port must be a number between 1 and 65535. Provided value: '" + portText + "' in " + t);
    }
    return new HostAndPort(host, port);
  }

  /** True if the host is an IP address literal rather than a DNS name. */
  public boolean isIpAddress() {
    return isIpLiteral(host);
  }

  /** {@code host:port}, with brackets around an IPv6 host; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static boolean isIpLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      for (String part : host.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    if (host.contains(":") && IPV6_CHARS.matcher(host).matches()) {
      try {
        // A literal of these characters only: InetAddress parses it without any lookup.
        return InetAddress.getByName(host) != null;
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean isDnsName(String host) {
    if (host.length() > 253 || host.startsWith(".") || host.endsWith(".")) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // All-numeric dotted names that are not valid IPv4 (e.g. 999.1.1.1) are refused.
    return !host.matches("[0-9.]+");
  }
}
