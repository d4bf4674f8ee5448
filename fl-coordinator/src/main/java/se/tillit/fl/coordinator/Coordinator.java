package se.tillit.fl.coordinator;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.fl.coordinator.internal.FleetMetrics;
import se.tillit.fl.coordinator.internal.FleetService;
import se.tillit.fl.coordinator.internal.HttpApi;
import se.tillit.fl.coordinator.internal.RoundEngine;
import se.tillit.fl.coordinator.internal.TaskRegistry;
import se.tillit.fl.coordinator.strategy.Aggregator;
import se.tillit.fl.protocol.FleetCalls;
import se.tillit.fl.protocol.tls.PeerIdentity;
import se.tillit.fl.protocol.tls.Revocations;
import se.tillit.fl.protocol.tls.TlsCredentials;

/**
 * The federated-learning coordinator: the Fleet gRPC service agency clients connect to, the run
 * loop that trains submitted runs round by round, the state store, and the HTTP status endpoint.
 *
 * <pre>{@code
 * try (Coordinator c = Coordinator.builder()
 *     .config(CoordinatorConfig.load(Path.of("coordinator.yaml")))
 *     .initializer(ModelInitializer.fromRunFile())
 *     .strategies(StrategyFactory.fromRunFile())
 *     .aggregator(new PlainSumAggregator())
 *     .build()
 *     .start()) {
 *   String id = c.submit(RunSpec.parse(Files.readString(runFile)));
 *   c.awaitCompletion(id, Duration.ofHours(1));
 * }
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>One run trains at a time; runs submitted meanwhile wait (SUBMITTED) in submission order.
 *   <li>A round's end (metrics, checkpoint of the global model and strategy state) is stored in
 *       one transaction. A coordinator that stops (or is killed) during a run resumes it at the
 *       round after the last completed one when it starts again on the same database; the round
 *       in progress is recorded ABANDONED and run again. Clients reconnect by themselves (they get
 *       Reconnect on a graceful {@link #close()}).
 *   <li>Bad client input (malformed, oversized, non-finite, wrong shape or dtype, replayed, late
 *       or unknown) is answered with an ErrorInfo naming what was wrong; the coordinator keeps
 *       running and keeps the client's session unless the client's identity is wrong.
 *   <li>With mutual TLS, every message's sender id must be the certificate's CN.
 *   <li>No thread per client: gRPC's executor handles messages, one scheduler runs timers, one
 *       thread runs the rounds.
 * </ul>
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} is idempotent. Methods other than
 * {@code start} throw {@link IllegalStateException} before start and after close.
 */
