package se.tillit.fl.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.TaskResult;
import se.tillit.fl.protocol.v1.TensorChunk;

/**
 * The zero-copy marshaller against a stand-in for gRPC's received-buffer stream: a stream of
 * direct buffers that is {@link Detachable}, {@link HasByteBuffer} and keeps buffers read past
 * after {@code mark()} (as gRPC's {@code CompositeReadableBuffer} does), and records closing.
 */
class ChunkMarshallerTest {
  private final ChunkMarshaller<ClientMessage> marshaller = new ChunkMarshaller<>(
      ClientMessage.getDefaultInstance(), m -> m.getBodyCase() == ClientMessage.BodyCase.CHUNK);

  @AfterEach
  void nothingHeld() {
    assertThat(ChunkMarshaller.heldOnThisThread()).isZero();
  }

  @Test
  void parse_chunk_aliasesBuffersUntilReleased() throws Exception {
    byte[] data = randomBytes(256 << 10, 1);
    ClientMessage sent = chunkMessage(data);
    ReceivedStream received = ReceivedStream.of(sent.toByteArray(), 16 << 10);

    ClientMessage m = marshaller.parse(received);

    assertThat(m).isEqualTo(sent);
    assertThat(m.getChunk().getData().asReadOnlyByteBufferList())
        .allMatch(ByteBuffer::isDirect);
    assertThat(received.detachedClosed()).isFalse();
    assertThat(ChunkMarshaller.heldOnThisThread()).isEqualTo(1);

    ChunkMarshaller.release(m);
    assertThat(received.detachedClosed()).isTrue();
  }

  @Test
  void parse_otherLargeMessage_copiedAndReleasedAtOnce() throws Exception {
    // A result with a large text field, so the zero-copy path is tried and then declined.
    ClientMessage sent = ClientMessage.newBuilder()
        .setMetadata(MessageMetadata.newBuilder().setRunId("r".repeat(64 << 10)))
        .setResult(TaskResult.newBuilder().setNumExamples(7))
        .build();
    ReceivedStream received = ReceivedStream.of(sent.toByteArray(), 16 << 10);

    ClientMessage m = marshaller.parse(received);

    assertThat(received.detachedClosed()).isTrue();
    received.scribble(); // the buffers are gone; the message must not depend on them
    assertThat(m).isEqualTo(sent);
  }

  @Test
  void parse_smallChunk_plainParse() throws Exception {
    ClientMessage sent = chunkMessage(randomBytes(100, 2));
    ReceivedStream received = ReceivedStream.of(sent.toByteArray(), 16 << 10);

    ClientMessage m = marshaller.parse(received);

    assertThat(m).isEqualTo(sent);
    assertThat(received.detachCalled).isFalse();
  }

