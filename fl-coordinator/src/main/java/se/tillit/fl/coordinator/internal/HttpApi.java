package se.tillit.fl.coordinator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.fl.coordinator.RoundView;
import se.tillit.fl.coordinator.RunSpec;
import se.tillit.fl.coordinator.RunView;

/**
 * The coordinator's HTTP endpoint (JDK {@code com.sun.net.httpserver}), for operators and
 * monitoring:
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"ok"}}
 *   <li>{@code GET /v1/status}: coordinator id, connected clients, runs by status, the active run
 *   <li>{@code GET /v1/runs}, {@code GET /v1/runs/{id}} (with rounds and their metrics)
 *   <li>{@code POST /v1/runs} with a run file (YAML) as the body: 201 and {@code {"id": ...}}, or
 *       400 and {@code {"error": "<field> must be ..."}}
 *   <li>{@code POST /v1/runs/{id}/cancel}: 200, 404 (unknown) or 409 (already final)
 *   <li>{@code GET /metrics}: Prometheus text format
 * </ul>
 *
 * <p>With a bearer token configured, the two POSTs need {@code Authorization: Bearer <token>}
 * (compared in constant time); reads stay open. Two worker threads. Internal.
 */
public final class HttpApi {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final Pattern RUN = Pattern.compile("/v1/runs/([A-Za-z0-9._-]{1,64})");
  private static final Pattern CANCEL = Pattern.compile("/v1/runs/([A-Za-z0-9._-]{1,64})/cancel");
  private static final int MAX_BODY = 1 << 20;

  /** What the endpoint serves. */
  public interface Backend {
    String coordinatorId();

    List<Map<String, Object>> connectedClients();

    List<RunView> runs();

    Optional<RunView> run(String id);

    String activeRun();

    /** @throws IllegalArgumentException for a bad run file */
    String submit(RunSpec spec, String actor);

    /** Empty if unknown; true if cancelled, false if already final. */
    Optional<Boolean> cancel(String id, String actor);

    String prometheus();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Backend backend;
  private final byte[] token;
  private final ObjectMapper json = new ObjectMapper();

  public HttpApi(InetSocketAddress address, Backend backend, String token) throws IOException {
    this.backend = backend;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(address, 64);
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "tillit-fl-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/health")) {
        requireGet(ex, method);
        send(ex, 200, Map.of("status", "ok"));
      } else if (path.equals("/metrics")) {
        requireGet(ex, method);
        byte[] body = backend.prometheus().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      } else if (path.equals("/v1/status")) {
        requireGet(ex, method);
        send(ex, 200, status());
      } else if (path.equals("/v1/runs")) {
        if (method.equals("POST")) {
          submit(ex);
        } else {
          requireGet(ex, method);
          List<Object> runs = new ArrayList<>();
          for (RunView r : backend.runs()) {
            runs.add(runJson(r, false));
          }
          send(ex, 200, Map.of("runs", runs));
        }
      } else if (CANCEL.matcher(path).matches()) {
        Matcher m = CANCEL.matcher(path);
        m.matches();
        if (!method.equals("POST")) {
          throw new HttpError(405, "method must be POST for " + path);
        }
        authorize(ex);
        Optional<Boolean> r = backend.cancel(m.group(1), actor(ex));
        if (r.isEmpty()) {
          throw new HttpError(404, "no run with id '" + m.group(1) + "'");
        }
        if (!r.get()) {
          throw new HttpError(409, "run '" + m.group(1) + "' has already ended");
        }
        send(ex, 200, Map.of("id", m.group(1), "cancel", "requested"));
      } else if (RUN.matcher(path).matches()) {
        Matcher m = RUN.matcher(path);
        m.matches();
        requireGet(ex, method);
        RunView r = backend.run(m.group(1))
            .orElseThrow(() -> new HttpError(404, "no run with id '" + m.group(1) + "'"));
        send(ex, 200, runJson(r, true));
      } else {
        throw new HttpError(404, "no such resource: " + path);
      }
    } catch (HttpError e) {
      sendError(ex, e.status, e.getMessage());
    } catch (IllegalArgumentException e) {
      sendError(ex, 400, e.getMessage());
    } catch (RuntimeException e) {
      log.error("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
      sendError(ex, 500, "internal error: " + e.getClass().getSimpleName());
    } finally {
      ex.close();
    }
  }

  private Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("coordinator_id", backend.coordinatorId());
    List<Map<String, Object>> clients = backend.connectedClients();
    out.put("connected_clients", clients.size());
    out.put("clients", clients);
    Map<String, Integer> byStatus = new TreeMap<>();
    for (RunView r : backend.runs()) {
      byStatus.merge(r.status().name(), 1, Integer::sum);
    }
    out.put("runs", byStatus);
    out.put("active_run", backend.activeRun());
    return out;
  }

  private void submit(HttpExchange ex) throws IOException {
    authorize(ex);
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new HttpError(413, "the run file must be at most " + MAX_BODY + " bytes");
    }
    RunSpec spec = RunSpec.parse(new String(body, StandardCharsets.UTF_8));
    String id = backend.submit(spec, actor(ex));
    ex.getResponseHeaders().set("Location", "/v1/runs/" + id);
    send(ex, 201, Map.of("id", id, "status", "SUBMITTED"));
  }

  private void authorize(HttpExchange ex) {
    if (token == null) {
      return;
    }
    String h = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given = h != null && h.startsWith("Bearer ")
        ? h.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new HttpError(401, "a valid bearer token is required (Authorization: Bearer ...)");
    }
  }

  private static String actor(HttpExchange ex) {
    return "http:" + ex.getRemoteAddress().getAddress().getHostAddress();
  }

  private static void requireGet(HttpExchange ex, String method) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new HttpError(405, "method must be GET for " + ex.getRequestURI().getPath());
    }
  }

  private Map<String, Object> runJson(RunView r, boolean withRounds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("status", r.status().name());
    m.put("current_round", r.currentRound());
    m.put("rounds", r.rounds());
    m.put("submitted_at", str(r.submittedAt()));
    m.put("started_at", str(r.startedAt()));
    m.put("finished_at", str(r.finishedAt()));
    m.put("detail", r.detail());
    if (withRounds) {
      List<Object> rounds = new ArrayList<>();
      for (RoundView v : r.roundHistory()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("round", v.round());
        rm.put("kind", v.kind());
        rm.put("attempt", v.attempt());
        rm.put("status", v.status());
        rm.put("sampled", v.sampled());
        rm.put("contributors", v.contributors());
        rm.put("failures", v.failures());
        rm.put("failure_detail", v.failureDetail());
        rm.put("metrics", new TreeMap<>(v.metrics()));
        rm.put("started_at", str(v.startedAt()));
        rm.put("finished_at", str(v.finishedAt()));
        rounds.add(rm);
      }
      m.put("round_history", rounds);
    }
    return m;
  }

  private void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void sendError(HttpExchange ex, int status, String message) {
    try {
      send(ex, status, Map.of("error", message == null ? "" : message));
    } catch (IOException | RuntimeException e) {
      log.debug("could not send an HTTP error: {}", e.toString());
    }
  }

  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