public final class Coordinator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

  private final CoordinatorConfig config;
  private final StateStore store;
  private final boolean ownsStore;
  private final ServerCredentials credentials;
  private final ModelInitializer initializer;
  private final StrategyFactory strategies;
  private final Aggregator aggregator;
  private final Clock clock;
  private final UnaryOperator<String> env;
  private final Duration reconnectAfter;
  private final FleetMetrics metrics = new FleetMetrics();
  private final TaskRegistry tasks = new TaskRegistry();
  private ScheduledExecutorService scheduler;
  private ExecutorService storeWriter;
  private FleetService fleet;
  private RoundEngine engine;
  private Server server;
  private HttpApi http;
  private volatile boolean started;
  private volatile boolean closed;

  private Coordinator(Builder b) {
    this.config = b.config;
    this.ownsStore = b.store == null;
    this.store = b.store != null ? b.store : StateStore.open(config.databaseUrl(),
        config.databaseUser(), password(config, b.env), b.clock);
    this.credentials = b.credentials;
    this.initializer = b.initializer;
    this.strategies = b.strategies;
    this.aggregator = b.aggregator;
    this.clock = b.clock;
    this.env = b.env;
    this.reconnectAfter = b.reconnectAfter;
  }

  private static String password(CoordinatorConfig config, UnaryOperator<String> env) {
    if (config.databasePasswordEnv() == null) {
      return null;
    }
    String p = env.apply(config.databasePasswordEnv());
    if (p == null) {
      throw new IllegalArgumentException("database.password_env names an environment variable"
          + " that is not set. Provided value: " + config.databasePasswordEnv());
    }
    return p;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the gRPC and HTTP ports, and starts the run loop (resuming a RUNNING run first).
   *
   * @throws IOException if a port cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized Coordinator start() throws IOException {
    if (started) {
      throw new IllegalStateException("the coordinator was already started");
    }
    started = true;
    String token = null;
    if (config.httpTokenEnv() != null) {
      token = env.apply(config.httpTokenEnv());
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("http.token_env names an environment variable that is"
            + " not set. Provided value: " + config.httpTokenEnv());
      }
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tillit-fl-timer"));
    storeWriter = Executors.newSingleThreadExecutor(r -> daemon(r, "tillit-fl-store"));
    store.markAllDisconnected();
    boolean tls = config.tls() != null;
    fleet = new FleetService(config, store, tasks, metrics, clock, scheduler, storeWriter, tls);
    engine = new RoundEngine(config, store, fleet, tasks, initializer, strategies, aggregator,
        metrics);
    ServerCredentials creds = credentials != null ? credentials : defaultCredentials();
    NettyServerBuilder sb = NettyServerBuilder
        .forAddress(new InetSocketAddress(config.listenAddress(), config.port()), creds)
        .maxInboundMessageSize(config.maxChunkBytes() + (1 << 20))
        // The Fleet handlers never block (the store is written on its own thread; the longest
        // they hold a lock is while an update is added to the round's sum), so they run on the
        // transport's threads: no hand-off per message, and uploads move about 10% faster.
        .directExecutor()
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(60, TimeUnit.SECONDS);
    if (config.flowControlAutoTune()) {
      sb.initialFlowControlWindow(config.flowControlWindow());
    } else {
      sb.flowControlWindow(config.flowControlWindow());
    }
    if (tls) {
      Set<String> revoked = Set.copyOf(config.tls().revoked().stream()
          .map(s -> s.toLowerCase(Locale.ROOT)).toList());
      Revocations fromFile = config.revocations();
      sb.addService(FleetCalls.bindService(fleet,
          PeerIdentity.interceptor(cert -> isRevoked(cert, revoked) || fromFile.test(cert))));
    } else {
      sb.addService(FleetCalls.bindService(fleet));
    }
    try {
      server = sb.build().start();
      if (config.httpPort() >= 0) {
        http = new HttpApi(new InetSocketAddress(config.httpAddress(), config.httpPort()),
            new Backend(), token);
        http.start();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    engine.start();
    log.info("coordinator {} listening on {} (gRPC, {}){}", config.coordinatorId(),
        server.getListenSockets(), tls ? "mutual TLS" : "INSECURE, no TLS",
        http == null ? "" : ", HTTP on " + http.address());
    return this;
  }

  private ServerCredentials defaultCredentials() throws IOException {
    if (config.tls() == null) {
      return InsecureServerCredentials.create();
    }
    // Checks the files (readable, PEM, key matches, issued by the CA, valid now) with clear errors.
    return TlsCredentials.server(config.tls().ca(), config.tls().cert(), config.tls().key());
  }

  private static boolean isRevoked(X509Certificate cert, Set<String> revoked) {
    if (revoked.contains(cert.getSerialNumber().toString(16).toLowerCase(Locale.ROOT))) {
      return true;
    }
    return PeerIdentity.commonName(cert)
        .map(cn -> revoked.contains(cn.toLowerCase(Locale.ROOT))).orElse(false);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void requireRunning() {
    if (!started) {
      throw new IllegalStateException("the coordinator has not been started");
    }
    if (closed) {
      throw new IllegalStateException("the coordinator has been closed");
    }
  }

  /** Submits a run as the caller "api"; see {@link #submit(RunSpec, String)}. */
  public String submit(RunSpec spec) {
    return submit(spec, "api");
  }

  /**
   * Stores a run (SUBMITTED) and queues it.
   *
   * @param actor who submits, for the audit log
   * @return the run id
   */
  public String submit(RunSpec spec, String actor) {
    requireRunning();
    Objects.requireNonNull(spec, "spec");
    String id = "run-" + UUID.randomUUID().toString().substring(0, 13);
    store.insertRun(id, spec, actor);
    engine.enqueue(id);
    log.info("run {} ({}) submitted by {}", id, spec.name(), actor);
    return id;
  }

  /** A run with its rounds, or empty for an unknown id. */
  public Optional<RunView> status(String runId) {
    requireRunning();
    return store.run(runId);
  }

  /** Every run, oldest first (without rounds). */
  public List<RunView> runs() {
    requireRunning();
    return store.runs();
  }

  /** Cancels a run as "api"; see {@link #cancel(String, String)}. */
  public boolean cancel(String runId) {
    return cancel(runId, "api");
  }

  /**
   * Cancels a run: a queued run at once; the active run at its next step (clients get CancelTask
   * for their open tasks).
   *
   * @return false if the run is unknown or has already ended
   */
  public boolean cancel(String runId, String actor) {
    requireRunning();
    return engine.cancel(runId, actor);
  }

  /**
   * Waits until a run has ended (COMPLETED, CANCELLED or FAILED).
   *
   * @throws IllegalArgumentException for an unknown run
   * @throws TimeoutException if it has not ended within {@code timeout}
   */
  public RunView awaitCompletion(String runId, Duration timeout)
      throws InterruptedException, TimeoutException {
    requireRunning();
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      RunView v = store.run(runId).orElseThrow(() ->
          new IllegalArgumentException("runId must name a submitted run. Provided value: " + runId));
      if (v.status().isFinal()) {
        return v;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("run " + runId + " is still " + v.status() + " after "
            + timeout + " (round " + v.currentRound() + " of " + v.rounds() + ")");
      }
      engine.awaitRunsChanged(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1));
    }
  }

  /** The gRPC port (useful when the config asked for port 0). */
  public int port() {
    requireRunning();
    return server.getPort();
  }

  /** The HTTP endpoint's address, or empty when it is off. */
  public Optional<InetSocketAddress> httpAddress() {
    requireRunning();
    return http == null ? Optional.empty() : Optional.of(http.address());
  }

  /** Clients with a welcomed session now. */
  public int connectedClients() {
    requireRunning();
    return fleet.connectedCount();
  }

  /** The Prometheus text of the coordinator's metrics. */
  public String prometheusMetrics() {
    return metrics.prometheus();
  }

  /** The state store. */
  public StateStore store() {
    return store;
  }

  /**
   * Stops: the run loop (the active run stays RUNNING, to be resumed), sends every client
   * Reconnect and ends its stream, stops the gRPC and HTTP servers, and closes the store if this
   * coordinator opened it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (engine != null) {
        engine.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (fleet != null) {
      fleet.shutdown(reconnectAfter, "the coordinator is shutting down");
    }
    if (server != null) {
      server.shutdown();
      try {
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
          server.shutdownNow();
          server.awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (http != null) {
      http.stop();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (storeWriter != null) {
      storeWriter.shutdown();
      try {
        storeWriter.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownsStore) {
      store.close();
    }
    log.info("coordinator {} stopped", config.coordinatorId());
  }

  private final class Backend implements HttpApi.Backend {
    @Override
    public String coordinatorId() {
      return config.coordinatorId();
    }

    @Override
    public List<Map<String, Object>> connectedClients() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (FleetService.Session s : fleet.connected()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.clientId());
        m.put("session_id", s.sessionId());
        m.put("properties", s.properties());
        out.add(m);
      }
      return out;
    }

    @Override
    public List<RunView> runs() {
      return store.runs();
    }

    @Override
    public Optional<RunView> run(String id) {
      return store.run(id);
    }

    @Override
    public String activeRun() {
      return engine.activeRun();
    }

    @Override
    public String submit(RunSpec spec, String actor) {
      return Coordinator.this.submit(spec, actor);
    }

    @Override
    public Optional<Boolean> cancel(String id, String actor) {
      Optional<RunView> r = store.run(id);
      if (r.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Coordinator.this.cancel(id, actor));
    }

    @Override
    public String prometheus() {
      return metrics.prometheus();
    }
  }

  /** Options; {@link #config}, {@link #initializer}, {@link #strategies} and {@link #aggregator} are required. */
  public static final class Builder {
    private CoordinatorConfig config;
    private StateStore store;
    private ServerCredentials credentials;
    private ModelInitializer initializer;
    private StrategyFactory strategies;
    private Aggregator aggregator;
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<String> env = System::getenv;
    private Duration reconnectAfter = Duration.ofSeconds(1);

    private Builder() {}

    public Builder config(CoordinatorConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The state store to use (the caller keeps ownership and closes it); by default the
     * coordinator opens the config's database and closes it on {@link Coordinator#close()}.
     */
    public Builder store(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The gRPC server credentials (e.g. from the coordinator's TLS kit). Default: from the
     * config's tls files (client certificates required), or insecure when the config says so.
     */
    public Builder credentials(ServerCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    public Builder initializer(ModelInitializer initializer) {
      this.initializer = Objects.requireNonNull(initializer, "initializer");
      return this;
    }

    public Builder strategies(StrategyFactory strategies) {
      this.strategies = Objects.requireNonNull(strategies, "strategies");
      return this;
    }

    public Builder aggregator(Aggregator aggregator) {
      this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
      return this;
    }

    /** Clock for stored times and message timestamps; default the system clock (UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where environment variables (token, password) are read; default {@link System#getenv}. */
    public Builder environment(UnaryOperator<String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** The delay clients are told to wait before reconnecting after close(); default 1 s. */
    public Builder reconnectAfter(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("reconnectAfter must be >= 0. Provided value: " + delay);
      }
      this.reconnectAfter = delay;
      return this;
    }

    /**
     * @throws IllegalStateException naming a required option never set
     * @throws IllegalStateException if the state database cannot be opened
     */
    public Coordinator build() {
      if (config == null) {
        throw new IllegalStateException("config must be set before build()");
      }
      if (initializer == null) {
        throw new IllegalStateException("initializer must be set before build()");
      }
      if (strategies == null) {
        throw new IllegalStateException("strategies must be set before build()");
      }
      if (aggregator == null) {
        throw new IllegalStateException("aggregator must be set before build()");
      }
      return new Coordinator(this);
    }
  }
}
