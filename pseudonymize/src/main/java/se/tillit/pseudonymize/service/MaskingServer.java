package se.tillit.pseudonymize.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.pseudonymize.mask.DocumentReader;
import se.tillit.pseudonymize.mask.TextMasker;
import se.tillit.pseudonymize.service.internal.BoundedExecutor;
import se.tillit.pseudonymize.service.internal.MaskingHandler;
import se.tillit.pseudonymize.service.internal.WebPage;

/**
 * The masking service: an HTTP server with a JSON API and a web page, in front of one {@link
 * TextMasker}.
 *
 * <pre>
 *   GET  /              web page (Swedish/English): paste text or upload .txt/.pdf
 *   GET  /health        {"status":"ok"}
 *   GET  /v1/types      {"types":[...]}
 *   POST /v1/mask       {"text": "...", "types": [...]} -> {"text", "entities", "counts"}
 *   POST /v1/mask/file  raw body (application/pdf, text/plain; charset=..., or
 *                       application/octet-stream) -> {"text", "entities", "counts", "input"}
 * </pre>
 *
 * <p><b>Nothing is stored or logged.</b> Request and response bodies exist in memory only while the
 * request is handled; there is no access log; responses carry {@code Cache-Control: no-store}. The
 * server logs its start and stop, and for an internal error only the exception's class.
 *
 * <p><b>Limits.</b> A body over {@code maxRequestBytes} gets 413 (refused from its Content-Length
 * before reading, or as soon as the limit is passed). {@code threads} workers mask concurrently;
 * up to {@code queueCapacity} further requests wait; beyond that a request gets 503 at once. So the
 * memory held by bodies is at most about {@code (threads + queueCapacity) * maxRequestBytes}, plus
 * the text and result of each running request. Bad requests never stop the server.
 *
 * <p>Bind to 127.0.0.1 (the default) and put a TLS-terminating proxy in front for other hosts.
 */
public final class MaskingServer {
  private static final Logger LOG = LoggerFactory.getLogger(MaskingServer.class);

  private final TextMasker masker;
  private final InetAddress bindAddress;
  private final int requestedPort;
  private final int maxRequestBytes;
  private final int threads;
  private final int queueCapacity;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private HttpServer server;
  private BoundedExecutor executor;
  private MaskingHandler handler;

  private MaskingServer(Builder b) {
    this.masker = b.masker;
    this.bindAddress = b.bindAddress;
    this.requestedPort = b.port;
    this.maxRequestBytes = b.maxRequestBytes;
    this.threads = b.threads;
    this.queueCapacity = b.queueCapacity;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @throws IllegalStateException if already started
   * @throws IOException if the address cannot be bound
   */
  public synchronized MaskingServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the masking server was already started");
    }
    DocumentReader reader = DocumentReader.builder().maxBytes(maxRequestBytes).build();
    handler = new MaskingHandler(masker, reader, WebPage.load());
    HttpServer s = HttpServer.create(new InetSocketAddress(bindAddress, requestedPort), 0);
    s.createContext("/", handler);
    executor = new BoundedExecutor(threads, queueCapacity);
    s.setExecutor(executor);
    s.start();
    server = s;
    LOG.info(
        "masking service listening on http://{}:{}/ ({} threads, max {} bytes per request)",
        bindAddress.getHostAddress(), port(), threads, maxRequestBytes);
    return this;
  }

  /** Stops at once (running requests are cut off) and releases the port. Idempotent. */
  public synchronized void stop() {
    if (server == null || stopped.getCount() == 0) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopped.countDown();
    LOG.info("masking service stopped");
  }

  /** Waits until {@link #stop()} has been called. */
  public void blockUntilShutdown() throws InterruptedException {
    stopped.await();
  }

  /** The bound port (the real one when 0 was requested). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the masking server is not started");
    }
    return server.getAddress().getPort();
  }

  /** The bound address. */
  public synchronized InetSocketAddress address() {
    if (server == null) {
      throw new IllegalStateException("the masking server is not started");
    }
    return server.getAddress();
  }

  /** Requests waiting for a worker thread right now. */
  public synchronized int queuedRequests() {
    return executor == null ? 0 : executor.getQueue().size();
  }

  /** Requests that failed with an internal error (500) so far. */
  public synchronized long internalErrors() {
    return handler == null ? 0 : handler.internalErrors();
  }

  @Override
  public String toString() {
    return "MaskingServer{bind=" + bindAddress.getHostAddress() + ", port=" + requestedPort
        + ", threads=" + threads + ", queue=" + queueCapacity + ", maxRequestBytes="
        + maxRequestBytes + "}";
  }

  /** Builds a {@link MaskingServer}. The masker is required; everything else has a default. */
  public static final class Builder {
    /** Default request size limit: 5 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;

    private TextMasker masker;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = 8080;
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int queueCapacity = 64;

    private Builder() {}

    public Builder masker(TextMasker masker) {
      if (masker == null) {
        throw new IllegalArgumentException("masker must not be null. Provided value: null");
      }
      this.masker = masker;
      return this;
    }

    /** Address to listen on (default 127.0.0.1): an IP address or host name. */
    public Builder bindAddress(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("bindAddress must be a host or IP address. Provided value: " + host);
      }
      try {
        this.bindAddress = InetAddress.getByName(host.strip());
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(
            "bindAddress must be a resolvable host or IP address. Provided value: " + host);
      }
      return this;
    }

    /** Port, 0 to 65535; 0 picks a free port (see {@link MaskingServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be >= 0 and <= 65535. Provided value: " + port);
      }
      this.port = port;
      return this;
    }

    /** Largest request body, 1 byte to 1 GiB (default 5 MiB). */
    public Builder maxRequestBytes(long bytes) {
      if (bytes < 1 || bytes > (1L << 30)) {
        throw new IllegalArgumentException(
            "maxRequestBytes must be >= 1 and <= 1073741824. Provided value: " + bytes);
      }
      this.maxRequestBytes = (int) bytes;
      return this;
    }

    /** Worker threads, 1 to 256 (default: number of processors, at least 2). */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be >= 1 and <= 256. Provided value: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Requests that may wait for a worker, 1 to 10000 (default 64); more get 503. */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1 || capacity > 10_000) {
        throw new IllegalArgumentException(
            "queueCapacity must be >= 1 and <= 10000. Provided value: " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * @throws IllegalStateException if no masker was set
     */
    public MaskingServer build() {
      if (masker == null) {
        throw new IllegalStateException("masker was never set");
      }
      return new MaskingServer(this);
    }
  }
}
