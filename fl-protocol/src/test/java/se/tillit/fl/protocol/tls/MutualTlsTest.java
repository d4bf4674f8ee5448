package se.tillit.fl.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS over real HTTP/2 on loopback (Netty), with kits from the {@link Provisioner}: a tiny
 * unary service answers the caller's {@link PeerIdentity}.
 */
class MutualTlsTest {
  private static final MethodDescriptor<String, String> WHO_AM_I =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("tillit.test.Identity/WhoAmI")
          .setRequestMarshaller(new Utf8())
          .setResponseMarshaller(new Utf8())
          .build();

  @TempDir Path tmp;
  private Provisioner project;
  private Server server;
  private final AtomicInteger served = new AtomicInteger();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void provisionAndStart() throws Exception {
    project = Provisioner.newProject(tmp.resolve("kits")).name("test")
        .coordinator(HostAndPort.parse("fl.example.se:8443"))
        .agencies(List.of("agency-a", "agency-b")).create();
    server = startServer(project.directory().resolve(Provisioner.COORDINATOR_ID),
        Revocations.load(project.revocationFile()));
  }

  private Server startServer(Path coordinatorKit, Revocations revocations) throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder("tillit.test.Identity")
        .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, response) -> {
          served.incrementAndGet();
          response.onNext(PeerIdentity.current().orElse("<none>"));
          response.onCompleted();
        }))
        .build();
    return Grpc.newServerBuilderForPort(0, TlsCredentials.server(coordinatorKit))
        .addService(ServerInterceptors.intercept(service, PeerIdentity.interceptor(revocations)))
        .build().start();
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private String call(ChannelCredentials credentials) {
    return call(credentials, server.getPort());
  }

  private String call(ChannelCredentials credentials, int port) {
    ManagedChannel channel = Grpc.newChannelBuilder("localhost:" + port, credentials).build();
    channels.add(channel);
    return ClientCalls.blockingUnaryCall(channel, WHO_AM_I,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "who?");
  }

  private Path kit(String id) {
    return project.kit(id).orElseThrow().directory();
  }

  @Test
  void call_agencyKit_succeedsAndPeerIdentityIsCertificateCn() {
    assertThat(call(TlsCredentials.client(kit("agency-a")))).isEqualTo("agency-a");
    assertThat(call(TlsCredentials.client(kit("agency-b")))).isEqualTo("agency-b");
    assertThat(served).hasValue(2);
  }

  @Test
  void call_clientWithoutCertificate_refusedInHandshake() throws Exception {
    ChannelCredentials noCert = TlsChannelCredentials.newBuilder()
        .trustManager(kit("agency-a").resolve("ca.pem").toFile()).build();
    // ClientAuth.REQUIRE: the handshake fails, before any interceptor could run.
    assertThatThrownBy(() -> call(noCert))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(served).hasValue(0);
  }

  @Test
  void call_certificateFromAnotherCa_refusedInHandshake() throws Exception {
    Provisioner other = Provisioner.newProject(tmp.resolve("other")).name("other")
        .coordinator(HostAndPort.parse("localhost:8443")).agencies(List.of("agency-a")).create();
    Path foreign = other.kit("agency-a").orElseThrow().directory();
    // Same CN as a real agency, but issued by another CA; trusts our CA so only the server can refuse.
    ChannelCredentials creds = TlsChannelCredentials.newBuilder()
        .keyManager(foreign.resolve("cert.pem").toFile(), foreign.resolve("key.pem").toFile())
        .trustManager(kit("agency-a").resolve("ca.pem").toFile()).build();
    assertThatThrownBy(() -> call(creds))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(served).hasValue(0);
  }

  @Test
  void call_serverOfAnotherProject_refusedByClient() throws Exception {
    Provisioner other = Provisioner.newProject(tmp.resolve("other")).name("other")
        .coordinator(HostAndPort.parse("localhost:8443")).agencies(List.of("x")).create();
    Server impostor = startServer(other.directory().resolve("coordinator"), Revocations.none());
    try {
      assertThatThrownBy(() -> call(TlsCredentials.client(kit("agency-a")), impostor.getPort()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(served).hasValue(0);
    } finally {
      impostor.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void call_revokedAgency_unauthenticatedWhileOthersStillServed() throws Exception {
    assertThat(call(TlsCredentials.client(kit("agency-b")))).isEqualTo("agency-b");
    project.revoke("agency-b");
    // A new connection from the revoked agency: the running server follows revoked.txt.
    assertThatThrownBy(() -> call(TlsCredentials.client(kit("agency-b"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("agency-b").contains("revoked");
        });
    assertThat(call(TlsCredentials.client(kit("agency-a")))).isEqualTo("agency-a");
    assertThat(served).hasValue(2);
  }

  @Test
  void addAgency_later_connectsAndEarlierKitsWorkUnchanged() throws Exception {
    Map<Path, byte[]> before = snapshot(project.directory());
    Kit added = Provisioner.open(project.directory()).addAgency("agency-c", 30);

    assertThat(call(TlsCredentials.client(added.directory()))).isEqualTo("agency-c");
    assertThat(call(TlsCredentials.client(kit("agency-a")))).isEqualTo("agency-a");
    Map<Path, byte[]> after = snapshot(project.directory());
    before.forEach((file, bytes) -> {
      if (!file.getFileName().toString().equals(Provisioner.MANIFEST)) {
        assertThat(after.get(file)).as(file.toString()).isEqualTo(bytes);
      }
    });
  }

  private static Map<Path, byte[]> snapshot(Path dir) throws Exception {
    Map<Path, byte[]> out = new HashMap<>();
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
