package se.tillit.fl.protocol;

import java.util.Optional;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.Hello;
import se.tillit.fl.protocol.v1.Version;

/**
 * A version of the Fleet protocol, {@code major.minor}.
 *
 * <p>The major version is the protobuf package ({@code tillit.fl.v1} is major 1): peers with
 * different majors cannot talk. Minor versions within a major only add fields, enum values and
 * message kinds, so any two minors interoperate; peers use the smaller of the two, and the newer
 * peer leaves out what the older one would not understand.
 *
 * @param major {@code >= 1}
 * @param minor {@code >= 0}
 */
public record ProtocolVersion(int major, int minor) implements Comparable<ProtocolVersion> {
  /** The version this build speaks (and the newest it speaks). */
  public static final ProtocolVersion CURRENT = new ProtocolVersion(1, 1);
  /** The oldest version this build still speaks. */
  public static final ProtocolVersion OLDEST_SUPPORTED = new ProtocolVersion(1, 0);

  public ProtocolVersion {
    if (major < 1) {
      throw new IllegalArgumentException("major version must be >= 1. Provided value: " + major);
    }
    if (minor < 0) {
      throw new IllegalArgumentException("minor version must be >= 0. Provided value: " + minor);
    }
  }

  /** Parses {@code "1.0"}. */
  public static ProtocolVersion parse(String text) {
    int dot = text.indexOf('.');
    try {
      if (dot > 0) {
        return new ProtocolVersion(
            Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        "protocol version must look like MAJOR.MINOR, e.g. 1.0. Provided value: " + text);
  }

  /** Whether a peer speaking {@code other} can talk to one speaking this: equal majors. */
  public boolean isCompatibleWith(ProtocolVersion other) {
    return major == other.major;
  }

  /**
   * The version two peers use: the highest in both ranges {@code [ourOldest, ourNewest]} and
   * {@code [peerOldest, peerNewest]} within one major, or empty if there is none.
   */
  public static Optional<ProtocolVersion> negotiate(
      ProtocolVersion ourOldest, ProtocolVersion ourNewest,
      ProtocolVersion peerOldest, ProtocolVersion peerNewest) {
    ProtocolVersion high = min(ourNewest, peerNewest);
    ProtocolVersion low = max(ourOldest, peerOldest);
    if (high.compareTo(low) < 0) {
      return Optional.empty();
    }
    return Optional.of(high);
  }

  /**
   * The version to use with a client that sent {@code hello}, this build being the coordinator.
   *
   * @throws ProtocolException (MALFORMED) if the Hello carries no valid version,
   *     (UNSUPPORTED_VERSION) if there is no common version; the message names both ranges
   */
  public static ProtocolVersion negotiate(Hello hello) throws ProtocolException {
    if (!hello.hasMaxVersion()) {
      throw new ProtocolException(ErrorCode.ERROR_CODE_MALFORMED, "Hello.max_version is missing");
    }
    ProtocolVersion peerNewest = fromProto(hello.getMaxVersion());
    ProtocolVersion peerOldest = hello.hasMinVersion()
        ? fromProto(hello.getMinVersion())
        : new ProtocolVersion(peerNewest.major(), 0);
    if (peerOldest.compareTo(peerNewest) > 0) {
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_MALFORMED,
          "Hello.min_version must be <= max_version. Provided value: " + peerOldest + " > "
              + peerNewest);
    }
    return negotiate(OLDEST_SUPPORTED, CURRENT, peerOldest, peerNewest)
        .orElseThrow(() -> new ProtocolException(
            ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
            "no common protocol version: this coordinator speaks " + OLDEST_SUPPORTED + " to "
                + CURRENT + ", the client " + peerOldest + " to " + peerNewest));
  }

  /**
   * The version on the wire.
   *
   * @throws ProtocolException (MALFORMED) if major is 0 or a number does not fit an int
   */
  public static ProtocolVersion fromProto(Version v) throws ProtocolException {
    if (v.getMajor() < 1 || v.getMinor() < 0) { // uint32 read as int: > 2^31 shows negative
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_MALFORMED,
          "protocol version must have major >= 1 and minor >= 0. Provided value: "
              + Integer.toUnsignedString(v.getMajor()) + "." + Integer.toUnsignedString(v.getMinor()));
    }
    return new ProtocolVersion(v.getMajor(), v.getMinor());
  }

  public Version toProto() {
    return Version.newBuilder().setMajor(major).setMinor(minor).build();
  }

  @Override
  public int compareTo(ProtocolVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  private static ProtocolVersion min(ProtocolVersion a, ProtocolVersion b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static ProtocolVersion max(ProtocolVersion a, ProtocolVersion b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** {@code "1.0"}. */
  @Override
  public String toString() {
    return major + "." + minor;
  }
}
