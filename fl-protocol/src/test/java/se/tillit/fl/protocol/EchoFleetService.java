package se.tillit.fl.protocol;

import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.FleetGrpc;
import se.tillit.fl.protocol.v1.HyperParameters;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.Task;
import se.tillit.fl.protocol.v1.Welcome;

/**
 * A trivial Fleet service for tests: answers Hello with Welcome, reassembles every TaskResult's
 * update and sends it straight back as the model of a TRAIN task (same run, next round). Refuses
 * protocol violations with an ErrorInfo and closes the stream with the matching status, as the
 * real coordinator should.
 */
final class EchoFleetService extends FleetGrpc.FleetImplBase {
  private final TensorChunker chunker;
  private final AssemblyLimits limits;
  final AtomicInteger modelsReceived = new AtomicInteger();
  /** Chunks whose data referred to the received (direct) network buffers: zero-copy parsing. */
  final AtomicInteger zeroCopyChunks = new AtomicInteger();
  volatile ProtocolException lastRefusal;

  EchoFleetService(TensorChunker chunker, AssemblyLimits limits) {
    this.chunker = chunker;
    this.limits = limits;
  }

  @Override
  public StreamObserver<ClientMessage> connect(StreamObserver<CoordinatorMessage> responses) {
    return new Session(responses);
  }

  private final class Session implements StreamObserver<ClientMessage> {
    private final Messages.Sender sender = Messages.Sender.of("coordinator");
    private final Messages.InboundSequence sequence = new Messages.InboundSequence();
    private final OutboundStream<CoordinatorMessage> out;
    private boolean welcomed;
    private TensorAssembler assembler;
    private MessageMetadata resultMetadata;

    Session(StreamObserver<CoordinatorMessage> responses) {
      this.out = OutboundStream.forServer(responses, Messages.coordinatorSequencer(), this::abort);
    }

    @Override
    public void onNext(ClientMessage m) {
      try {
        Messages.validate(m);
        sequence.check(m.getMetadata());
        if (!welcomed && m.getBodyCase() != ClientMessage.BodyCase.HELLO) {
          throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
              "the first message must be Hello. Provided value: " + m.getBodyCase());
        }
        switch (m.getBodyCase()) {
          case HELLO -> {
            ProtocolVersion v = ProtocolVersion.negotiate(m.getHello());
            sender.useVersion(v);
            welcomed = true;
            out.send(CoordinatorMessage.newBuilder()
                .setMetadata(sender.replyTo(m.getMetadata()).setType(MessageType.MESSAGE_TYPE_WELCOME))
                .setWelcome(Welcome.newBuilder().setNegotiatedVersion(v.toProto())
                    .setCoordinatorId(sender.senderId()).setSessionId(Messages.newMessageId())
                    .setHeartbeatIntervalMs(10_000).setMaxChunkBytes(limits.maxChunkBytes()))
                .build());
          }
          case RESULT -> {
            if (assembler != null) {
              throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
                  "a TaskResult arrived while transfer " + assembler.transferId() + " is open");
            }
            resultMetadata = m.getMetadata();
            assembler = TensorAssembler.start(resultMetadata.getMessageId(),
                m.getResult().getUpdate(), limits);
            maybeEcho();
          }
          case CHUNK -> {
            if (assembler == null) {
              throw new ProtocolException(ErrorCode.ERROR_CODE_OUT_OF_ORDER,
                  "a TensorChunk arrived with no transfer open");
            }
            if (m.getChunk().getData().asReadOnlyByteBufferList().stream()
                .allMatch(java.nio.ByteBuffer::isDirect)) {
              zeroCopyChunks.incrementAndGet();
            }
            assembler.accept(m.getChunk());
            maybeEcho();
          }
          default -> { }
        }
      } catch (ProtocolException e) {
        lastRefusal = e;
        abort();
        out.send(CoordinatorMessage.newBuilder()
            .setMetadata(sender.replyTo(m.getMetadata()))
            .setError(e.toErrorInfo()).build());
        out.closeWithError(e.toStatus().asRuntimeException());
      }
    }

    private void maybeEcho() throws ProtocolException {
      if (!assembler.isComplete()) {
        return;
      }
      ModelParameters model = assembler.finish();
      assembler = null;
      modelsReceived.incrementAndGet();
      MessageMetadata taskMd = sender.metadata(MessageType.MESSAGE_TYPE_TRAIN,
          resultMetadata.getRunId(), resultMetadata.getRound() + 1)
          .setRecipientId(resultMetadata.getSenderId()).build();
      CoordinatorMessage task = CoordinatorMessage.newBuilder().setMetadata(taskMd)
          .setTask(Task.newBuilder().setModel(model.toArrayRecord())
              .setHyperParameters(HyperParameters.newBuilder().setLocalEpochs(1).setBatchSize(32)
                  .setLearningRate(0.05))
              .setResultKind(ParametersKind.PARAMETERS_KIND_DELTA)
              .setTimeoutMs(60_000))
          .build();
      Iterator<CoordinatorMessage> chunks = Messages.coordinatorChunks(
          sender, taskMd, chunker.chunks(taskMd.getMessageId(), model));
      out.sendAll(task, chunks);
    }

    private void abort() {
      if (assembler != null) {
        assembler.abort();
        assembler = null;
      }
    }

    @Override
    public void onError(Throwable t) {
      abort();
    }

    @Override
    public void onCompleted() {
      abort();
      out.complete();
    }
  }

}
