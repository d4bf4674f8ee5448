package se.tillit.fl.coordinator.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.fl.coordinator.CoordinatorConfig;
import se.tillit.fl.coordinator.ModelInitializer;
import se.tillit.fl.coordinator.RunSpec;
import se.tillit.fl.coordinator.RunStatus;
import se.tillit.fl.coordinator.RunView;
import se.tillit.fl.coordinator.StateStore;
import se.tillit.fl.coordinator.StrategyFactory;
import se.tillit.fl.coordinator.strategy.AggregateResult;
import se.tillit.fl.coordinator.strategy.Aggregator;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.coordinator.strategy.RoundUpdates;
import se.tillit.fl.coordinator.strategy.Strategy;
import se.tillit.fl.coordinator.strategy.TrainSettings;
import se.tillit.fl.coordinator.strategy.WeightedSum;
import se.tillit.fl.protocol.Messages;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.v1.ClientLevelDp;
import se.tillit.fl.protocol.v1.CoordinatorMessage;
import se.tillit.fl.protocol.v1.HyperParameters;
import se.tillit.fl.protocol.v1.MessageMetadata;
import se.tillit.fl.protocol.v1.MessageType;
import se.tillit.fl.protocol.v1.ParametersKind;
import se.tillit.fl.protocol.v1.PrivacySettings;
import se.tillit.fl.protocol.v1.RecordLevelDp;
import se.tillit.fl.protocol.v1.Task;

/**
 * The run loop: one thread that takes runs from a queue and trains them one at a time (runs
 * submitted meanwhile wait, SUBMITTED, in submission order). Per training round: wait until
 * {@code min_clients} eligible clients are connected, sample, persist "round started", send the
 * tasks, collect until every sampled client answered or the deadline passed, cancel stragglers,
 * and then either aggregate (at least {@code quorum} contributors) and persist the checkpoint
 * with the metrics in one transaction, or record the attempt as FAILED and try the round again
 * (at most {@code max_round_attempts} tries; then the run FAILS). Every {@code evaluate_every}
 * rounds an EVALUATE round follows, whose failure is recorded but does not fail the run. Internal.
 */
public final class RoundEngine {
  private static final Logger log = LoggerFactory.getLogger(RoundEngine.class);

  private final CoordinatorConfig config;
  private final StateStore store;
  private final FleetService fleet;
  private final TaskRegistry tasks;
  private final ModelInitializer initializer;
  private final StrategyFactory strategies;
  private final Aggregator aggregator;
  private final FleetMetrics metrics;
  private final SecureRandom random = new SecureRandom();
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Map<String, String> cancelRequests = new ConcurrentHashMap<>();
  private final Object runsChanged = new Object();
  private final Thread thread;
  private final String actor;
  private volatile String activeRun;
  private volatile boolean stopping;

  /** The run was cancelled. */
  private static final class Cancelled extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /** The coordinator is stopping: leave the run RUNNING for the next start to resume. */
  private static final class Stopping extends Exception {
    private static final long serialVersionUID = 1L;
  }

  public RoundEngine(CoordinatorConfig config, StateStore store, FleetService fleet,
      TaskRegistry tasks, ModelInitializer initializer, StrategyFactory strategies,
      Aggregator aggregator, FleetMetrics metrics) {
    this.config = config;
    this.store = store;
    this.fleet = fleet;
    this.tasks = tasks;
    this.initializer = initializer;
    this.strategies = strategies;
    this.aggregator = aggregator;
    this.metrics = metrics;
    this.actor = config.coordinatorId();
    this.thread = new Thread(this::loop, "tillit-fl-run-loop");
    this.thread.setDaemon(true);
  }

  /** Queues the RUNNING runs (to resume) and then the SUBMITTED ones, and starts the loop. */
  public void start() {
    queue.addAll(store.runIds(RunStatus.RUNNING));
    queue.addAll(store.runIds(RunStatus.SUBMITTED));
    thread.start();
  }

