package se.tillit.fl.coordinator.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.tillit.fl.coordinator.strategy.ClientFailure;

/**
 * The tasks the coordinator has given out, by task message id, shared by the run thread (which
 * adds them) and the sessions (which look up what a result answers). Tasks of closed rounds stay
 * for a while so that a late answer is told STALE_MESSAGE with the reason. Internal.
 */
public final class TaskRegistry {
  private final Map<String, Round.Assignment> tasks = new ConcurrentHashMap<>();
  private volatile Round current;
  private volatile Round previous;

  /** Makes {@code round} the current one; the tasks of the round before the previous are dropped. */
  public void open(Round round, List<Round.Assignment> assignments) {
    Round older = previous;
    previous = current;
    current = round;
    if (older != null) {
      for (Round.Assignment a : older.assignments()) {
        tasks.remove(a.taskId);
      }
    }
    for (Round.Assignment a : assignments) {
      tasks.put(a.taskId, a);
    }
  }

  public void add(Round.Assignment a) {
    tasks.put(a.taskId, a);
  }

  /** The task with this message id, or null if unknown (or long closed). */
  public Round.Assignment find(String taskId) {
    return taskId == null || taskId.isEmpty() ? null : tasks.get(taskId);
  }

  public Round current() {
    return current;
  }

  /** A client's session ended: its open task in the current round fails as DISCONNECTED. */
  public void clientGone(String clientId) {
    Round r = current;
    if (r != null) {
      Round.Assignment a = r.openAssignmentOf(clientId);
      if (a != null) {
        r.fail(a, ClientFailure.Kind.DISCONNECTED, "the client's session ended during the round");
      }
    }
  }

  /** Forgets every task (a run ended). */
  public void clear() {
    tasks.clear();
    current = null;
    previous = null;
  }
}
