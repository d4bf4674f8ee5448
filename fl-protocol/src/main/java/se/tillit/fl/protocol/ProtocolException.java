package se.tillit.fl.protocol;

import io.grpc.Status;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.ErrorInfo;

/**
 * A peer sent something that breaks the protocol: a malformed message, an oversized or non-finite
 * tensor, a wrong shape, a missing or repeated chunk, a digest that does not match.
 *
 * <p>The message names what was wrong (which tensor, which chunk, which limit, and the value
 * given) and never contains tensor data, keys or personal data, so it can be logged and sent back
 * to the peer as it is ({@link #toErrorInfo()}, {@link #toStatus()}).
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message);
    if (code == null || code == ErrorCode.ERROR_CODE_UNSPECIFIED || code == ErrorCode.UNRECOGNIZED) {
      throw new IllegalArgumentException("code must be a specific ErrorCode. Provided value: " + code);
    }
    this.code = code;
  }

  /** What kind of violation this is. */
  public ErrorCode code() {
    return code;
  }

  /** The error as the protocol's error body, for an ErrorInfo reply. */
  public ErrorInfo toErrorInfo() {
    return ErrorInfo.newBuilder().setCode(code).setMessage(getMessage()).setRetryable(false).build();
  }

  /** The gRPC status to close a stream with, described by the code's name and this message. */
  public Status toStatus() {
    return statusCodeOf(code).toStatus().withDescription(code.name() + ": " + getMessage());
  }

  /** The gRPC status code that fits a protocol error code. */
  public static Status.Code statusCodeOf(ErrorCode code) {
    switch (code) {
      case ERROR_CODE_OVERSIZED:
      case ERROR_CODE_BUDGET_EXCEEDED:
        return Status.Code.RESOURCE_EXHAUSTED;
      case ERROR_CODE_UNSUPPORTED_VERSION:
      case ERROR_CODE_STALE_MESSAGE:
        return Status.Code.FAILED_PRECONDITION;
      case ERROR_CODE_UNKNOWN_CLIENT:
        return Status.Code.PERMISSION_DENIED;
      case ERROR_CODE_TASK_FAILED:
        return Status.Code.ABORTED;
      case ERROR_CODE_CANCELLED:
        return Status.Code.CANCELLED;
      case ERROR_CODE_INTERNAL:
        return Status.Code.INTERNAL;
      default:
        return Status.Code.INVALID_ARGUMENT;
    }
  }
}
