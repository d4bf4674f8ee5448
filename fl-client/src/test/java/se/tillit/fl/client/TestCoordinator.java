package se.tillit.fl.client;

import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import se.tillit.fl.protocol.AssemblyLimits;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.OutboundStream;
import se.tillit.fl.protocol.ProtocolException;
import se.tillit.fl.protocol.ProtocolVersion;
import se.tillit.fl.protocol.TensorAssembler;
import se.tillit.fl.protocol.TensorChunker;
import se.tillit.fl.protocol.v1.CancelTask;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorInfo;
import se.tillit.fl.protocol.v1.FleetGrpc;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.Reconnect;
import se.tillit.fl.protocol.v1.Task;
import se.tillit.fl.protocol.v1.TaskResult;
import se.tillit.fl.protocol.v1.Welcome;

/**
 * A small coordinator-side Fleet service for the client tests: welcomes clients, sends them real
 * Tasks with model chunks, reassembles and checks their results (validation, sequence numbers,
 * layout against the task's model, finite values), and can cancel or ask to reconnect.
 */
final class TestCoordinator extends FleetGrpc.FleetImplBase {
  /** A client's answer to a task: a result (with its update, if any) or an error. */
  record Reply(MessageMetadata metadata, TaskResult result, ModelParameters update,
      ErrorInfo error) {}

  final Map<String, Session> sessions = new ConcurrentHashMap<>();
  final AtomicInteger heartbeats = new AtomicInteger();
  final List<String> refusals = new CopyOnWriteArrayList<>();
  private final long heartbeatIntervalMs;
  private final TensorChunker chunker = TensorChunker.withChunkBytes(4096);

  TestCoordinator(long heartbeatIntervalMs) {
    this.heartbeatIntervalMs = heartbeatIntervalMs;
  }

  @Override
  public StreamObserver<ClientMessage> connect(StreamObserver<CoordinatorMessage> responses) {
    return new Session(responses);
  }

  Session awaitSession(String clientId, long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < end) {
      Session s = sessions.get(clientId);
      if (s != null && s.open) {
        return s;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("client " + clientId + " did not connect in " + timeoutMs + " ms");
  }

  final class Session implements StreamObserver<ClientMessage> {
    final Messages.Sender sender = Messages.Sender.of("test-coordinator");
    private final Messages.InboundSequence sequence = new Messages.InboundSequence();
    private final OutboundStream<CoordinatorMessage> out;
    final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    final Map<String, ModelParameters> taskModels = new ConcurrentHashMap<>();
    final List<ClientMessage> received = new CopyOnWriteArrayList<>();
    volatile String clientId;
    volatile boolean open;
    private TensorAssembler assembler;
    private MessageMetadata resultMd;
    private TaskResult result;

    Session(StreamObserver<CoordinatorMessage> responses) {
      out = OutboundStream.forServer(responses, Messages.coordinatorSequencer(), () -> open = false);
    }

    @Override
    public synchronized void onNext(ClientMessage m) {
      received.add(m);
      try {
        Messages.validate(m);
        sequence.check(m.getMetadata());
        switch (m.getBodyCase()) {
          case HELLO -> {
            ProtocolVersion v = ProtocolVersion.negotiate(m.getHello());
            sender.useVersion(v);
            clientId = m.getMetadata().getSenderId();
            out.send(CoordinatorMessage.newBuilder()
                .setMetadata(sender.replyTo(m.getMetadata())
                    .setType(MessageType.MESSAGE_TYPE_WELCOME))
                .setWelcome(Welcome.newBuilder().setNegotiatedVersion(v.toProto())
                    .setCoordinatorId("test-coordinator").setSessionId(Messages.newMessageId())
                    .setHeartbeatIntervalMs(heartbeatIntervalMs)
                    .setMaxChunkBytes(AssemblyLimits.DEFAULT_MAX_CHUNK_BYTES))
                .build());
            open = true;
            sessions.put(clientId, this);
          }
          case HEARTBEAT -> heartbeats.incrementAndGet();
          case RESULT -> {
            resultMd = m.getMetadata();
            result = m.getResult();
            ModelParameters taskModel = taskModels.get(resultMd.getReplyTo());
            if (taskModel == null) {
              throw new ProtocolException(se.tillit.fl.protocol.v1.ErrorCode.ERROR_CODE_STALE_MESSAGE,
                  "result for unknown task " + resultMd.getReplyTo());
            }
            if (result.getUpdate().getTensorsCount() == 0) {
              complete(null);
            } else {
              assembler = TensorAssembler.start(resultMd.getMessageId(), result.getUpdate(),
                  taskModel.specs(), AssemblyLimits.DEFAULT);
            }
          }
          case CHUNK -> {
            assembler.accept(m.getChunk());
            if (assembler.isComplete()) {
              ModelParameters update = assembler.finish();
              assembler = null;
              complete(update);
            }
          }
          case ERROR -> {
            CompletableFuture<Reply> f = pending.remove(m.getMetadata().getReplyTo());
            if (f != null) {
              f.complete(new Reply(m.getMetadata(), null, null, m.getError()));
            }
          }
          default -> { }
        }
      } catch (ProtocolException e) {
        refusals.add(e.getMessage());
      }
    }

    private void complete(ModelParameters update) {
      CompletableFuture<Reply> f = pending.remove(resultMd.getReplyTo());
      if (f != null) {
        f.complete(new Reply(resultMd, result, update, null));
      }
    }

    /** Sends a task with {@code model}; the future completes with the client's answer. */
    CompletableFuture<Reply> sendTask(MessageType type, ModelParameters model, Task.Builder task,
        long round) {
      MessageMetadata md = sender.metadata(type, "run-1", round).setRecipientId(clientId).build();
      CompletableFuture<Reply> f = new CompletableFuture<>();
      pending.put(md.getMessageId(), f);
      taskModels.put(md.getMessageId(), model);
      CoordinatorMessage m = CoordinatorMessage.newBuilder().setMetadata(md)
          .setTask(task.setModel(model.toArrayRecord())).build();
      Iterator<CoordinatorMessage> chunks = Messages.coordinatorChunks(sender, md,
          chunker.chunks(md.getMessageId(), model));
      out.sendAll(m, chunks);
      lastTaskId = md.getMessageId();
      return f;
    }

    volatile String lastTaskId;

    void cancel(String taskId) {
      out.send(CoordinatorMessage.newBuilder()
          .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_CANCEL).setRecipientId(clientId))
          .setCancel(CancelTask.newBuilder().setTaskMessageId(taskId).setReason("round closed"))
          .build());
    }

    void reconnect(long afterMs) {
      out.send(CoordinatorMessage.newBuilder()
          .setMetadata(sender.metadata(MessageType.MESSAGE_TYPE_RECONNECT))
          .setReconnect(Reconnect.newBuilder().setReconnectAfterMs(afterMs).setReason("restart"))
          .build());
      out.complete();
      open = false;
    }

    long clientMessages(ClientMessage.BodyCase body) {
      return received.stream().filter(m -> m.getBodyCase() == body).count();
    }

    @Override
    public void onError(Throwable t) {
      open = false;
    }

    @Override
    public void onCompleted() {
      open = false;
      out.complete();
    }
  }

  static <T> T await(CompletableFuture<T> f, long seconds) throws Exception {
    return f.get(seconds, TimeUnit.SECONDS);
  }
}
