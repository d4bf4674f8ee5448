package se.tillit.pseudonymize.service.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of worker threads with a bounded queue of waiting requests. When both are full, the
 * request is run at once on the calling (HTTP dispatcher) thread with {@link #isOverflow()} true,
 * so the handler answers 503 without reading the body; no connection is dropped silently and the
 * memory held by waiting requests stays bounded.
 */
public final class BoundedExecutor extends ThreadPoolExecutor {
  private static final ThreadLocal<Boolean> OVERFLOW = ThreadLocal.withInitial(() -> false);

  public BoundedExecutor(int threads, int queueCapacity) {
    super(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
        daemonThreads(), overflowHandler());
  }

  /** True while a request that found the pool and queue full is being answered. */
  public static boolean isOverflow() {
    return OVERFLOW.get();
  }

  private static RejectedExecutionHandler overflowHandler() {
    return (r, executor) -> {
      if (executor.isShutdown()) {
        return;
      }
      OVERFLOW.set(true);
      try {
        r.run();
      } finally {
        OVERFLOW.set(false);
      }
    };
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "tillit-mask-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
