package se.tillit.fl.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.dp.audit.AuditLog;
import se.tillit.fl.coordinator.internal.ModelCodec;
import se.tillit.fl.protocol.ModelParameters;

/**
 * The coordinator's state in a relational database reached by JDBC: embedded H2 in a file (the
 * default, {@link #defaultUrl()}) or PostgreSQL, chosen by the URL, as the dp module's ledger.
 * Opening applies this module's Flyway migrations ({@code db/migration/tillit-fl}, history table
 * {@value #HISTORY_TABLE}); running them again is a no-op. It holds runs, round attempts, clients,
 * checkpoints (global model and strategy state after each training round) and, through the dp
 * module's hash-chained {@link AuditLog} in the same database, an audit trail of what was done
 * (runs submitted, started, finished, cancelled, rounds completed, clients refused). Nothing stored
 * holds training data; checkpoints hold the global model only.
 *
 * <p>A round's end (status, metrics, checkpoint, the run's current round) is written in one
 * transaction, so a restarted coordinator sees either all of it or none. Thread-safe; every call
 * takes its own connection. Failures throw {@link IllegalStateException} with the database's
 * message.
 */
public final class StateStore implements AutoCloseable {
  /** Flyway's history table for this module's migrations. */
  public static final String HISTORY_TABLE = "tillit_fl_schema_history";
  /** Where the migrations live on the class path. */
  public static final String MIGRATIONS = "classpath:db/migration/tillit-fl";

  private static final Logger log = LoggerFactory.getLogger(StateStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A stored checkpoint: the global model after {@code round} and the strategy state. */
  public record Checkpoint(long round, ModelParameters model, byte[] strategyState) {
    public Checkpoint {
      Objects.requireNonNull(model, "model");
      strategyState = strategyState.clone();
    }

    @Override
    public byte[] strategyState() {
      return strategyState.clone();
    }
  }

  /** A failed client of a round, as stored. */
  public record FailureRecord(String clientId, String kind, String detail) {}

  private final String url;
  private final String user;
  private final String password;
  private final Clock clock;
  private final Connection keepAlive;
  private final AuditLog audit;
  private volatile boolean closed;

  private StateStore(String url, String user, String password, Clock clock, Connection keepAlive,
      AuditLog audit) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.clock = clock;
    this.keepAlive = keepAlive;
    this.audit = audit;
  }

