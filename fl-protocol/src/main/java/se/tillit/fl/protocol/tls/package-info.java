/**
 * Mutual TLS for the Fleet protocol: provisioning and credentials.
 *
 * <p>{@link se.tillit.fl.protocol.tls.Provisioner} makes a project CA and one
 * {@link se.tillit.fl.protocol.tls.Kit} per participant (ECDSA P-256; the coordinator gets a
 * server certificate, each agency a client certificate whose CN is its id), adds agencies later
 * from the same CA, and revokes them. {@link se.tillit.fl.protocol.tls.TlsCredentials} turns a kit
 * into gRPC server credentials (client certificate required, only the project CA trusted) or
 * channel credentials. On the server, {@link se.tillit.fl.protocol.tls.PeerIdentity#interceptor}
 * with {@link se.tillit.fl.protocol.tls.Revocations#load} refuses revoked clients and exposes the
 * caller's id:
 *
 * <pre>{@code
 * Path kit = Path.of("kits/coordinator");
 * Server server = Grpc.newServerBuilderForPort(8443, TlsCredentials.server(kit))
 *     .addService(ServerInterceptors.intercept(fleetService,
 *         PeerIdentity.interceptor(Revocations.load(kit.resolve("revoked.txt")))))
 *     .build().start();
 *
 * ManagedChannel channel = Grpc.newChannelBuilder("fl.example.se:8443",
 *     TlsCredentials.client(Path.of("kits/skatteverket"))).build();
 * }</pre>
 */
package se.tillit.fl.protocol.tls;
