package se.tillit.benchmarks.fl;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import se.tillit.fl.protocol.AssemblyLimits;
import se.tillit.fl.protocol.FleetCalls;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.OutboundStream;
import se.tillit.fl.protocol.ProtocolException;
import se.tillit.fl.protocol.Tensor;
import se.tillit.fl.protocol.TensorAssembler;
import se.tillit.fl.protocol.TensorChunker;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.FleetGrpc;
import se.tillit.fl.protocol.v1.Heartbeat;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.TaskResult;

/**
 * Model transfer throughput over loopback: a client uploads a model of {@code --mb} MB as a
 * TaskResult over the Fleet Connect stream (HTTP/2, Netty, chunks of 1 MiB, CRC-32C per tensor,
 * received without copying through {@link FleetCalls}, reassembled, checked for NaN and verified
 * by {@link TensorAssembler}, with {@link OutboundStream} back-pressure), against a plain TCP
 * socket copy of the same bytes into one new array on the receiving side. After untimed warm-up
 * reps, runs alternate side by side in one JVM, and the medians and their ratio are printed, with
 * the process CPU time each rep used.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar se.tillit.benchmarks.fl.TransferBench
 * [--mb 300] [--reps 5] [--warmup 10]}.
 */
public final class TransferBench {
  /**
   * HTTP/2 flow-control window in bytes, as the coordinator sets it: gRPC's initial 1 MiB, tuned
   * by gRPC from each connection's measured bandwidth-delay product (the coordinator's default,
   * {@code limits.flow_control_auto_tune}), unless {@code -Dtillit.bench.window=N} asks for
   * another start or {@code -Dtillit.bench.auto=false} keeps it fixed.
   */
  static int WINDOW = Integer.getInteger("tillit.bench.window", 1 << 20);
  static boolean AUTO = !"false".equals(System.getProperty("tillit.bench.auto"));
  /** {@code -Dtillit.bench.reuse=true}: the socket side reads into one reused array. */
  static boolean REUSE = Boolean.getBoolean("tillit.bench.reuse");

  private TransferBench() {}

