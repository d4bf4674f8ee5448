package se.tillit.fl.protocol;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.Hello;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.TaskResult;
import se.tillit.fl.protocol.v1.TensorChunk;

/**
 * A minimal client for tests: connects, says Hello, uploads {@code model} as the update of a
 * TaskResult, and completes with the model of the Task the echo service sends back.
 */
final class TestFleetClient implements ClientResponseObserver<ClientMessage, CoordinatorMessage> {
  final CompletableFuture<ModelParameters> received = new CompletableFuture<>();
  volatile ProtocolVersion negotiated;
  private final Messages.Sender sender = Messages.Sender.of("agency-a");
  private final Messages.InboundSequence sequence = new Messages.InboundSequence();
  private final AssemblyLimits limits;
  private OutboundStream<ClientMessage> out;
  private TensorAssembler assembler;

  private TestFleetClient(AssemblyLimits limits) {
    this.limits = limits;
  }

  /**
   * Uploads {@code model}; {@code tamper} may change the chunks (to test refusals). The call has a
   * deadline, as every call should.
   */
  static TestFleetClient exchange(Channel channel, ModelParameters model, TensorChunker chunker,
      java.util.function.UnaryOperator<Iterator<TensorChunk>> tamper, long deadlineSeconds) {
    TestFleetClient c = new TestFleetClient(AssemblyLimits.DEFAULT);
    FleetCalls.connect(channel,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS), c);
    c.out.send(ClientMessage.newBuilder()
        .setMetadata(c.sender.metadata(MessageType.MESSAGE_TYPE_HELLO))
        .setHello(Hello.newBuilder().setMaxVersion(ProtocolVersion.CURRENT.toProto())
            .setSoftware("tillit-test/0").setMaxChunkBytes(chunker.chunkBytes()))
        .build());
    // A result answering an (imagined) task of round 1 of run "run-1".
    MessageMetadata md = c.sender.metadata(MessageType.MESSAGE_TYPE_TRAIN, "run-1", 1)
        .setReplyTo("task-0").build();
    ClientMessage result = ClientMessage.newBuilder().setMetadata(md)
        .setResult(TaskResult.newBuilder().setNumExamples(1000)
            .setKind(ParametersKind.PARAMETERS_KIND_FULL)
            .setMetrics(Messages.metricRecord(java.util.Map.of("loss", 0.25)))
            .setUpdate(model.toArrayRecord()))
        .build();
    Iterator<TensorChunk> chunks = tamper.apply(chunker.chunks(md.getMessageId(), model));
    c.out.sendAll(result, Messages.clientChunks(c.sender, md, chunks));
    return c;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
    out = OutboundStream.forClient(requestStream, Messages.clientSequencer());
  }

  @Override
  public void onNext(CoordinatorMessage m) {
    try {
      Messages.validate(m);
      sequence.check(m.getMetadata());
      switch (m.getBodyCase()) {
        case WELCOME -> {
          negotiated = ProtocolVersion.fromProto(m.getWelcome().getNegotiatedVersion());
          sender.useVersion(negotiated);
        }
        case TASK -> {
          assembler = TensorAssembler.start(m.getMetadata().getMessageId(),
              m.getTask().getModel(), limits);
          maybeDone();
        }
        case CHUNK -> {
          assembler.accept(m.getChunk());
          maybeDone();
        }
        case ERROR -> { } // the status that closes the stream says the same
        default -> { }
      }
    } catch (ProtocolException e) {
      received.completeExceptionally(e);
      out.fail(e.toStatus().asRuntimeException());
    }
  }

  private void maybeDone() throws ProtocolException {
    if (assembler.isComplete()) {
      received.complete(assembler.finish());
      out.complete();
    }
  }

  @Override
  public void onError(Throwable t) {
    received.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    if (!received.isDone()) {
      received.completeExceptionally(new IllegalStateException("stream ended without a model"));
    }
  }

  static Iterator<TensorChunk> unchanged(Iterator<TensorChunk> chunks) {
    return chunks;
  }
}
