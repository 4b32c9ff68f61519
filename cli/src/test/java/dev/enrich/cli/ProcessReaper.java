package dev.enrich.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child processes a test started, killed with their descendants after each test, so that a
 * failed assertion leaves none running:
 *
 * <pre>
 * &#64;RegisterExtension
 * final ProcessReaper reaper = new ProcessReaper();
 * ...
 * Process worker = reaper.track(builder.start());
 * </pre>
 */
public final class ProcessReaper implements AfterEachCallback {
  /** How long the reaper waits for each process it kills. */
  public static final Duration GRACE = Duration.ofSeconds(10);

  private final List<Process> started = new ArrayList<>();

  /** Kills {@code process} after the test if it still runs. */
  public Process track(Process process) {
    started.add(process);
    return process;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    for (Process p : started) {
      kill(p, GRACE);
    }
    started.clear();
  }

  /**
   * SIGKILL to the process, then to the descendants it had, and waits up to {@code within} for all
   * of them to end. True when the process itself ended.
   */
  public static boolean kill(Process process, Duration within) throws InterruptedException {
    List<ProcessHandle> family = process.descendants().toList();
    process.destroyForcibly();
    family.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + within.toNanos();
    boolean ended = process.waitFor(within.toNanos(), TimeUnit.NANOSECONDS);
    for (ProcessHandle child : family) {
      long left = Math.max(0, deadline - System.nanoTime());
      child.onExit().completeOnTimeout(child, left, TimeUnit.NANOSECONDS).join();
    }
    return ended;
  }
}
