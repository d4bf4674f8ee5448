package se.tillit.fl.protocol.tls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Predicate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The authenticated identity of the client on the other end of a server call: the common name (CN)
 * of the certificate it presented in mutual TLS. The coordinator checks that every message's
 * {@code sender_id} equals it.
 *
 * <p>{@link #interceptor(Predicate)} puts the identity into the call's {@link Context}, and refuses
 * calls without a verified client certificate, or with a certificate the predicate calls revoked,
 * with {@code UNAUTHENTICATED}. Without TLS (the local demo and simulation) no interceptor is
 * installed and {@link #current()} is empty.
 */
public final class PeerIdentity {
  private static final Context.Key<String> CLIENT_ID = Context.key("tillit-peer-client-id");

  private PeerIdentity() {}

  /** The verified client id of the current call, if the call came over mutual TLS. */
  public static Optional<String> current() {
    return Optional.ofNullable(CLIENT_ID.get());
  }

  /** The CN of a certificate's subject, or empty if it has none. */
  public static Optional<String> commonName(X509Certificate certificate) {
    try {
      LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
      for (Rdn rdn : name.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  /**
   * An interceptor that requires a verified client certificate, refuses revoked ones, and exposes
   * the certificate's CN through {@link #current()}.
   *
   * @param revoked true for a certificate that must be refused (revoked serial or identity)
   */
  public static ServerInterceptor interceptor(Predicate<X509Certificate> revoked) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
          call.close(Status.UNAUTHENTICATED.withDescription(
              "mutual TLS is required: the connection is not TLS"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        X509Certificate leaf;
        try {
          Certificate[] chain = session.getPeerCertificates();
          if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new SSLPeerUnverifiedException("no X.509 client certificate");
          }
          leaf = (X509Certificate) chain[0];
        } catch (SSLPeerUnverifiedException e) {
          call.close(Status.UNAUTHENTICATED.withDescription(
              "mutual TLS is required: the client presented no verified certificate"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        Optional<String> cn = commonName(leaf);
        if (cn.isEmpty() || cn.get().isBlank()) {
          call.close(Status.UNAUTHENTICATED.withDescription(
              "the client certificate has no common name (CN); the CN is the client id"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        if (revoked.test(leaf)) {
          call.close(Status.UNAUTHENTICATED.withDescription(
              "the client certificate of '" + cn.get() + "' is revoked"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        Context context = Context.current().withValue(CLIENT_ID, cn.get());
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }
}
