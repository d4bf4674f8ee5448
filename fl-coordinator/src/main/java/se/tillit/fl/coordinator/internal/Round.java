package se.tillit.fl.coordinator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.tillit.fl.coordinator.strategy.Aggregator;
import se.tillit.fl.coordinator.strategy.ClientFailure;
import se.tillit.fl.coordinator.strategy.ClientReport;
import se.tillit.fl.coordinator.strategy.ClientUpdate;
import se.tillit.fl.coordinator.strategy.EvaluateResult;
import se.tillit.fl.coordinator.strategy.Strategy;
import se.tillit.fl.protocol.ModelParameters;
import se.tillit.fl.protocol.TensorSpec;

/**
 * One attempt of one round: the tasks given out, what came back, who failed. Sessions deliver
 * results from gRPC threads, the run thread waits for them; all state is guarded by this object's
 * monitor. Updates are summed into the aggregator's accumulation as they arrive, so the round
 * holds one running sum rather than every update (unless the strategy needs them). Internal.
 */
public final class Round {
  /** TRAIN or EVALUATE. */
  public enum Kind {
    TRAIN,
    EVALUATE
  }

  /** One task given to one client. */
  public static final class Assignment {
    public final String taskId;
    public final String clientId;
    public final Round round;
    private boolean answered;

    Assignment(String taskId, String clientId, Round round) {
      this.taskId = taskId;
      this.clientId = clientId;
      this.round = round;
    }
  }

  public final String runId;
  public final long number;
  public final Kind kind;
  public final int attempt;
  public final ModelParameters global;
  public final List<TensorSpec> layout;
  private final Aggregator.Accumulation accumulation;
  private final Strategy.Weighting weighting;
  private final boolean keepIndividual;
  private final Map<String, Assignment> byClient = new LinkedHashMap<>();
  private final List<ClientReport> reports = new ArrayList<>();
  private final List<ClientUpdate> individual = new ArrayList<>();
  private final List<EvaluateResult> evaluations = new ArrayList<>();
  private final List<ClientFailure> failures = new ArrayList<>();
  private int outstanding;
  private boolean closed;
  private boolean interrupted;

  public Round(String runId, long number, Kind kind, int attempt, ModelParameters global,
      Aggregator.Accumulation accumulation, Strategy.Weighting weighting, boolean keepIndividual) {
    this.runId = runId;
    this.number = number;
    this.kind = kind;
    this.attempt = attempt;
    this.global = global;
    this.layout = global.specs();
    this.accumulation = accumulation;
    this.weighting = weighting;
    this.keepIndividual = keepIndividual;
  }

  /** Gives a task to a client. */
  public synchronized Assignment assign(String taskId, String clientId) {
    Assignment a = new Assignment(taskId, clientId, this);
    byClient.put(clientId, a);
    outstanding++;
    return a;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Whether the assignment can still be answered (round open, not answered yet). */
  public synchronized boolean isOpen(Assignment a) {
    return !closed && !a.answered;
  }

  /**
   * Adds a training update.
   *
   * @return false if the round closed or the task was answered already (nothing added)
   * @throws IllegalArgumentException if the aggregator refuses the update (nothing added)
   */
  public synchronized boolean acceptTrain(Assignment a, ClientReport report,
      ModelParameters delta) {
    if (closed || a.answered) {
      return false;
    }
    double weight = weighting == Strategy.Weighting.EXAMPLES ? report.numExamples() : 1.0;
    accumulation.add(a.clientId, delta, weight);
    reports.add(report);
    if (keepIndividual) {
      individual.add(new ClientUpdate(report, delta));
    }
    answered(a);
    return true;
  }

  /** Adds an evaluation result; false if the round closed or the task was answered already. */
  public synchronized boolean acceptEvaluate(Assignment a, EvaluateResult result) {
    if (closed || a.answered) {
      return false;
    }
    evaluations.add(result);
    answered(a);
    return true;
  }

  /** Records that a client will not contribute; false if it had already answered. */
  public synchronized boolean fail(Assignment a, ClientFailure.Kind why, String detail) {
    if (closed || a.answered) {
      return false;
    }
    failures.add(new ClientFailure(a.clientId, why, detail));
    answered(a);
    return true;
  }

  /** The open assignment of {@code clientId}, if any. */
  public synchronized Assignment openAssignmentOf(String clientId) {
    Assignment a = byClient.get(clientId);
    return a != null && !a.answered && !closed ? a : null;
  }

  private void answered(Assignment a) {
    a.answered = true;
    outstanding--;
    notifyAll();
  }

  /** Wakes the waiting run thread early (cancel, shutdown). */
  public synchronized void interrupt() {
    interrupted = true;
    notifyAll();
  }

  /**
   * Waits until every task is answered, the deadline passes, {@link #interrupt()}, or
   * {@code abort} says so (checked at least every 250 ms).
   *
   * @param deadlineNanos a {@link System#nanoTime()} value
   */
  public synchronized void await(long deadlineNanos, java.util.function.BooleanSupplier abort)
      throws InterruptedException {
    while (outstanding > 0 && !interrupted && !abort.getAsBoolean()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      long ms = Math.max(1, left / 1_000_000);
      wait(Math.min(ms, 250));
    }
  }

  /**
   * Closes the round: nothing is accepted afterwards. Each task still open is recorded as a
   * failure of kind {@code stragglerKind} and returned (to be cancelled at the client).
   */
  public synchronized List<Assignment> close(ClientFailure.Kind stragglerKind, String detail) {
    closed = true;
    List<Assignment> stragglers = new ArrayList<>();
    for (Assignment a : byClient.values()) {
      if (!a.answered) {
        a.answered = true;
        failures.add(new ClientFailure(a.clientId, stragglerKind, detail));
        stragglers.add(a);
      }
    }
    outstanding = 0;
    notifyAll();
    return stragglers;
  }

  public synchronized int contributors() {
    return kind == Kind.TRAIN ? reports.size() : evaluations.size();
  }

  public synchronized List<ClientReport> reports() {
    return List.copyOf(reports);
  }

  public synchronized List<ClientUpdate> individual() {
    return List.copyOf(individual);
  }

  public synchronized List<EvaluateResult> evaluations() {
    return List.copyOf(evaluations);
  }

  public synchronized List<ClientFailure> failures() {
    return List.copyOf(failures);
  }

  public Aggregator.Accumulation accumulation() {
    return accumulation;
  }

  public synchronized List<Assignment> assignments() {
    return List.copyOf(byClient.values());
  }
}