  /**
   * The default database: an H2 file under TILLIT_HOME (default ~/.tillit), shared with the
   * ledger; the system property {@code tillit.home} takes precedence (tests set it).
   */
  public static String defaultUrl() {
    String home = System.getProperty("tillit.home", System.getenv("TILLIT_HOME"));
    Path dir = home != null && !home.isBlank()
        ? Path.of(home) : Path.of(System.getProperty("user.home"), ".tillit");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create the Tillit home directory " + dir + " ("
          + e.getMessage() + "); set TILLIT_HOME or give database.url");
    }
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("tillit") + ";AUTO_SERVER=TRUE";
  }

  /** Opens (and migrates) the database at {@code url} with the system clock. */
  public static StateStore open(String url, String user, String password) {
    return open(url, user, password, Clock.systemUTC());
  }

  /**
   * Opens (and migrates) the database at {@code url}.
   *
   * @param url jdbc:h2:... or jdbc:postgresql:...; null for {@link #defaultUrl()}
   * @param user may be null
   * @param password may be null
   * @throws IllegalArgumentException for a URL of another database
   * @throws IllegalStateException if the database cannot be reached or migrated
   */
  public static StateStore open(String url, String user, String password, Clock clock) {
    String u = url == null ? defaultUrl() : url;
    if (!u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database URL must be a jdbc:h2: or jdbc:postgresql: URL. Provided value: " + u);
    }
    Connection keepAlive = null;
    try {
      boolean embeddedH2 = u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:")
          && !u.startsWith("jdbc:h2:ssl:");
      if (embeddedH2) {
        // Keeps an embedded database open between operations.
        keepAlive = connect(u, user, password);
      }
      Flyway.configure(StateStore.class.getClassLoader())
          .dataSource(u, user, password)
          .locations(MIGRATIONS)
          .table(HISTORY_TABLE)
          // The dp module may already have its tables (and history table) in this schema.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      AuditLog audit = AuditLog.open(u, user, password);
      return new StateStore(u, user, password, Objects.requireNonNull(clock, "clock"), keepAlive,
          audit);
    } catch (SQLException | FlywayException e) {
      closeQuietly(keepAlive);
      throw new IllegalStateException(
          "could not open the coordinator state database: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(keepAlive);
      throw e;
    }
  }

  private static Connection connect(String url, String user, String password)
      throws SQLException {
    return user == null && password == null
        ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
  }

  private Connection connection() throws SQLException {
    if (closed) {
      throw new IllegalStateException("the state store has been closed");
    }
    return connect(url, user, password);
  }

  /** The audit log in the same database. */
  public AuditLog audit() {
    return audit;
  }

  /**
   * Appends an audit record; a failure to write it is logged and not thrown (the action itself is
   * already stored).
   */
  public void auditQuietly(String actor, String action, String subject, Map<String, ?> details) {
    try {
      audit.append(actor, action, subject, details);
    } catch (RuntimeException e) {
      log.error("could not write the audit record {} for {}: {}", action, subject, e.toString());
    }
  }

  // ------------------------------------------------------------------------------------------
  // Runs

  /** Stores a new run as SUBMITTED and audits it. */
  public void insertRun(String id, RunSpec spec, String actor) {
    Instant now = clock.instant();
    inTransaction(c -> {
      long seq;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(submit_seq), 0) FROM tillit_fl_run")) {
        rs.next();
        seq = rs.getLong(1) + 1;
      }
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO tillit_fl_run (id, name, spec, status, current_round, rounds_total,"
              + " submit_seq, submitted_at, detail) VALUES (?, ?, ?, ?, 0, ?, ?, ?, '')")) {
        p.setString(1, id);
        p.setString(2, spec.name());
        p.setString(3, spec.toYaml());
        p.setString(4, RunStatus.SUBMITTED.name());
        p.setLong(5, spec.rounds());
        p.setLong(6, seq);
        p.setObject(7, time(now));
        p.executeUpdate();
      }
      return null;
    });
    auditQuietly(actor, "fl.run.submitted", "run/" + id, Map.of(
        "name", spec.name(), "rounds", spec.rounds(), "strategy", spec.strategyName(),
        "min_clients", spec.sampling().minClients()));
  }

  /** The run file of a run. */
  public Optional<String> runSpec(String id) {
    return query(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT spec FROM tillit_fl_run WHERE id = ?")) {
        p.setString(1, id);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** A run with its round history, or empty for an unknown id. */
  public Optional<RunView> run(String id) {
    return query(c -> {
      RunView head;
      try (PreparedStatement p = c.prepareStatement(RUN_COLUMNS + " WHERE id = ?")) {
        p.setString(1, id);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return Optional.<RunView>empty();
          }
          head = runOf(rs, List.of());
        }
      }
      List<RoundView> rounds = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(
          "SELECT round, kind, attempt, status, sampled, contributors, failures, sampled_clients,"
              + " failure_detail, metrics, started_at, finished_at FROM tillit_fl_round"
              + " WHERE run_id = ? ORDER BY round, kind DESC, attempt")) {
        p.setString(1, id);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rounds.add(new RoundView(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getInt(5), rs.getInt(6), rs.getInt(7),
                fromJson(rs.getString(8), new TypeReference<List<String>>() {}),
                fromJson(rs.getString(9), new TypeReference<List<Map<String, String>>>() {}),
                fromJson(rs.getString(10), new TypeReference<Map<String, Double>>() {}),
                instant(rs, 11), instant(rs, 12)));
          }
        }
      }
      return Optional.of(new RunView(head.id(), head.name(), head.status(), head.currentRound(),
          head.rounds(), head.submittedAt(), head.startedAt(), head.finishedAt(), head.detail(),
          rounds));
    });
  }

  /** Every run, oldest submission first, without round history. */
  public List<RunView> runs() {
    return query(c -> {
      List<RunView> out = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(RUN_COLUMNS + " ORDER BY submit_seq")) {
        while (rs.next()) {
          out.add(runOf(rs, List.of()));
        }
      }
      return out;
    });
  }

  /** Ids of the runs in one of {@code statuses}, oldest submission first. */
  public List<String> runIds(RunStatus... statuses) {
    List<String> wanted = new ArrayList<>();
    for (RunStatus s : statuses) {
      wanted.add(s.name());
    }
    List<String> out = new ArrayList<>();
    for (RunView r : runs()) {
      if (wanted.contains(r.status().name())) {
        out.add(r.id());
      }
    }
    return out;
  }

  private static final String RUN_COLUMNS = "SELECT id, name, status, current_round, rounds_total,"
      + " submitted_at, started_at, finished_at, detail FROM tillit_fl_run";

  private static RunView runOf(ResultSet rs, List<RoundView> rounds) throws SQLException {
    return new RunView(rs.getString(1), rs.getString(2), RunStatus.valueOf(rs.getString(3)),
        rs.getLong(4), rs.getLong(5), instant(rs, 6), instant(rs, 7), instant(rs, 8),
        rs.getString(9), rounds);
  }

  /** SUBMITTED (or RUNNING, when resuming) to RUNNING; audits the start. */
  public void markRunning(String id, String actor, boolean resumed) {
    update("UPDATE tillit_fl_run SET status = ?, started_at = COALESCE(started_at, ?) WHERE id = ?",
        RunStatus.RUNNING.name(), time(clock.instant()), id);
    auditQuietly(actor, resumed ? "fl.run.resumed" : "fl.run.started", "run/" + id, Map.of());
  }

  /**
   * Ends a run that is not final yet.
   *
   * @return false if the run was already final (nothing changed)
   */
  public boolean finishRun(String id, RunStatus status, String detail, String actor) {
    if (!status.isFinal()) {
      throw new IllegalArgumentException("status must be final. Provided value: " + status);
    }
    int n = update("UPDATE tillit_fl_run SET status = ?, finished_at = ?, detail = ? WHERE id = ?"
            + " AND status IN ('SUBMITTED', 'RUNNING')",
        status.name(), time(clock.instant()), truncate(detail, 4000), id);
    if (n > 0) {
      auditQuietly(actor, "fl.run." + status.name().toLowerCase(Locale.ROOT), "run/" + id,
          detail == null || detail.isEmpty() ? Map.of() : Map.of("detail", truncate(detail, 500)));
    }
    return n > 0;
  }

  // ------------------------------------------------------------------------------------------
  // Rounds and checkpoints

  /** Records that an attempt of a round started, with the clients sampled. */
  public void roundStarted(String runId, long round, String kind, int attempt,
      List<String> sampledClients) {
    update("INSERT INTO tillit_fl_round (run_id, round, kind, attempt, status, sampled,"
            + " contributors, failures, sampled_clients, failure_detail, metrics, started_at)"
            + " VALUES (?, ?, ?, ?, 'RUNNING', ?, 0, 0, ?, '[]', '{}', ?)",
        runId, round, kind, attempt, sampledClients.size(), toJson(sampledClients),
        time(clock.instant()));
  }

  /**
   * Records the end of a round attempt, in one transaction with the checkpoint (when given) and,
   * for a completed training round, the run's current round. Keeps the newest {@code keep}
   * checkpoints of the run (0: all). Audits a completed round.
   */
  public void roundFinished(String runId, long round, String kind, int attempt, String status,
      int contributors, List<FailureRecord> failures, Map<String, Double> metrics,
      Checkpoint checkpoint, int keep, String actor) {
    List<Map<String, String>> failureJson = new ArrayList<>();
    for (FailureRecord f : failures) {
      failureJson.add(Map.of("client", f.clientId(), "kind", f.kind(),
          "detail", truncate(f.detail(), 300)));
    }
    Instant now = clock.instant();
    inTransaction(c -> {
      exec(c, "UPDATE tillit_fl_round SET status = ?, contributors = ?, failures = ?,"
              + " failure_detail = ?, metrics = ?, finished_at = ? WHERE run_id = ? AND round = ?"
              + " AND kind = ? AND attempt = ?",
          status, contributors, failures.size(), toJson(failureJson),
          toJson(new TreeMap<>(metrics)), time(now), runId, round, kind, attempt);
      if (checkpoint != null) {
        writeCheckpoint(c, runId, checkpoint, now, keep);
      }
      if (kind.equals("TRAIN") && status.equals("COMPLETED")) {
        exec(c, "UPDATE tillit_fl_run SET current_round = ? WHERE id = ?", round, runId);
      }
      return null;
    });
    if (status.equals("COMPLETED")) {
      Map<String, Object> details = new TreeMap<>();
      details.put("round", round);
      details.put("kind", kind);
      details.put("attempt", attempt);
      details.put("contributors", contributors);
      details.put("failures", failures.size());
      auditQuietly(actor, "fl.round.completed", "run/" + runId, details);
    }
  }

  /** The highest attempt number stored for a round, 0 if none (abandoned ones count). */
  public int lastAttempt(String runId, long round, String kind) {
    return query(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(attempt), 0) FROM"
          + " tillit_fl_round WHERE run_id = ? AND round = ? AND kind = ?")) {
        p.setString(1, runId);
        p.setLong(2, round);
        p.setString(3, kind);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** Marks the RUNNING round attempts of a run ABANDONED (the coordinator stopped during them). */
  public void abandonOpenRounds(String runId) {
    update("UPDATE tillit_fl_round SET status = 'ABANDONED', finished_at = ? WHERE run_id = ?"
        + " AND status = 'RUNNING'", time(clock.instant()), runId);
  }

  /** Stores a checkpoint on its own (the initial model, round 0). */
  public void saveCheckpoint(String runId, Checkpoint checkpoint, int keep) {
    inTransaction(c -> {
      writeCheckpoint(c, runId, checkpoint, clock.instant(), keep);
      return null;
    });
  }

  private void writeCheckpoint(Connection c, String runId, Checkpoint cp, Instant now, int keep)
      throws SQLException {
    exec(c, "DELETE FROM tillit_fl_checkpoint WHERE run_id = ? AND round = ?", runId, cp.round());
    exec(c, "INSERT INTO tillit_fl_checkpoint (run_id, round, model, strategy_state, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        runId, cp.round(), ModelCodec.encode(cp.model()), cp.strategyState(), time(now));
    if (keep > 0) {
      exec(c, "DELETE FROM tillit_fl_checkpoint WHERE run_id = ? AND round <= ?", runId,
          cp.round() - keep);
    }
  }

  /** The newest checkpoint of a run. */
  public Optional<Checkpoint> latestCheckpoint(String runId) {
    return query(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT round, model, strategy_state FROM"
          + " tillit_fl_checkpoint WHERE run_id = ? ORDER BY round DESC")) {
        p.setString(1, runId);
        p.setMaxRows(1);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Checkpoint>empty();
          }
          return Optional.of(new Checkpoint(rs.getLong(1), ModelCodec.decode(rs.getBytes(2)),
              rs.getBytes(3)));
        }
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // Clients

  /** Records a client's Hello: its properties, and that it is connected now. */
  public void clientConnected(String clientId, Map<String, Object> properties) {
    Instant now = clock.instant();
    String props = toJson(new TreeMap<>(properties));
    inTransaction(c -> {
      int n = exec(c, "UPDATE tillit_fl_client SET properties = ?, last_seen = ?, connected = TRUE"
          + " WHERE id = ?", props, time(now), clientId);
      if (n == 0) {
        exec(c, "INSERT INTO tillit_fl_client (id, properties, first_seen, last_seen, connected)"
            + " VALUES (?, ?, ?, ?, TRUE)", clientId, props, time(now), time(now));
      }
      return null;
    });
  }

  /** Records that a client's session ended. */
  public void clientDisconnected(String clientId) {
    update("UPDATE tillit_fl_client SET connected = FALSE, last_seen = ? WHERE id = ?",
        time(clock.instant()), clientId);
  }

  /** Marks every client disconnected (at start-up: no session survives a restart). */
  public void markAllDisconnected() {
    update("UPDATE tillit_fl_client SET connected = FALSE WHERE connected = TRUE");
  }

  /** Stored clients: id to {@code connected}, {@code properties} (JSON), first and last seen. */
  public List<Map<String, Object>> clients() {
    return query(c -> {
      List<Map<String, Object>> out = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT id, properties, first_seen, last_seen, connected FROM tillit_fl_client"
              + " ORDER BY id")) {
        while (rs.next()) {
          Map<String, Object> m = new TreeMap<>();
          m.put("id", rs.getString(1));
          m.put("properties", fromJson(rs.getString(2), new TypeReference<Map<String, Object>>() {}));
          m.put("first_seen", String.valueOf(instant(rs, 3)));
          m.put("last_seen", String.valueOf(instant(rs, 4)));
          m.put("connected", rs.getBoolean(5));
          out.add(m);
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    audit.close();
    closeQuietly(keepAlive);
  }

  // ------------------------------------------------------------------------------------------
  // JDBC helpers

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T query(Work<T> work) {
    try (Connection c = connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("state database query failed: " + e.getMessage(), e);
    }
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("state database update failed: " + e.getMessage(), e);
    }
  }

  private int update(String sql, Object... args) {
    try (Connection c = connection()) {
      return exec(c, sql, args);
    } catch (SQLException e) {
      throw new IllegalStateException("state database update failed: " + e.getMessage(), e);
    }
  }

  private static int exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a instanceof byte[] bytes) {
          p.setBytes(i + 1, bytes);
        } else {
          p.setObject(i + 1, a);
        }
      }
      return p.executeUpdate();
    }
  }

  private static OffsetDateTime time(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String truncate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static String toJson(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T fromJson(String s, TypeReference<T> type) {
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // nothing to do
      }
    }
  }
}
