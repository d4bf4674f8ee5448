package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.TensorChunk;

/** The Connect stream in-process: a 64 MB model up and back down, and a refusal. */
class InProcessFleetTest {
  private Server server;
  private ManagedChannel channel;
  private EchoFleetService service;

  private void start(TensorChunker chunker) throws Exception {
    String name = InProcessServerBuilder.generateName();
    service = new EchoFleetService(chunker, AssemblyLimits.DEFAULT);
    server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build()
        .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void connect_64MbModelUpAndBack_exactlyEqual() throws Exception {
    start(TensorChunker.defaults());
    ModelParameters model = TestModels.floatModel(64L << 20, 3);
    TestFleetClient client = TestFleetClient.exchange(channel, model,
        TensorChunker.withChunkBytes((1 << 20) - 3), TestFleetClient::unchanged, 60);

    ModelParameters back = client.received.get(60, TimeUnit.SECONDS);
    assertThat(service.modelsReceived).hasValue(1);
    assertThat(client.negotiated).isEqualTo(ProtocolVersion.CURRENT);
    assertThat(back.totalBytes()).isEqualTo(model.totalBytes()).isGreaterThan(64_000_000);
    assertThat(back).isEqualTo(model);
  }

  @Test
  void connect_corruptedChunk_refusedWithInvalidArgumentNamingTheTensor() throws Exception {
    start(TensorChunker.defaults());
    ModelParameters model = TestModels.floatModel(3_000_000, 4);
    TestFleetClient client = TestFleetClient.exchange(channel, model,
        TensorChunker.withChunkBytes(100_000), chunks -> corruptSecond(chunks), 30);

    assertThatThrownBy(() -> client.received.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(e -> {
          Status s = Status.fromThrowable(e.getCause());
          assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(s.getDescription()).startsWith("ERROR_CODE_DIGEST_MISMATCH: CRC-32C of"
              + " tensor 'layer0.W' (index 0) differs");
        });
    assertThat(service.lastRefusal.code()).isEqualTo(ErrorCode.ERROR_CODE_DIGEST_MISMATCH);
    assertThat(service.modelsReceived).hasValue(0);
  }

  private static Iterator<TensorChunk> corruptSecond(Iterator<TensorChunk> in) {
    return new Iterator<>() {
      private int n;

      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public TensorChunk next() {
        TensorChunk c = in.next();
        if (n++ == 1) {
          byte[] d = c.getData().toByteArray();
          d[0] ^= (byte) 0x80;
          c = c.toBuilder().setData(ByteString.copyFrom(d)).build();
        }
        return c;
      }
    };
  }
}
