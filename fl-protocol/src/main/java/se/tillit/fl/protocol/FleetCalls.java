package se.tillit.fl.protocol;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import se.tillit.fl.protocol.internal.ChunkMarshaller;
import se.tillit.fl.protocol.v1.ClientMessage;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.FleetGrpc;

/**
 * The Fleet service's {@code Connect} call, with tensor chunks received without copying.
 *
 * <p>Use {@link #bindService} on the coordinator instead of {@code FleetGrpc.bindService} and
 * {@link #connect} on a client instead of {@code FleetGrpc.newStub(channel).connect}. The wire
 * format is the same protobuf; only receiving differs: a message whose body is a
 * {@code TensorChunk} is parsed so that its data refers to the received network buffers, which are
 * released when the {@code onNext} that delivers it returns. This removes two copies of every
 * model byte (see {@code ChunkMarshaller}) and is what lets a model move at a good fraction of a
 * plain socket's speed.
 *
 * <p><b>Contract:</b> a received {@code ClientMessage} or {@code CoordinatorMessage} whose body is
 * a chunk is valid only during the {@code onNext} call that delivers it. Hand the chunk to a
 * {@link TensorAssembler} there (it copies the data), and never keep the message, the chunk or its
 * data for later. Every other message owns its bytes and may be kept.
 */
public final class FleetCalls {
  /** {@code Connect} with the zero-copy marshallers; the same method name and wire format. */
  public static final MethodDescriptor<ClientMessage, CoordinatorMessage> CONNECT =
      FleetGrpc.getConnectMethod().toBuilder(
              new ChunkMarshaller<>(ClientMessage.getDefaultInstance(),
                  m -> m.getBodyCase() == ClientMessage.BodyCase.CHUNK),
              new ChunkMarshaller<>(CoordinatorMessage.getDefaultInstance(),
                  m -> m.getBodyCase() == CoordinatorMessage.BodyCase.CHUNK))
          .build();

  private FleetCalls() {}

  /**
   * The server definition of {@code service}, with {@link #CONNECT} in place of the generated
   * method and {@code interceptors} applied as {@code ServerInterceptors.intercept} would (the
   * last one sees a call first). Pass the interceptors here rather than wrapping the result: the
   * network buffers of a message are released when the outermost listener returns, even when an
   * interceptor refuses a call and drops its messages.
   */
  public static ServerServiceDefinition bindService(FleetGrpc.AsyncService service,
      ServerInterceptor... interceptors) {
    // Interceptors do not depend on the marshallers, so they wrap the generated handler; only
    // the outermost wrapper, which releases the buffers, goes with the zero-copy descriptor.
    ServerServiceDefinition intercepted =
        ServerInterceptors.intercept(FleetGrpc.bindService(service), interceptors);
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(FleetGrpc.SERVICE_NAME)
        .setSchemaDescriptor(FleetGrpc.getServiceDescriptor().getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : intercepted.getMethods()) {
      ServerMethodDefinition<?, ?> method = m;
      if (isConnect(m)) {
        method = ServerMethodDefinition.create(CONNECT, releasing(connectHandler(m)));
      }
      methods.add(method);
      descriptor.addMethod(method.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(definition::addMethod);
    return definition.build();
  }

  private static boolean isConnect(ServerMethodDefinition<?, ?> m) {
    return m.getMethodDescriptor().getFullMethodName().equals(CONNECT.getFullMethodName());
  }

  @SuppressWarnings("unchecked")
  private static ServerCallHandler<ClientMessage, CoordinatorMessage> connectHandler(
      ServerMethodDefinition<?, ?> m) {
    return (ServerCallHandler<ClientMessage, CoordinatorMessage>) m.getServerCallHandler();
  }

  /**
   * Opens a {@code Connect} stream on {@code channel}, as {@code FleetGrpc.newStub(channel)
   * .withOptions(options).connect(responses)} would, with chunks received without copying.
   *
   * @return the observer to send the client's messages on
   */
  public static StreamObserver<ClientMessage> connect(Channel channel, CallOptions options,
      StreamObserver<CoordinatorMessage> responses) {
    ClientCall<ClientMessage, CoordinatorMessage> call =
        new ForwardingClientCall.SimpleForwardingClientCall<>(channel.newCall(CONNECT, options)) {
          @Override
          public void start(Listener<CoordinatorMessage> listener, Metadata headers) {
            super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(
                listener) {
              @Override
              public void onMessage(CoordinatorMessage message) {
                try {
                  super.onMessage(message);
                } finally {
                  ChunkMarshaller.release(message);
                }
              }
            }, headers);
          }
        };
    return ClientCalls.asyncBidiStreamingCall(call, responses);
  }

  private static ServerCallHandler<ClientMessage, CoordinatorMessage> releasing(
      ServerCallHandler<ClientMessage, CoordinatorMessage> handler) {
    return (call, headers) ->
        new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
            handler.startCall(call, headers)) {
          @Override
          public void onMessage(ClientMessage message) {
            try {
              super.onMessage(message);
            } finally {
              ChunkMarshaller.release(message);
            }
          }
        };
  }
}
