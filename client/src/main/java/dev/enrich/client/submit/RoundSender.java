package dev.enrich.client.submit;

import dev.enrich.client.OperationInterruptedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends rounds of batch messages on a bounded number of threads. Each round writes its PENDING
 * items, sends its messages, then writes its receipt, in that order, so a consumer never receives a
 * batch whose item does not exist. The producer blocks while {@code senders} rounds are in flight,
 * which bounds memory; the first failure stops new rounds and is rethrown by {@link #awaitAll}.
 */
final class RoundSender implements AutoCloseable {
  private final SubmitLedger ledger;
  private final BatchQueue queue;
  private final Clock clock;
  private final String catalogId;
  private final SubmitProgress progress;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final List<Future<?>> rounds = new ArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  RoundSender(SubmitLedger ledger, BatchQueue queue, Clock clock, String catalogId, int senders, SubmitProgress progress) {
    this.ledger = ledger;
    this.queue = queue;
    this.clock = clock;
    this.catalogId = catalogId;
    this.progress = progress;
    this.pool = Executors.newFixedThreadPool(senders, r -> {
      Thread t = new Thread(r, "enrich-sender");
      t.setDaemon(true);
      return t;
    });
    this.slots = new Semaphore(senders);
  }

  void submit(List<OutgoingMessage> round, Map<String, Integer> pending) {
    rethrow();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("interrupted while sending");
    }
    rounds.removeIf(Future::isDone);
    rounds.add(pool.submit(() -> {
      try {
        if (failure.get() == null) {
          send(round, pending);
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        slots.release();
      }
    }));
  }

  private void send(List<OutgoingMessage> round, Map<String, Integer> pending) {
    if (!pending.isEmpty()) {
      ledger.addPending(catalogId, pending, clock.instant());
    }
    Map<String, String> messageIds = queue.send(round);
    ledger.recordSent(catalogId, messageIds, clock.instant());
    sent.addAndGet(messageIds.size());
    progress.sent(messageIds.size());
  }

  /** Waits for every round; returns the batches sent, or throws the first failure. */
  int awaitAll() {
    for (Future<?> round : rounds) {
      try {
        round.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationInterruptedException("interrupted while sending");
      } catch (ExecutionException e) {
        failure.compareAndSet(null, new IllegalStateException(e.getCause()));
      }
    }
    rethrow();
    return sent.get();
  }

  private void rethrow() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