  /** Queues a stored run. */
  public void enqueue(String runId) {
    queue.add(runId);
  }

  /**
   * Cancels a run: a queued run at once, the active run at its next step (outstanding tasks get
   * CancelTask).
   *
   * @return false if the run is unknown or already final
   */
  public boolean cancel(String runId, String requestedBy) {
    Optional<RunView> run = store.run(runId);
    if (run.isEmpty() || run.get().status().isFinal()) {
      return false;
    }
    cancelRequests.put(runId, requestedBy);
    if (!runId.equals(activeRun)) {
      if (store.finishRun(runId, RunStatus.CANCELLED, "cancelled by " + requestedBy,
          requestedBy)) {
        cancelRequests.remove(runId);
        signalRunsChanged();
        return true;
      }
    }
    Round r = tasks.current();
    if (r != null && r.runId.equals(runId)) {
      r.interrupt();
    }
    return true;
  }

  /** Waits up to {@code millis} for any run to change state. */
  public void awaitRunsChanged(long millis) throws InterruptedException {
    synchronized (runsChanged) {
      runsChanged.wait(Math.max(1, millis));
    }
  }

  private void signalRunsChanged() {
    synchronized (runsChanged) {
      runsChanged.notifyAll();
    }
  }

  /** Stops the loop; the active run stays RUNNING (resumed by the next start). */
  public void stop() throws InterruptedException {
    stopping = true;
    Round r = tasks.current();
    if (r != null) {
      r.interrupt();
    }
    // No Thread.interrupt(): an interrupt during H2 file I/O closes the database file. Every wait
    // of the run thread is bounded (at most 250 ms) and checks the stopping flag.
    thread.join(30_000);
  }

  public String activeRun() {
    return activeRun;
  }

  // ------------------------------------------------------------------------------------------

