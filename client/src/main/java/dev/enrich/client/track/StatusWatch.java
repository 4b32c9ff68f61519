package dev.enrich.client.track;

import dev.enrich.client.EnrichException;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Polls a catalog's status until it reaches a terminal state, showing each report. The rate shown
 * is measured over the last {@link #RATE_WINDOW} of polls, so it follows what the consumer does
 * now rather than the average since the start. A status table that cannot be reached for a while
 * is reported and retried; only an outage longer than {@code maxOutage} ends the watch. With a
 * timeout, the watch also ends when the catalog is still running after it.
 *
 * <pre>{@code
 * StatusReport last = client.watch(id, Duration.ofSeconds(2), Duration.ofHours(1), new StatusWatch.View() {
 *   public void show(StatusReport r) { progress.set(r.productsDone()); }
 *   public void problem(String message) { log.warn(message); }
 *   public void finish(StatusReport r) { notifySeller(r); }
 * });
 * }</pre>
 */
public final class StatusWatch {
  /** Where the reports go: a redrawn terminal block, plain lines, JSON lines, or nothing. */
  public interface View {
    void show(StatusReport report);

    /** The status could not be read this time; the watch goes on. */
    void problem(String message);

    void finish(StatusReport report);
  }

  static final Duration RATE_WINDOW = Duration.ofSeconds(30);

  private record Sample(Instant at, long done) {}

  private final Supplier<CatalogStatus> source;
  private final Clock clock;
  private final Duration interval;
  private final Duration maxOutage;
  private final Duration timeout;
  private final UnaryOperator<StatusReport> tokenEta;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private volatile boolean stopped;

  public StatusWatch(Supplier<CatalogStatus> source, Clock clock, Duration interval, Duration maxOutage) {
    this(source, clock, interval, maxOutage, null);
  }

  /** @param timeout how long to watch before giving up on a catalog that is still running; null: no limit */
  public StatusWatch(Supplier<CatalogStatus> source, Clock clock, Duration interval, Duration maxOutage,
      Duration timeout) {
    this(source, clock, interval, maxOutage, timeout, UnaryOperator.identity());
  }

  /** @param tokenEta bounds each report's ETA by the Keepa plan's rate ({@link StatusReport#withTokenRate}) */
  public StatusWatch(Supplier<CatalogStatus> source, Clock clock, Duration interval, Duration maxOutage,
      Duration timeout, UnaryOperator<StatusReport> tokenEta) {
    this.tokenEta = tokenEta;
    this.source = source;
    this.clock = clock;
    this.interval = interval;
    this.maxOutage = maxOutage;
    this.timeout = timeout;
  }

  /** Ends the watch at the next poll (Ctrl-C). */
  public void stop() {
    stopped = true;
  }

  /**
   * Runs until the catalog is finished (returns its last report, in a terminal state), the timeout
   * passes (returns the last report shown, not terminal) or {@link #stop} is called (returns null).
   * An unknown catalog ends the watch at once ({@link EnrichException}).
   */
  public StatusReport run(View view) throws InterruptedException {
    Instant lastRead = clock.instant();
    Instant deadline = timeout == null ? null : lastRead.plus(timeout);
    while (!stopped) {
      CatalogStatus status;
      try {
        status = source.get();
      } catch (SdkException e) {
        if (Duration.between(lastRead, clock.instant()).compareTo(maxOutage) > 0) {
          throw e;
        }
        view.problem("cannot read the status (retrying): " + firstLine(e.getMessage()));
        pause();
        continue;
      }
      Instant now = clock.instant();
      lastRead = now;
      StatusReport report = tokenEta.apply(withWindowRate(StatusReport.of(status, now), now));
      if (status.state().terminal()) {
        view.finish(report);
        return report;
      }
      view.show(report);
      if (deadline != null && !now.isBefore(deadline)) {
        return report;
      }
      pause(deadline);
    }
    return null;
  }

  private StatusReport withWindowRate(StatusReport report, Instant now) {
    samples.addLast(new Sample(now, report.productsDone()));
    while (samples.size() > 2 && Duration.between(samples.peekFirst().at(), now).compareTo(RATE_WINDOW) > 0) {
      samples.removeFirst();
    }
    Sample first = samples.peekFirst();
    double seconds = Duration.between(first.at(), now).toMillis() / 1000.0;
    if (report.state().terminal() || seconds < 2 || report.productsDone() == first.done() && seconds < 10) {
      return report; // too short a window to say more than the average
    }
    return report.withRate((report.productsDone() - first.done()) / seconds);
  }

  private void pause() throws InterruptedException {
    pause(null);
  }

  /** One interval, or less when the deadline comes first: a 5 s timeout must not wait a 60 s interval. */
  private void pause(Instant deadline) throws InterruptedException {
    Duration wait = interval;
    if (deadline != null) {
      Duration left = Duration.between(clock.instant(), deadline);
      wait = left.isNegative() ? Duration.ZERO : left.compareTo(interval) < 0 ? left : interval;
    }
    long until = System.nanoTime() + wait.toNanos();
    while (!stopped && System.nanoTime() < until) {
      Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
