/**
 * The Fleet protocol between the coordinator and agency clients ({@code tillit.fl.v1}, generated
 * into {@code se.tillit.fl.protocol.v1}) and what both ends need to speak it.
 *
 * <h2>One stream per client</h2>
 *
 * <p>The client opens {@code Fleet.Connect} (agencies allow outbound traffic only) and keeps it
 * open. Its first message is {@code Hello}; the coordinator answers {@code Welcome} with the
 * version both use ({@link se.tillit.fl.protocol.ProtocolVersion#negotiate(se.tillit.fl.protocol.v1.Hello)}),
 * or closes the stream with FAILED_PRECONDITION. Then the coordinator sends {@code Task}s, the
 * client answers each with a {@code TaskResult} or an {@code ErrorInfo} (reply_to = the task's
 * message_id), and heartbeats keep the session alive.
 *
 * <h2>Transfers</h2>
 *
 * <p>A Task (global model) or TaskResult (update) announces its tensors in an {@code ArrayRecord};
 * their {@code TensorChunk}s follow at once, in order, with {@code transfer_id} = the announcing
 * message's message_id ({@link se.tillit.fl.protocol.TensorChunker}). The receiver starts a
 * {@link se.tillit.fl.protocol.TensorAssembler} on the announcement (for an update, with the
 * global model's layout as the expected one) and feeds it the chunks. At most one transfer is
 * open per direction of a stream; single messages (heartbeat, cancel, error) may come between
 * its chunks.
 *
 * <h2>Every message</h2>
 *
 * <p>Carries {@code MessageMetadata}, made by a {@link se.tillit.fl.protocol.Messages.Sender} and
 * numbered as it is written by the stream's sequencer. The receiver runs
 * {@link se.tillit.fl.protocol.Messages#validate(se.tillit.fl.protocol.v1.ClientMessage)} and a
 * {@link se.tillit.fl.protocol.Messages.InboundSequence} on each message before acting on it.
 * Any {@link se.tillit.fl.protocol.ProtocolException} becomes an {@code ErrorInfo} and, when the
 * stream cannot go on, the status that closes it ({@link se.tillit.fl.protocol.ProtocolException#toStatus()}).
 *
 * <h2>Flow control</h2>
 *
 * <p>Outbound: write through an {@link se.tillit.fl.protocol.OutboundStream}, which writes only
 * while {@code isReady()} and resumes from the on-ready handler, pulling chunks lazily. Inbound:
 * gRPC requests the next message when {@code onNext} returns, so keep {@code onNext} short (hand
 * training off to another thread) and the peer is paced by HTTP/2 flow control. Set the
 * server's and channel's maximum inbound message size above the chunk size (the default 4 MiB
 * suits 1 MiB chunks), bound models with {@link se.tillit.fl.protocol.AssemblyLimits}, and use
 * HTTP/2 keepalive so that agency firewalls keep the long-lived connection open.
 */
package se.tillit.fl.protocol;
