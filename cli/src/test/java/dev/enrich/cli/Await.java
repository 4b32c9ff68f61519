package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.local.StackFixture;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waits of the integration tests: poll a condition every 100 ms (or as often as the test says)
 * until it holds, or fail after a timeout with what was awaited and the state at that moment.
 */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(100);

  private Await() {}

  /** Something a test waits for. */
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Says what was awaited, with the state at the timeout. */
  public interface Description {
    String get() throws Exception;
  }

  /** A value read on each poll. */
  public interface Probe<T> {
    T read() throws Exception;
  }

  /** Says what was awaited, from the value read last. */
  public interface Report<T> {
    String of(T last) throws Exception;
  }

  public static void until(Condition condition, Duration within, String what) throws InterruptedException {
    until(condition, within, () -> what);
  }

  public static void until(Condition condition, Duration within, Description what) throws InterruptedException {
    until(condition, within, POLL, what);
  }

  /** Polls every {@code every}: for a moment a 100 ms poll would step over. */
  public static void until(Condition condition, Duration within, Duration every, Description what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!holds(condition)) {
      assertTrue(System.nanoTime() < deadline, () -> "timed out after " + within + " waiting for " + describe(what));
      Thread.sleep(every.toMillis());
    }
  }

  /** Reads until {@code done} holds for what was read, and returns that; {@code what} describes the last read. */
  public static <T> T until(Probe<T> probe, Predicate<? super T> done, Duration within,
      Function<? super T, String> what) throws InterruptedException {
    return until(probe, done, within, POLL, what::apply);
  }

  /** {@link #until(Probe, Predicate, Duration, Function)}, polling every {@code every}. */
  public static <T> T until(Probe<T> probe, Predicate<? super T> done, Duration within, Duration every,
      Report<? super T> what) throws InterruptedException {
    Object[] last = new Object[1];
    until(() -> {
      last[0] = probe.read();
      return done.test(cast(last[0]));
    }, within, every, () -> what.of(cast(last[0])));
    return cast(last[0]);
  }

  /** The catalog's status once it is COMPLETED, COMPLETED_WITH_FAILURES or CANCELLED. */
  public static CatalogStatus catalogTerminal(StackFixture fixture, String catalogId, Duration within)
      throws InterruptedException {
    StatusReader reader = new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName());
    return until(() -> reader.read(catalogId), s -> s.state().terminal(), within,
        s -> "catalog " + catalogId + " to finish: " + s);
  }

  private static boolean holds(Condition condition) throws InterruptedException {
    try {
      return condition.holds();
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("cannot check the condition: " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }

  private static String describe(Description what) {
    try {
      return what.get();
    } catch (Exception e) {
      return "(cannot describe: " + e + ")";
    }
  }
}