  private void loop() {
    while (!stopping) {
      String id;
      try {
        id = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (id == null) {
        continue;
      }
      activeRun = id;
      try {
        execute(id);
      } catch (Stopping e) {
        log.info("run {} left RUNNING: the coordinator is stopping", id);
        break;
      } catch (InterruptedException e) {
        if (stopping) {
          break;
        }
        fail(id, "the run thread was interrupted");
      } catch (RuntimeException e) {
        if (stopping) {
          log.warn("run {} left RUNNING: the coordinator stopped during {}", id, e.toString());
          break;
        }
        log.error("run {} failed", id, e);
        fail(id, e.getClass().getSimpleName() + ": " + e.getMessage());
      } finally {
        activeRun = null; // the last two rounds' tasks stay known, so late answers get STALE
        signalRunsChanged();
      }
    }
  }

  private void fail(String id, String detail) {
    try {
      store.finishRun(id, RunStatus.FAILED, detail, actor);
    } catch (RuntimeException e) {
      log.error("could not record that run {} failed", id, e);
    }
  }

  private void execute(String id) throws Stopping, InterruptedException {
    Optional<RunView> view = store.run(id);
    if (view.isEmpty() || view.get().status().isFinal()) {
      return;
    }
    if (cancelRequests.containsKey(id)) {
      finishCancelled(id);
      return;
    }
    RunSpec spec = RunSpec.parse(store.runSpec(id).orElseThrow());
    Strategy strategy = strategies.create(spec);
    Optional<StateStore.Checkpoint> cp = store.latestCheckpoint(id);
    ModelParameters global;
    long first = 1;
    boolean resumed = cp.isPresent();
    if (resumed) {
      global = cp.get().model();
      strategy.restoreState(cp.get().strategyState());
      first = cp.get().round() + 1;
      store.abandonOpenRounds(id);
      log.info("resuming run {} at round {}", id, first);
    } else {
      global = initializer.initialize(spec);
      if (global == null || global.size() == 0) {
        throw new IllegalArgumentException("the model initializer gave no tensors for run " + id);
      }
      store.saveCheckpoint(id, new StateStore.Checkpoint(0, global, strategy.saveState()),
          config.keepCheckpoints());
    }
    store.markRunning(id, actor, resumed);
    signalRunsChanged();
    try {
      for (long r = first; r <= spec.rounds(); r++) {
        ModelParameters next = null;
        String lastFailure = "";
        // Attempts abandoned by a stopped coordinator keep their numbers and do not count.
        int base = store.lastAttempt(id, r, Round.Kind.TRAIN.name());
        for (int attempt = 1; attempt <= spec.maxRoundAttempts() && next == null; attempt++) {
          Outcome o = runRound(id, spec, strategy, global, r, Round.Kind.TRAIN, base + attempt);
          next = o.global;
          lastFailure = o.detail;
        }
        if (next == null) {
          store.finishRun(id, RunStatus.FAILED, "round " + r + " failed " + spec.maxRoundAttempts()
              + " times; last: " + lastFailure, actor);
          return;
        }
        global = next;
        if (spec.evaluateEvery() > 0 && r % spec.evaluateEvery() == 0) {
          runRound(id, spec, strategy, global, r, Round.Kind.EVALUATE,
              store.lastAttempt(id, r, Round.Kind.EVALUATE.name()) + 1);
        }
      }
      store.finishRun(id, RunStatus.COMPLETED, "", actor);
      log.info("run {} completed {} rounds", id, spec.rounds());
    } catch (Cancelled e) {
      finishCancelled(id);
    }
  }

  private void finishCancelled(String id) {
    String by = cancelRequests.remove(id);
    store.finishRun(id, RunStatus.CANCELLED, "cancelled by " + (by == null ? "an operator" : by),
        by == null ? actor : by);
  }

  private void checkInterrupts(String runId) throws Cancelled, Stopping {
    if (stopping) {
      throw new Stopping();
    }
    if (cancelRequests.containsKey(runId)) {
      throw new Cancelled();
    }
  }

  /** A round's result: the next global model (training) or null if the attempt failed. */
  private record Outcome(ModelParameters global, String detail) {}

  private Outcome runRound(String runId, RunSpec spec, Strategy strategy, ModelParameters global,
      long number, Round.Kind kind, int attempt) throws Cancelled, Stopping, InterruptedException {
    List<FleetService.Session> sampled = sample(runId, spec);
    long started = System.nanoTime();
    boolean train = kind == Round.Kind.TRAIN;
    TrainSettings settings = train ? strategy.configureTrain(number, spec.train()) : spec.train();
    Round round = new Round(runId, number, kind, attempt, global,
        train ? aggregator.begin(number, global.specs()) : null, strategy.weighting(),
        train && strategy.needsIndividualUpdates());
    List<String> ids = sampled.stream().map(FleetService.Session::clientId).toList();
    store.roundStarted(runId, number, kind.name(), attempt, ids);
    long deadline = started + spec.deadline().toNanos();

    List<Round.Assignment> assignments = new ArrayList<>();
    List<CoordinatorMessage> messages = new ArrayList<>();
    for (FleetService.Session s : sampled) {
      MessageType type = train ? MessageType.MESSAGE_TYPE_TRAIN : MessageType.MESSAGE_TYPE_EVALUATE;
      MessageMetadata md = s.sender().metadata(type, runId, number)
          .setRecipientId(s.clientId()).build();
      messages.add(CoordinatorMessage.newBuilder().setMetadata(md)
          .setTask(task(spec, settings, global, kind, spec.deadline().toMillis())).build());
      assignments.add(round.assign(md.getMessageId(), s.clientId()));
    }
    tasks.open(round, assignments);
    for (int i = 0; i < sampled.size(); i++) {
      FleetService.Session s = sampled.get(i);
      if (s.isEnded()) {
        round.fail(assignments.get(i), ClientFailure.Kind.DISCONNECTED,
            "the client's session ended before the task was sent");
      } else {
        s.sendTask(messages.get(i), global);
      }
    }
    log.info("run {} round {} ({}, attempt {}): {} clients sampled", runId, number, kind, attempt,
        sampled.size());

    round.await(deadline, () -> stopping || cancelRequests.containsKey(runId));
    boolean cancelled = cancelRequests.containsKey(runId);
    List<Round.Assignment> stragglers = round.close(
        cancelled || stopping ? ClientFailure.Kind.ERROR : ClientFailure.Kind.TIMEOUT,
        cancelled ? "the run was cancelled" : stopping ? "the coordinator stopped"
            : "no answer within the round's deadline of " + spec.deadline().toMillis() + " ms");
    if (stopping) {
      throw new Stopping(); // the round stays RUNNING; it is marked ABANDONED on resume
    }
    for (Round.Assignment a : stragglers) {
      FleetService.Session s = fleet.session(a.clientId);
      if (s != null) {
        s.cancelTask(a, cancelled ? "the run was cancelled"
            : "the round closed at its deadline without this client's result");
      }
    }
    List<ClientFailure> failures = round.failures();
    List<StateStore.FailureRecord> failureRecords = failures.stream()
        .map(f -> new StateStore.FailureRecord(f.clientId(), f.kind().name(), f.detail())).toList();
    int contributors = round.contributors();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (cancelled) {
      store.roundFinished(runId, number, kind.name(), attempt, "CANCELLED", contributors,
          failureRecords, Map.of(), null, config.keepCheckpoints(), actor);
      metrics.roundEnded(train, false, seconds);
      throw new Cancelled();
    }

    if (!train) {
      Map<String, Double> m = contributors == 0 ? Map.of()
          : finite(strategy.aggregateEvaluate(number, round.evaluations(), failures));
      Map<String, Double> all = withCounts(m, sampled.size(), contributors, failures.size(), seconds);
      String status = contributors == 0 ? "FAILED" : "COMPLETED";
      store.roundFinished(runId, number, kind.name(), attempt, status, contributors,
          failureRecords, all, null, config.keepCheckpoints(), actor);
      metrics.roundEnded(false, contributors > 0, seconds);
      return new Outcome(global, "");
    }

    if (contributors < spec.quorum()) {
      String detail = contributors + " of " + sampled.size() + " sampled clients contributed;"
          + " the quorum is " + spec.quorum();
      log.warn("run {} round {} attempt {} failed: {}", runId, number, attempt, detail);
      store.roundFinished(runId, number, kind.name(), attempt, "FAILED", contributors,
          failureRecords, withCounts(Map.of(), sampled.size(), contributors, failures.size(),
              seconds), null, config.keepCheckpoints(), actor);
      metrics.roundEnded(true, false, seconds);
      checkInterrupts(runId);
      return new Outcome(null, detail);
    }
    WeightedSum sum = round.accumulation().finish();
    AggregateResult result = strategy.aggregateTrain(number, global,
        new RoundUpdates(sum, round.reports(), round.individual()), failures);
    ModelParameters next = result.global();
    if (!next.sameLayoutAs(global)) {
      throw new IllegalStateException("strategy " + strategy.name() + " returned a model whose"
          + " layout differs from the global model's in round " + number);
    }
    seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Double> all = withCounts(finite(result.metrics()), sampled.size(), contributors,
        failures.size(), seconds);
    store.roundFinished(runId, number, kind.name(), attempt, "COMPLETED", contributors,
        failureRecords, all, new StateStore.Checkpoint(number, next, strategy.saveState()),
        config.keepCheckpoints(), actor);
    metrics.roundEnded(true, true, seconds);
    log.info("run {} round {} completed: {} contributors, {} failures, {} s", runId, number,
        contributors, failures.size(), String.format("%.3f", seconds));
    signalRunsChanged();
    return new Outcome(next, "");
  }

  private static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Map<String, Double> withCounts(Map<String, Double> m, int sampled,
      int contributors, int failures, double seconds) {
    Map<String, Double> out = new LinkedHashMap<>(m);
    out.put("round.sampled", (double) sampled);
    out.put("round.contributors", (double) contributors);
    out.put("round.failures", (double) failures);
    out.put("round.seconds", seconds);
    return out;
  }

  /**
   * Waits until at least {@code min_clients} eligible clients are connected, then samples
   * {@code max(min_clients, ceil(fraction * eligible))} of them with a SecureRandom shuffle.
   */
  private List<FleetService.Session> sample(String runId, RunSpec spec)
      throws Cancelled, Stopping, InterruptedException {
    RunSpec.Sampling s = spec.sampling();
    Set<String> allow = Set.copyOf(s.allow());
    long lastLog = 0;
    while (true) {
      checkInterrupts(runId);
      List<FleetService.Session> eligible = new ArrayList<>();
      for (FleetService.Session session : fleet.connected()) {
        if (!session.isEnded() && (allow.isEmpty() || allow.contains(session.clientId())
            || allow.contains(session.agency()))) {
          eligible.add(session);
        }
      }
      if (eligible.size() >= s.minClients()) {
        int k = Math.max(s.minClients(), (int) Math.ceil(s.fraction() * eligible.size()));
        k = Math.min(k, eligible.size());
        Collections.shuffle(eligible, random);
        return List.copyOf(eligible.subList(0, k));
      }
      long now = System.nanoTime();
      if (now - lastLog > 30_000_000_000L) {
        log.info("run {} waits for clients: {} eligible connected, {} needed", runId,
            eligible.size(), s.minClients());
        lastLog = now;
      }
      fleet.awaitMembershipChange(200);
    }
  }

  private static Task task(RunSpec spec, TrainSettings ts, ModelParameters global, Round.Kind kind,
      long timeoutMs) {
    Map<String, Object> config = new LinkedHashMap<>(ts.config());
    config.putIfAbsent(RunSpec.CONFIG_MODEL, ConfigReader.toJson(spec.model()));
    config.putIfAbsent(RunSpec.CONFIG_FEATURES, ConfigReader.toJson(spec.features()));
    config.putIfAbsent(RunSpec.CONFIG_SEED, spec.seed());
    Task.Builder t = Task.newBuilder()
        .setModel(global.toArrayRecord())
        .setTimeoutMs(Math.max(1, timeoutMs))
        .setConfig(Messages.configRecord(config));
    if (kind == Round.Kind.TRAIN) {
      t.setHyperParameters(HyperParameters.newBuilder()
              .setLocalEpochs(ts.localEpochs())
              .setBatchSize(ts.batchSize())
              .setLearningRate(ts.learningRate())
              .setProximalMu(ts.proximalMu())
              .setMaxSteps(spec.maxSteps()))
          .setResultKind(ParametersKind.PARAMETERS_KIND_DELTA);
      PrivacySettings.Builder p = PrivacySettings.newBuilder();
      boolean any = false;
      if (ts.clipNorm() > 0) {
        p.setClientLevel(ClientLevelDp.newBuilder().setClipNorm(ts.clipNorm())
            .setReportUnclipped(ts.reportUnclipped()));
        any = true;
      }
      RunSpec.RecordLevelDp rl = spec.recordLevel();
      if (rl != null) {
        p.setRecordLevel(RecordLevelDp.newBuilder().setNoiseMultiplier(rl.noiseMultiplier())
            .setMaxGradNorm(rl.maxGradNorm()).setDelta(rl.delta()));
        any = true;
      }
      if (any) {
        t.setPrivacy(p);
      }
    } else {
      t.setHyperParameters(HyperParameters.newBuilder().setBatchSize(ts.batchSize()));
    }
    return t.build();
  }
}
