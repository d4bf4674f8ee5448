package se.tillit.fl.protocol.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A protobuf marshaller that parses tensor chunks without copying their data out of the network
 * buffers.
 *
 * <p>gRPC's own protobuf marshaller copies every received message twice before the application
 * sees it (network buffers into a scratch array, then the {@code bytes} field into a new array),
 * and a model of hundreds of megabytes then costs as much memory traffic in those copies as in the
 * transfer itself. For a message that {@code zeroCopy} accepts (a tensor chunk), this marshaller
 * instead takes ownership of gRPC's received buffers ({@link Detachable}), reads them as
 * {@link ByteBuffer}s ({@link HasByteBuffer}), and parses with aliasing, so the chunk's data refers
 * to the network buffers themselves. The buffers stay held until {@link #release} is called for
 * that message, which {@code FleetCalls} does when the application's {@code onNext} returns.
 * Every other message is parsed again from the same buffers with copying, so it owns its bytes
 * and may be kept, and the buffers are released at once.
 *
 * <p>The contract this gives the application: a received message for which {@code zeroCopy} is
 * true is valid only during the {@code onNext} call that delivers it. {@code TensorAssembler}
 * copies a chunk's data into the tensor being assembled, which is the one copy left.
 *
 * <p>Falls back to the plain marshaller when the transport offers no detachable byte buffers
 * (in-process transport, compressed messages) or the message is small.
 */
public final class ChunkMarshaller<T extends Message> implements MethodDescriptor.Marshaller<T> {
  /** Messages smaller than this are parsed by the plain marshaller: aliasing would not pay. */
  static final int MIN_ZERO_COPY_BYTES = 32 << 10;
  /** More messages held at once on one thread than delivery ever nests means a leak. */
  static final int MAX_HELD_PER_THREAD = 8;

  /**
   * Buffers held for messages being delivered on this thread, innermost last. gRPC parses a
   * message and hands it to the listener on the same thread, one after the other, so the message
   * released is the last one held (a stack also covers a listener that re-enters delivery).
   */
  private static final ThreadLocal<ArrayDeque<Held>> HELD = ThreadLocal.withInitial(ArrayDeque::new);

  private final MethodDescriptor.Marshaller<T> plain;
  private final Parser<T> parser;
  private final Predicate<T> zeroCopy;

  @SuppressWarnings("unchecked")
  public ChunkMarshaller(T defaultInstance, Predicate<T> zeroCopy) {
    this.plain = ProtoUtils.marshaller(defaultInstance);
    this.parser = (Parser<T>) defaultInstance.getParserForType();
    this.zeroCopy = zeroCopy;
  }

  @Override
  public InputStream stream(T value) {
    return plain.stream(value);
  }

  @Override
  public T parse(InputStream stream) {
    if (!(stream instanceof Detachable) || !(stream instanceof HasByteBuffer)
        || !((HasByteBuffer) stream).byteBufferSupported() || !stream.markSupported()
        || available(stream) < MIN_ZERO_COPY_BYTES) {
      return plain.parse(stream);
    }
    InputStream detached = ((Detachable) stream).detach();
    boolean held = false;
    try {
      // mark() makes the stream keep the buffers it has been read past until close().
      detached.mark(Integer.MAX_VALUE);
      ByteString bytes = readAll(detached);
      CodedInputStream in = bytes.newCodedInput();
      in.enableAliasing(true);
      T message = parseFrom(in);
      if (!zeroCopy.test(message)) {
        return parseFrom(bytes.newCodedInput());
      }
      ArrayDeque<Held> onThread = HELD.get();
      if (onThread.size() >= MAX_HELD_PER_THREAD) {
        // Deliveries do not nest this deep: the oldest was dropped by some listener without
        // being released. Free it rather than let such a path leak a buffer per message.
        closeQuietly(onThread.removeFirst().buffers);
      }
      onThread.addLast(new Held(message, detached));
      held = true;
      return message;
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e)
          .asRuntimeException();
    } finally {
      if (!held) {
        closeQuietly(detached);
      }
    }
  }

  /**
   * Releases the network buffers of {@code message} if this thread holds them (it does when the
   * message was parsed with aliasing); otherwise does nothing.
   */
  public static void release(Object message) {
    ArrayDeque<Held> held = HELD.get();
    for (Iterator<Held> it = held.descendingIterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.message == message) {
        it.remove();
        closeQuietly(h.buffers);
        return;
      }
    }
  }

  /** The number of messages whose buffers this thread holds (for tests). */
  static int heldOnThisThread() {
    return HELD.get().size();
  }

  private T parseFrom(CodedInputStream in) throws InvalidProtocolBufferException {
    in.setSizeLimit(Integer.MAX_VALUE);
    T message = parser.parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
    in.checkLastTagWas(0);
    return message;
  }

  private static ByteString readAll(InputStream detached) throws IOException {
    HasByteBuffer source = (HasByteBuffer) detached;
    List<ByteString> parts = new ArrayList<>();
    while (detached.available() > 0) {
      ByteBuffer b = source.getByteBuffer();
      if (b == null) {
        break;
      }
      int n = b.remaining();
      parts.add(UnsafeByteOperations.unsafeWrap(b));
      long skipped = detached.skip(n);
      if (skipped != n) {
        throw new IOException("could not skip " + n + " received bytes (skipped " + skipped + ")");
      }
    }
    return ByteString.copyFrom(parts); // concatenates without copying the parts
  }

  private static int available(InputStream stream) {
    try {
      return stream.available();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // Releasing a buffer cannot fail in a way the caller could act on.
    }
  }

  private record Held(Object message, InputStream buffers) {}
}
