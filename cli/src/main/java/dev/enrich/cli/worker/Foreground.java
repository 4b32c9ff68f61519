package dev.enrich.cli.worker;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a foreground command running until the process is told to stop (Ctrl-C, SIGTERM), then
 * runs its stop action to completion before the JVM exits.
 */
public final class Foreground {
  private Foreground() {}

  public static void runUntilStopped(Runnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        stop.run();
      } finally {
        stopped.countDown();
      }
    }, "enrich-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // The hook does the stopping; this thread only waits, so the JVM exits when the hook is done.
    stopped.await();
  }
}