  public static void main(String[] args) throws Exception {
    int mb = 300;
    int reps = 5;
    int warmup = 10;
    TensorChunker chunker = TensorChunker.defaults();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mb" -> mb = Integer.parseInt(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--chunk-kib" -> chunker = TensorChunker.withChunkBytes(Integer.parseInt(args[++i]) << 10);
        default -> {
          System.err.println("usage: TransferBench [--mb N] [--reps R] [--warmup W] [--chunk-kib K]");
          System.exit(2);
        }
      }
    }
    ModelParameters model = model(mb * 1_000_000L);
    byte[] raw = new byte[(int) Math.min(model.totalBytes(), Integer.MAX_VALUE - 16)];
    int off = 0;
    for (Tensor t : model.tensors()) {
      java.nio.ByteBuffer b = t.data();
      int n = b.remaining();
      b.get(raw, off, n);
      off += n;
    }
    try (GrpcSide grpc = new GrpcSide(chunker); SocketSide socket = new SocketSide()) {
      // Warm-up of both paths, untimed, as JMH does: the first uploads run while the JIT is still
      // compiling gRPC's and Netty's paths (they take 2-3 times as long).
      for (int w = 0; w < warmup; w++) {
        grpc.upload(model);
        socket.copy(raw);
      }
      List<Double> g = new ArrayList<>();
      List<Double> s = new ArrayList<>();
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      for (int r = 0; r < reps; r++) {
        long c0 = os.getProcessCpuTime();
        g.add(grpc.upload(model));
        long c1 = os.getProcessCpuTime();
        s.add(socket.copy(raw));
        long c2 = os.getProcessCpuTime();
        System.err.printf(Locale.ROOT, "rep %d: grpc %.3f s (cpu %.3f s), socket %.3f s (cpu %.3f s)%n", r + 1,
            g.get(r), (c1 - c0) / 1e9, s.get(r), (c2 - c1) / 1e9);
      }
      double gm = median(g);
      double sm = median(s);
      double bytes = model.totalBytes();
      System.out.printf(Locale.ROOT,
          "model %.0f MB; median gRPC upload %.2f s = %.0f MB/s; median socket copy %.2f s = %.0f MB/s;"
              + " ratio %.2f%n", bytes / 1e6, gm, bytes / 1e6 / gm, sm, bytes / 1e6 / sm, sm / gm);
      System.out.printf(Locale.ROOT,
          "{\"model_mb\":%.1f,\"grpc_median_s\":%.3f,\"grpc_mb_per_s\":%.1f,\"socket_median_s\":%.3f,"
              + "\"socket_mb_per_s\":%.1f,\"ratio\":%.3f,\"reps\":%d}%n",
          bytes / 1e6, gm, bytes / 1e6 / gm, sm, bytes / 1e6 / sm, sm / gm, reps);
    }
  }

  static ModelParameters model(long bytes) {
    // Several tensors, like a real network: 8 equal float tensors.
    int tensors = 8;
    int per = (int) (bytes / 4 / tensors);
    ModelParameters.Builder b = ModelParameters.builder();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    for (int t = 0; t < tensors; t++) {
      float[] v = new float[per];
      for (int i = 0; i < per; i++) {
        v[i] = (float) rnd.nextDouble(-1, 1);
      }
      b.addFloats("layer" + t + ".W", new long[] {per}, v);
    }
    return b.build();
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** A Fleet server that assembles one uploaded update per call and acknowledges it. */
  static final class GrpcSide implements AutoCloseable {
    private final Server server;
    private final ManagedChannel channel;

    private final TensorChunker chunker;

    GrpcSide(TensorChunker chunker) throws IOException {
      this.chunker = chunker;
      NettyServerBuilder sb = NettyServerBuilder.forAddress(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create());
      if (AUTO) {
        sb.initialFlowControlWindow(WINDOW);
      } else {
        sb.flowControlWindow(WINDOW);
      }
      server = sb
          .directExecutor() // as the coordinator runs its Fleet handlers
          .maxInboundMessageSize(80 << 20)
          .addService(FleetCalls.bindService(new FleetGrpc.FleetImplBase() {
            @Override
            public StreamObserver<ClientMessage> connect(StreamObserver<CoordinatorMessage> responses) {
              Messages.Sender sender = Messages.Sender.of("coordinator");
              OutboundStream<CoordinatorMessage> out =
                  OutboundStream.forServer(responses, Messages.coordinatorSequencer(), null);
              return new StreamObserver<>() {
                TensorAssembler assembler;

                @Override
                public void onNext(ClientMessage m) {
                  try {
                    switch (m.getBodyCase()) {
                      case RESULT -> assembler = TensorAssembler.start(
                          m.getMetadata().getMessageId(), m.getResult().getUpdate(),
                          AssemblyLimits.DEFAULT.toBuilder().maxChunkBytes(TensorChunker.MAX_CHUNK_BYTES).build());
                      case CHUNK -> {
                        assembler.accept(m.getChunk());
                        if (assembler.isComplete()) {
                          assembler.finish();
                          out.send(CoordinatorMessage.newBuilder()
                              .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT))
                              .setHeartbeat(Heartbeat.getDefaultInstance()).build());
                          out.complete();
                        }
                      }
                      default -> { }
                    }
                  } catch (ProtocolException e) {
                    out.fail(e.toStatus().asRuntimeException());
                  }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              };
            }
          })).build().start();
      NettyChannelBuilder cb = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(),
          InsecureChannelCredentials.create());
      if (AUTO) {
        cb.initialFlowControlWindow(WINDOW);
      } else {
        cb.flowControlWindow(WINDOW);
      }
      channel = cb.maxInboundMessageSize(80 << 20).build();
    }

    double upload(ModelParameters model) throws Exception {
      CompletableFuture<Void> done = new CompletableFuture<>();
      Messages.Sender sender = Messages.Sender.of("agency-a");
      @SuppressWarnings("unchecked")
      OutboundStream<ClientMessage>[] out = new OutboundStream[1];
      long t0 = System.nanoTime();
      FleetCalls.connect(channel, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(600, TimeUnit.SECONDS),
          new ClientResponseObserver<ClientMessage, CoordinatorMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
              out[0] = OutboundStream.forClient(requestStream, Messages.clientSequencer());
            }

            @Override
            public void onNext(CoordinatorMessage value) {
              done.complete(null);
            }

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              done.complete(null);
            }
          });
      MessageMetadata md = sender.metadata(MessageType.MESSAGE_TYPE_TRAIN, "run-1", 1)
          .setReplyTo("task-0").build();
      ClientMessage result = ClientMessage.newBuilder().setMetadata(md)
          .setResult(TaskResult.newBuilder().setNumExamples(1).setKind(ParametersKind.PARAMETERS_KIND_DELTA)
              .setUpdate(model.toArrayRecord()))
          .build();
      Iterator<ClientMessage> chunks = Messages.clientChunks(sender, md,
          chunker.chunks(md.getMessageId(), model));
      out[0].sendAll(result, chunks);
      done.get(600, TimeUnit.SECONDS);
      double s = (System.nanoTime() - t0) / 1e9;
      out[0].complete();
      return s;
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A plain TCP receiver that reads a length-prefixed byte array and answers one byte. */
  static final class SocketSide implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;

    SocketSide() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        // The bytes land in one array of the model's size, newly allocated for each copy as the
        // assembled tensors are on the gRPC side, so both sides do the same work
        // (-Dtillit.bench.reuse=true reuses one array instead).
        byte[] model = new byte[0];
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            int length = (int) in.readLong();
            if (model.length != length || !REUSE) {
              model = new byte[length];
            }
            in.readFully(model, 0, length);
            s.getOutputStream().write(1);
            s.getOutputStream().flush();
          } catch (IOException e) {
            // closed
          }
        }
      }, "socket-copy-receiver");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    double copy(byte[] data) throws IOException {
      long t0 = System.nanoTime();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        OutputStream out = s.getOutputStream();
        new java.io.DataOutputStream(out).writeLong(data.length);
        for (int off = 0; off < data.length; off += 1 << 20) {
          out.write(data, off, Math.min(1 << 20, data.length - off));
        }
        out.flush();
        InputStream in = s.getInputStream();
        if (in.read() != 1) {
          throw new IOException("no acknowledgement");
        }
      }
      return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
