package se.tillit.fl.coordinator.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * Bounds how many updates are received at the same time (memory: each open transfer holds its
 * buffers). A session that cannot get a permit stops reading its stream (gRPC flow control then
 * holds the client back) until a permit frees; waiting sessions get permits in arrival order. No
 * thread blocks. Internal.
 */
public final class UploadGate {
  /** A session waiting for a permit. */
  public interface Waiter {
    /** Called, on the gate's executor, with a permit the waiter now holds. */
    void permitGranted();
  }

  private final int permits;
  private final Executor executor;
  private final Deque<Waiter> waiters = new ArrayDeque<>();
  private int available;

  public UploadGate(int permits, Executor executor) {
    this.permits = permits;
    this.available = permits;
    this.executor = executor;
  }

  /** Takes a permit if one is free; otherwise queues {@code waiter} and returns false. */
  public synchronized boolean tryAcquire(Waiter waiter) {
    if (available > 0) {
      available--;
      return true;
    }
    waiters.addLast(waiter);
    return false;
  }

  /** Gives a permit back; the oldest waiter gets it (asynchronously). */
  public void release() {
    Waiter next;
    synchronized (this) {
      next = waiters.pollFirst();
      if (next == null) {
        available = Math.min(permits, available + 1);
        return;
      }
    }
    Waiter granted = next;
    executor.execute(granted::permitGranted);
  }

  /** Removes a waiter that went away; true if it was waiting. */
  public synchronized boolean cancel(Waiter waiter) {
    return waiters.remove(waiter);
  }

  /** Permits held now. */
  public synchronized int inUse() {
    return permits - available;
  }
}
