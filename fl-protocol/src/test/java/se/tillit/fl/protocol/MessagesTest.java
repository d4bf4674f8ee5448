package se.tillit.fl.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.ErrorCode;
import se.tillit.fl.protocol.v1.Heartbeat;
import se.tillit.fl.protocol.v1.Hello;
import se.tillit.fl.protocol.v1.HyperParameters;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.MetricRecord;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.Task;
import se.tillit.fl.protocol.v1.TaskResult;

class MessagesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L),
      ZoneOffset.UTC);
  private final Messages.Sender client =
      new Messages.Sender("agency-a", ProtocolVersion.CURRENT, CLOCK);
  private final Messages.Sender coordinator =
      new Messages.Sender("coordinator", ProtocolVersion.CURRENT, CLOCK);

  private static ProtocolException refusal(ClientMessage m) {
    try {
      Messages.validate(Messages.clientSequencer().apply(m));
    } catch (ProtocolException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  private static ProtocolException refusal(CoordinatorMessage m) {
    try {
      Messages.validate(Messages.coordinatorSequencer().apply(m));
    } catch (ProtocolException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  private Task trainTask() {
    return Task.newBuilder()
        .setHyperParameters(HyperParameters.newBuilder().setLocalEpochs(1).setBatchSize(32)
            .setLearningRate(0.1))
        .setResultKind(ParametersKind.PARAMETERS_KIND_DELTA)
        .setTimeoutMs(60_000)
        .build();
  }

  @Test
  void sender_stampsIdTimeVersionAndSender() {
    MessageMetadata md = client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT).build();
    assertThat(md.getSenderId()).isEqualTo("agency-a");
    assertThat(md.getCreatedAtMs()).isEqualTo(1_700_000_000_123L);
    assertThat(md.getProtocolVersion()).isEqualTo(ProtocolVersion.CURRENT.toProto());
    assertThat(md.getMessageId()).hasSize(36);
    assertThat(client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT).build().getMessageId())
        .isNotEqualTo(md.getMessageId());
    assertThat(md.getSequence()).isZero();
  }

  @Test
  void replyTo_copiesRunRoundTypeAndAddressesTheSender() {
    MessageMetadata task = coordinator.metadata(MessageType.MESSAGE_TYPE_TRAIN, "run-1", 3).build();
    MessageMetadata reply = client.replyTo(task).build();
    assertThat(reply.getType()).isEqualTo(MessageType.MESSAGE_TYPE_TRAIN);
    assertThat(reply.getRunId()).isEqualTo("run-1");
    assertThat(reply.getRound()).isEqualTo(3);
    assertThat(reply.getReplyTo()).isEqualTo(task.getMessageId());
    assertThat(reply.getRecipientId()).isEqualTo("coordinator");
  }

  @Test
  void sequencer_numbersInWriteOrder_inboundSequenceCatchesRepeatAndGap() throws Exception {
    UnaryOperator<ClientMessage> seq = Messages.clientSequencer();
    ClientMessage hb = ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT))
        .setHeartbeat(Heartbeat.getDefaultInstance()).build();
    ClientMessage m1 = seq.apply(hb);
    ClientMessage m2 = seq.apply(hb);
    ClientMessage m3 = seq.apply(hb);
    assertThat(m3.getMetadata().getSequence()).isEqualTo(3);

    Messages.InboundSequence in = new Messages.InboundSequence();
    in.check(m1.getMetadata());
    in.check(m2.getMetadata());
    assertThatThrownBy(() -> in.check(m2.getMetadata()))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_STALE_MESSAGE))
        .hasMessage("sequence must be 3 (messages are numbered in order). Provided value: 2,"
            + " a repeat or replay");
    Messages.InboundSequence gap = new Messages.InboundSequence();
    gap.check(m1.getMetadata());
    assertThatThrownBy(() -> gap.check(m3.getMetadata())).hasMessageContaining("a gap");
  }

  @Test
  void validate_wellFormedMessages_pass() throws Exception {
    MessageMetadata taskMd = coordinator.metadata(MessageType.MESSAGE_TYPE_TRAIN, "run-1", 1)
        .build();
    Messages.validate(Messages.coordinatorSequencer().apply(
        CoordinatorMessage.newBuilder().setMetadata(taskMd).setTask(trainTask()).build()));
    Messages.validate(Messages.clientSequencer().apply(ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HELLO))
        .setHello(Hello.newBuilder().setMaxVersion(ProtocolVersion.CURRENT.toProto())).build()));
    Messages.validate(Messages.clientSequencer().apply(ClientMessage.newBuilder()
        .setMetadata(client.replyTo(taskMd))
        .setResult(TaskResult.newBuilder().setNumExamples(10)
            .setKind(ParametersKind.PARAMETERS_KIND_DELTA)
            .setMetrics(Messages.metricRecord(Map.of("loss", 0.5)))).build()));
  }

  @Test
  void validate_missingPieces_malformedNamingTheField() {
    ClientMessage noMetadata = ClientMessage.newBuilder()
        .setHeartbeat(Heartbeat.getDefaultInstance()).build();
    assertThatThrownBy(() -> Messages.validate(noMetadata))
        .hasMessage("ClientMessage.metadata is missing");

    ClientMessage noBody = ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT)).build();
    assertThat(refusal(noBody)).hasMessageContaining("has no body");

    ClientMessage wrongType = ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HELLO))
        .setHeartbeat(Heartbeat.getDefaultInstance()).build();
    assertThat(refusal(wrongType))
        .hasMessageContaining("metadata.type must be [MESSAGE_TYPE_HEARTBEAT] for a heartbeat body");

    ClientMessage badSender = ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT).setSenderId("a b"))
        .setHeartbeat(Heartbeat.getDefaultInstance()).build();
    assertThat(refusal(badSender)).hasMessageContaining("metadata.sender_id must be");

    ClientMessage unsequenced = ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT))
        .setHeartbeat(Heartbeat.getDefaultInstance()).build();
    assertThatThrownBy(() -> Messages.validate(unsequenced))
        .hasMessage("metadata.sequence must be >= 1. Provided value: 0");
  }

  @Test
  void validate_otherMajorVersion_unsupported() {
    ClientMessage m = ClientMessage.newBuilder()
        .setMetadata(client.metadata(MessageType.MESSAGE_TYPE_HEARTBEAT)
            .setProtocolVersion(new ProtocolVersion(2, 0).toProto()))
        .setHeartbeat(Heartbeat.getDefaultInstance()).build();
    assertThat(refusal(m).code()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION);
  }

  @Test
  void validate_resultWithNanMetricOrNoReplyTo_refused() {
    MessageMetadata taskMd = coordinator.metadata(MessageType.MESSAGE_TYPE_TRAIN, "run-1", 1)
        .build();
    ClientMessage nan = ClientMessage.newBuilder().setMetadata(client.replyTo(taskMd))
        .setResult(TaskResult.newBuilder().setNumExamples(10)
            .setKind(ParametersKind.PARAMETERS_KIND_FULL)
            .setMetrics(MetricRecord.newBuilder().putEntries("loss", Double.NaN))).build();
    assertThat(refusal(nan).code()).isEqualTo(ErrorCode.ERROR_CODE_NON_FINITE);
    assertThat(refusal(nan)).hasMessage("metric 'loss' must be finite. Provided value: NaN or"
        + " infinity");

    ClientMessage orphan = nan.toBuilder().setMetadata(client.replyTo(taskMd).clearReplyTo())
        .setResult(nan.getResult().toBuilder().clearMetrics()).build();
    assertThat(refusal(orphan)).hasMessageContaining("metadata.reply_to must name the task");

    ClientMessage noExamples = nan.toBuilder()
        .setResult(nan.getResult().toBuilder().clearMetrics().setNumExamples(0)).build();
    assertThat(refusal(noExamples)).hasMessageContaining("num_examples must be >= 1");
  }

  @Test
  void validate_taskValues_inRange() {
    MessageMetadata md = coordinator.metadata(MessageType.MESSAGE_TYPE_TRAIN, "run-1", 1).build();
    CoordinatorMessage badLr = CoordinatorMessage.newBuilder().setMetadata(md)
        .setTask(trainTask().toBuilder().setHyperParameters(
            trainTask().getHyperParameters().toBuilder().setLearningRate(Double.NaN))).build();
    assertThat(refusal(badLr)).hasMessage("hyper_parameters.learning_rate must be > 0 and <"
        + " infinity. Provided value: NaN");
    CoordinatorMessage noRound = CoordinatorMessage.newBuilder()
        .setMetadata(md.toBuilder().setRound(0)).setTask(trainTask()).build();
    assertThat(refusal(noRound)).hasMessageContaining("metadata.round must be >= 1");
    CoordinatorMessage noTimeout = CoordinatorMessage.newBuilder().setMetadata(md)
        .setTask(trainTask().toBuilder().setTimeoutMs(0)).build();
    assertThat(refusal(noTimeout)).hasMessage("Task.timeout_ms must be > 0. Provided value: 0");
  }

  @Test
  void configRecord_roundTripsTypedValues() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("epochs", 3);
    in.put("lr", 0.01);
    in.put("model", "mlp");
    in.put("shuffle", true);
    Map<String, Object> out = Messages.toMap(Messages.configRecord(in));
    assertThat(out).containsEntry("epochs", 3L).containsEntry("lr", 0.01)
        .containsEntry("model", "mlp").containsEntry("shuffle", true);
    assertThatThrownBy(() -> Messages.configRecord(Map.of("x", new Object())))
        .hasMessageContaining("config value 'x' must be a number, boolean, string or bytes");
  }
}
