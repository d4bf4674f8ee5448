package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Connect stream over real HTTP/2 on loopback (Netty, plaintext), with gRPC's default 4 MiB
 * maximum inbound message size on both sides: messages are serialized, and flow control paces
 * the transfer. Both sides use {@link FleetCalls}, as the coordinator and client do, so chunks are
 * parsed without copying out of the network buffers.
 */
class LoopbackFleetTest {
  private Server server;
  private ManagedChannel channel;
  private EchoFleetService service;

  private void start() throws Exception {
    service = new EchoFleetService(TensorChunker.defaults(), AssemblyLimits.DEFAULT);
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(FleetCalls.bindService(service)).build().start();
    channel = Grpc.newChannelBuilder("localhost:" + server.getPort(),
        InsecureChannelCredentials.create()).build();
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

  private ModelParameters exchange(ModelParameters model, long deadlineSeconds) throws Exception {
    TestFleetClient client = TestFleetClient.exchange(channel, model, TensorChunker.defaults(),
        TestFleetClient::unchanged, deadlineSeconds);
    return client.received.get(deadlineSeconds, TimeUnit.SECONDS);
  }

  @Test
  void connect_16MbModelOverHttp2_exactlyEqual() throws Exception {
    start();
    ModelParameters model = TestModels.floatModel(16L << 20, 5);
    assertThat(exchange(model, 60)).isEqualTo(model);
    assertThat(service.modelsReceived).hasValue(1);
  }

  @Test
  void connect_overNetty_chunksParsedWithoutCopying() throws Exception {
    start();
    ModelParameters model = TestModels.floatModel(8L << 20, 3);
    assertThat(exchange(model, 60)).isEqualTo(model);
    // Every 1 MiB chunk's data referred to the received network buffers; the echo back to the
    // client went through the same path there, and the model still arrived exactly.
    assertThat(service.zeroCopyChunks.get()).isGreaterThanOrEqualTo(8);
  }

  /** The size: a model of at least 300 MB, up and back down. Run with -Pslow. */
  @Test
  @Tag("slow")
  void connect_300MbModelOverHttp2_exactlyEqual() throws Exception {
    start();
    ModelParameters model = TestModels.floatModel(300_000_000L, 6);
    long t0 = System.nanoTime();
    ModelParameters back = exchange(model, 300);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(back).isEqualTo(model);
    System.out.printf("300 MB model up and back over loopback in %.1f s (%.0f MB/s each way)%n",
        seconds, 2 * model.totalBytes() / 1e6 / seconds);
  }
}