  @Test
  void parse_garbage_internalErrorAndBuffersReleased() {
    byte[] garbage = randomBytes(64 << 10, 3);
    garbage[0] = (byte) 0xff; // an invalid tag
    ReceivedStream received = ReceivedStream.of(garbage, 16 << 10);

    assertThatThrownBy(() -> marshaller.parse(received))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
            .isEqualTo(Status.Code.INTERNAL));
    assertThat(received.detachedClosed()).isTrue();
  }

  @Test
  void release_messageNotHeld_doesNothing() {
    ChunkMarshaller.release(ClientMessage.getDefaultInstance());
    assertThat(ChunkMarshaller.heldOnThisThread()).isZero();
  }

  @Test
  void release_nested_releasesTheRightOne() throws Exception {
    ReceivedStream a = ReceivedStream.of(chunkMessage(randomBytes(64 << 10, 4)).toByteArray(), 8192);
    ReceivedStream b = ReceivedStream.of(chunkMessage(randomBytes(64 << 10, 5)).toByteArray(), 8192);
    ClientMessage ma = marshaller.parse(a);
    ClientMessage mb = marshaller.parse(b);

    ChunkMarshaller.release(ma);
    assertThat(a.detachedClosed()).isTrue();
    assertThat(b.detachedClosed()).isFalse();
    ChunkMarshaller.release(mb);
    assertThat(b.detachedClosed()).isTrue();
  }

  @Test
  void parse_messagesNeverReleased_heldBuffersBounded() throws Exception {
    List<ReceivedStream> streams = new ArrayList<>();
    List<ClientMessage> messages = new ArrayList<>();
    for (int i = 0; i <= ChunkMarshaller.MAX_HELD_PER_THREAD; i++) {
      ReceivedStream s = ReceivedStream.of(chunkMessage(randomBytes(40 << 10, 10 + i)).toByteArray(),
          8192);
      streams.add(s);
      messages.add(marshaller.parse(s));
    }

    // The oldest was freed when one more than the bound arrived; the others are still held.
    assertThat(streams.get(0).detachedClosed()).isTrue();
    assertThat(streams.get(1).detachedClosed()).isFalse();
    assertThat(ChunkMarshaller.heldOnThisThread()).isEqualTo(ChunkMarshaller.MAX_HELD_PER_THREAD);
    messages.forEach(ChunkMarshaller::release);
    assertThat(streams).allMatch(ReceivedStream::detachedClosed);
  }

  private static ClientMessage chunkMessage(byte[] data) {
    return ClientMessage.newBuilder().setChunk(TensorChunk.newBuilder()
            .setTransferId("t-1").setTensorName("w").setChunkCount(1)
            .setData(ByteString.copyFrom(data)).setCrc32C(42))
        .build();
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** Received bytes in direct buffers of {@code piece} bytes, as a transport would hold them. */
  static final class ReceivedStream extends InputStream
      implements KnownLength, HasByteBuffer, Detachable {
    private final List<ByteBuffer> buffers;
    private int index;
    private boolean marked;
    private boolean closed;
    boolean detachCalled;
    private ReceivedStream detached;

    private ReceivedStream(List<ByteBuffer> buffers) {
      this.buffers = buffers;
    }

    static ReceivedStream of(byte[] bytes, int piece) {
      List<ByteBuffer> buffers = new ArrayList<>();
      for (int off = 0; off < bytes.length; off += piece) {
        int n = Math.min(piece, bytes.length - off);
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        b.put(bytes, off, n).flip();
        buffers.add(b);
      }
      return new ReceivedStream(buffers);
    }

    boolean detachedClosed() {
      return detached != null ? detached.closed : closed;
    }

    /** Overwrites every buffer, as reuse by the transport would after release. */
    void scribble() {
      (detached != null ? detached : this).buffers.forEach(ReceivedStream::scribbleOne);
    }

    @Override
    public InputStream detach() {
      detachCalled = true;
      detached = new ReceivedStream(new ArrayList<>(buffers.subList(index, buffers.size())));
      buffers.clear();
      index = 0;
      return detached;
    }

    @Override
    public int available() {
      int n = 0;
      for (int i = index; i < buffers.size(); i++) {
        n += buffers.get(i).remaining();
      }
      return n;
    }

    @Override
    public int read() {
      checkOpen();
      while (index < buffers.size() && !buffers.get(index).hasRemaining()) {
        index++;
      }
      return index < buffers.size() ? buffers.get(index).get() & 0xff : -1;
    }

    @Override
    public long skip(long n) {
      checkOpen();
      long left = n;
      while (left > 0 && index < buffers.size()) {
        ByteBuffer b = buffers.get(index);
        int k = (int) Math.min(left, b.remaining());
        b.position(b.position() + k);
        left -= k;
        if (!b.hasRemaining()) {
          if (!marked) {
            scribbleOne(b); // a transport frees buffers read past unless marked
          }
          index++;
        }
      }
      return n - left;
    }

    private static void scribbleOne(ByteBuffer b) {
      for (int i = 0; i < b.capacity(); i++) {
        b.put(i, (byte) 0x55);
      }
    }

    @Override
    public boolean markSupported() {
      return true;
    }

    @Override
    public void mark(int limit) {
      marked = true;
    }

    @Override
    public boolean byteBufferSupported() {
      return true;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      checkOpen();
      return index < buffers.size() ? buffers.get(index).slice() : null;
    }

    @Override
    public void close() {
      closed = true;
    }

    private void checkOpen() {
      if (closed) {
        throw new IllegalStateException("closed");
      }
    }
  }
}
