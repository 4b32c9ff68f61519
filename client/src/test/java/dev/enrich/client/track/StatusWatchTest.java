package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class StatusWatchTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  /** A clock that advances one second each time it is read, so the watch sees time pass without waiting. */
  private static final class SteppingClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      Instant t = now;
      now = now.plusSeconds(1);
      return t;
    }
  }

  private static CatalogStatus status(CatalogState state, long done) {
    return new CatalogStatus("c", "u", "c.csv", state, 1000, 0, 100, 10, done, done, 0, done / 10,
        new BatchCounts(100 - done / 10, 0, done / 10, 0, 0), T0, T0, T0.plusSeconds(done));
  }

  private static final class Recording implements StatusWatch.View {
    final List<StatusReport> shown = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    StatusReport finished;

    @Override
    public void show(StatusReport report) {
      shown.add(report);
    }

    @Override
    public void problem(String message) {
      problems.add(message);
    }

    @Override
    public void finish(StatusReport report) {
      finished = report;
    }
  }

  private static Supplier<CatalogStatus> sequence(Object... steps) {
    Iterator<Object> it = List.of(steps).iterator();
    return () -> {
      Object next = it.next();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (CatalogStatus) next;
    };
  }

  @Test
  void showsEachPoll_untilATerminalState_thenFinishesWithIt() throws Exception {
    Recording view = new Recording();
    StatusReport last = new StatusWatch(sequence(status(CatalogState.QUEUED, 0), status(CatalogState.IN_PROGRESS, 400),
        status(CatalogState.COMPLETED, 1000)), new SteppingClock(), Duration.ZERO, Duration.ofSeconds(60)).run(view);
    assertEquals(2, view.shown.size());
    assertEquals(CatalogState.COMPLETED, last.state());
    assertEquals(last, view.finished);
    assertNull(last.etaSeconds(), "no ETA once finished");
  }

  @Test
  void aTimeout_endsTheWatchWithTheLastReport_whileTheCatalogRuns() throws Exception {
    Recording view = new Recording();
    Supplier<CatalogStatus> stuck = () -> status(CatalogState.IN_PROGRESS, 400);
    // The stepping clock: the deadline is 5 s after the start, so a few polls and no more.
    StatusReport last = new StatusWatch(stuck, new SteppingClock(), Duration.ZERO, Duration.ofSeconds(60),
        Duration.ofSeconds(5)).run(view);
    assertEquals(CatalogState.IN_PROGRESS, last.state());
    assertEquals(last, view.shown.get(view.shown.size() - 1));
    assertNull(view.finished, "not finished: timed out");
    assertTrue(view.shown.size() < 5, "shown " + view.shown.size());
  }

  @Test
  void aTimeout_cutsTheIntervalShort_andACatalogThatFinishesInTimeEndsAsBefore() throws Exception {
    long started = System.nanoTime();
    StatusReport last = new StatusWatch(() -> status(CatalogState.IN_PROGRESS, 400), Clock.systemUTC(),
        Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(300)).run(new Recording());
    assertEquals(CatalogState.IN_PROGRESS, last.state());
    assertTrue(System.nanoTime() - started < 5_000_000_000L, "waited the whole 60 s interval");

    Recording view = new Recording();
    StatusReport done = new StatusWatch(sequence(status(CatalogState.IN_PROGRESS, 400),
        status(CatalogState.COMPLETED, 1000)), new SteppingClock(), Duration.ZERO, Duration.ofSeconds(60),
        Duration.ofHours(2)).run(view);
    assertEquals(CatalogState.COMPLETED, done.state());
    assertEquals(done, view.finished);
  }

  @Test
  void anOutageShorterThanTheLimit_isReportedAndRidden() throws Exception {
    Recording view = new Recording();
    SdkClientException down = SdkClientException.create("Unable to execute HTTP request: Connection refused");
    StatusReport last = new StatusWatch(sequence(status(CatalogState.IN_PROGRESS, 100), down, down,
        status(CatalogState.COMPLETED, 1000)), new SteppingClock(), Duration.ZERO, Duration.ofSeconds(60)).run(view);
    assertEquals(CatalogState.COMPLETED, last.state());
    assertEquals(2, view.problems.size());
    assertTrue(view.problems.get(0).contains("Connection refused"), view.problems.get(0));
  }

  @Test
  void anOutageLongerThanTheLimit_endsTheWatch() {
    SdkClientException down = SdkClientException.create("Connection refused");
    Object[] steps = new Object[20];
    steps[0] = status(CatalogState.IN_PROGRESS, 100);
    for (int i = 1; i < steps.length; i++) {
      steps[i] = down;
    }
    assertThrows(SdkClientException.class, () -> new StatusWatch(sequence(steps), new SteppingClock(), Duration.ZERO,
        Duration.ofSeconds(5)).run(new Recording()));
  }

  @Test
  void theRateFollowsTheRecentPolls_andGivesAnEta() throws Exception {
    Recording view = new Recording();
    // 100 products per poll, polls 1 s apart (the watch reads the clock once per poll).
    new StatusWatch(sequence(status(CatalogState.IN_PROGRESS, 100), status(CatalogState.IN_PROGRESS, 200),
        status(CatalogState.IN_PROGRESS, 300), status(CatalogState.COMPLETED, 1000)), new SteppingClock(),
        Duration.ZERO, Duration.ofSeconds(60)).run(view);
    StatusReport third = view.shown.get(2);
    assertEquals(100.0, third.productsPerSecond(), 0.01);
    assertEquals(7L, third.etaSeconds(), "700 products left at 100 per second");
  }

  @Test
  void stop_endsTheWatchWithoutAFinalReport() throws Exception {
    Recording view = new Recording();
    StatusWatch[] watch = new StatusWatch[1];
    watch[0] = new StatusWatch(() -> {
      watch[0].stop();
      return status(CatalogState.IN_PROGRESS, 10);
    }, new SteppingClock(), Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertNull(watch[0].run(view));
    assertNull(view.finished);
  }
}
