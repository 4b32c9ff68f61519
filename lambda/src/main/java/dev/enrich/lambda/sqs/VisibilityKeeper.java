package dev.enrich.lambda.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Keeps the records of a running invocation invisible in their queue until the handler has
 * answered for them. An invocation works through its records one after another, and one record can
 * wait minutes for Keepa tokens; if the queue's visibility timeout ran out meanwhile, SQS would hand
 * the same batch to a second consumer and the tokens would be spent twice. So every third of the
 * timeout, each record not released (all but the failed ones) gets the full timeout again
 * (ChangeMessageVisibilityBatch).
 *
 * <p>With AWS's recommended setting (visibility timeout at least six times the function timeout)
 * the first extension never comes due and this costs nothing; it matters for shorter timeouts and
 * for the local worker. A failed extension is logged and work goes on: at worst the batch is
 * delivered twice, which the consumer absorbs.
 *
 * <p>A record that failed and should be tried again soon is not left to the rest of its timeout
 * (90 minutes with the stack's defaults): when the invocation answers, its visibility is set to a
 * {@link Backoff} from its receive count, so the first retry comes within a minute. A failed
 * backoff is logged and the record still returns, after its current timeout, as before.
 */
public final class VisibilityKeeper {
  /** The SQS calls the keeper makes; {@link SqsQueues} is the real one. */
  public interface Queues {
    /** The queue's visibility timeout (cached by the implementation). */
    Duration visibilityTimeout(String queueArn);

    /**
     * Gives each receipt handle {@code timeout} more from now; returns how many could not be
     * extended (already deleted, or the handle expired).
     */
    int extend(String queueArn, List<String> receiptHandles, Duration timeout);

    /**
     * Gives each receipt handle its own timeout from now; returns how many could not be changed.
     * The default makes one {@link #extend} per distinct timeout; {@link SqsQueues} batches them.
     */
    /**
     * Sends a copy of {@code record} (body and message attributes) to its queue, delivered after
     * {@code delay}: a deferred batch comes back as a new message, with no receive counted toward the
     * dead-letter queue. Clients that cannot send leave the default, which refuses.
     */
    default void sendAgain(String queueArn, SQSEvent.SQSMessage record, Duration delay) {
      throw new UnsupportedOperationException("this queue client does not send messages");
    }

    default int changeVisibility(String queueArn, Map<String, Duration> timeoutByReceiptHandle) {
      Map<Duration, List<String>> byTimeout = new LinkedHashMap<>();
      timeoutByReceiptHandle.forEach((handle, t) -> byTimeout.computeIfAbsent(t, k -> new ArrayList<>()).add(handle));
      int failed = 0;
      for (Map.Entry<Duration, List<String>> group : byTimeout.entrySet()) {
        failed += extend(queueArn, group.getValue(), group.getKey());
      }
      return failed;
    }
  }

  /**
   * The shortest period between extensions. Well below a second: with a 1 s timeout (tests, tight
   * local setups) a longer floor would extend only after the record had become visible again.
   */
  static final Duration MIN_PERIOD = Duration.ofMillis(100);

  /** One daemon thread for every keeper of the process: extensions are rare and short. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "enrich-visibility");
    t.setDaemon(true);
    return t;
  });

  private final Queues queues;
  private final Consumer<String> warn;
  private final Backoff backoff;
  private final RandomGenerator random;

  /** A keeper that backs failed records off from {@link Backoff#DEFAULT_BASE}. */
  public VisibilityKeeper(Queues queues, Consumer<String> warn) {
    this(queues, warn, new Backoff(Backoff.DEFAULT_BASE), RandomGenerator.getDefault());
  }

  public VisibilityKeeper(Queues queues, Consumer<String> warn, Backoff backoff, RandomGenerator random) {
    this.queues = queues;
    this.warn = warn;
    this.backoff = backoff;
    this.random = random;
  }

  /** SQS's longest DelaySeconds: a deferred batch asking for more comes back and is deferred again. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);

  /**
   * Sends a copy of a deferred record to come back after {@code delay} (from 1 s to
   * {@link #MAX_DELAY}); the record itself then succeeds and is deleted. False, with a warning, when
   * the copy could not be sent: the caller must then return the record to the queue another way.
   * A copy sent whose original is delivered again all the same is a duplicate, absorbed like any.
   */
  public boolean sendAgain(SQSEvent.SQSMessage record, Duration delay) {
    Duration bounded = delay.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    try {
      queues.sendAgain(record.getEventSourceArn(), record, bounded);
      return true;
    } catch (RuntimeException e) {
      warn.accept("could not send deferred record " + record.getMessageId() + " again: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      return false;
    }
  }

  /**
   * Starts keeping {@code records} invisible; close the lease when the invocation answers. Lambda
   * deletes the records that succeeded only then
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html), so a record
   * finished early is kept too; only a failed one may be released before.
   */
  public Lease watch(List<SQSEvent.SQSMessage> records) {
    Map<String, Map<String, String>> byQueue = new LinkedHashMap<>();
    for (SQSEvent.SQSMessage r : records) {
      if (r.getEventSourceArn() == null || r.getReceiptHandle() == null || r.getMessageId() == null) {
        continue; // a hand-made event (tests, fixtures without a queue): nothing to extend
      }
      byQueue.computeIfAbsent(r.getEventSourceArn(), k -> new ConcurrentHashMap<>())
          .put(r.getMessageId(), r.getReceiptHandle());
    }
    Lease lease = new Lease(this);
    for (Map.Entry<String, Map<String, String>> queue : byQueue.entrySet()) {
      Duration timeout;
      try {
        timeout = queues.visibilityTimeout(queue.getKey());
      } catch (RuntimeException e) {
        warn.accept("cannot read the visibility timeout of " + queue.getKey()
            + "; long batches may be delivered twice: " + e.getMessage());
        continue;
      }
      if (timeout.isZero() || timeout.isNegative()) {
        continue;
      }
      Duration period = timeout.dividedBy(3).compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : timeout.dividedBy(3);
      Map<String, String> pending = queue.getValue();
      lease.queues.put(queue.getKey(), new Watched(pending, timeout));
      lease.tasks.add(TIMER.scheduleAtFixedRate(() -> {
        // Under the lease's lock: close() waits for an extension under way, so that it cannot
        // land after a failed record's backoff and hide that record for the whole timeout.
        synchronized (lease) {
          if (!lease.closed) {
            extend(queue.getKey(), pending, timeout);
          }
        }
      }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }
    return lease;
  }

  /** Sets each failed record's visibility to its backoff; a failure is a warning, the record returns anyway. */
  private void backOff(String queueArn, Map<String, Duration> delays) {
    if (delays.isEmpty()) {
      return;
    }
    try {
      int failed = queues.changeVisibility(queueArn, delays);
      if (failed > 0) {
        warn.accept(failed + " of " + delays.size() + " failed records of " + queueArn
            + " could not be backed off; they return after the queue's visibility timeout");
      }
    } catch (RuntimeException e) {
      warn.accept("cannot back off " + delays.size() + " failed records of " + queueArn
          + "; they return after the queue's visibility timeout: " + e.getMessage());
    }
  }

  private void extend(String queueArn, Map<String, String> pending, Duration timeout) {
    List<String> handles = new ArrayList<>(pending.values());
    if (handles.isEmpty()) {
      return;
    }
    try {
      int failed = queues.extend(queueArn, handles, timeout);
      if (failed > 0) {
        warn.accept(failed + " of " + handles.size() + " records of " + queueArn + " could not be kept invisible");
      }
    } catch (RuntimeException e) {
      // Never let the exception escape: it would cancel the periodic task for the rest of the batch.
      warn.accept("cannot extend the visibility of " + handles.size() + " records of " + queueArn + ": " + e.getMessage());
    }
  }

  /** One queue's records under a lease and the queue's visibility timeout. */
  private record Watched(Map<String, String> pending, Duration timeout) {}

  /**
   * The records of one invocation. A record that failed is either {@link #release released}
   * (it returns when its current visibility runs out) or {@link #retryLater backed off} (it
   * returns after its backoff, set when the lease closes, in one batch per queue).
   */
  public static final class Lease implements AutoCloseable {
    private final VisibilityKeeper keeper;
    private final Map<String, Watched> queues = new LinkedHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final Map<String, Map<String, Duration>> backoffs = new LinkedHashMap<>();
    private boolean closed;

    private Lease(VisibilityKeeper keeper) {
      this.keeper = keeper;
    }

    /** A lease over nothing. */
    public static Lease none() {
      return new Lease(null);
    }

    /** Stops keeping one record invisible: it failed, and may return to the queue when it is visible. */
    public void release(String messageId) {
      for (Watched queue : queues.values()) {
        queue.pending().remove(messageId);
      }
    }

    /**
     * Stops keeping a failed record invisible and, when the lease closes, makes it visible again
     * after a backoff from its receive count, at most the queue's visibility timeout. The delay
     * counts from that call, so from the end of the invocation, not from the receive
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
     */
    public void retryLater(String messageId, int receiveCount) {
      for (Map.Entry<String, Watched> queue : queues.entrySet()) {
        String handle = queue.getValue().pending().remove(messageId);
        if (handle != null) {
          Duration delay = keeper.backoff.delay(receiveCount, queue.getValue().timeout(), keeper.random);
          synchronized (backoffs) { // not the lease's lock, which a slow extension may hold
            backoffs.computeIfAbsent(queue.getKey(), k -> new LinkedHashMap<>()).put(handle, delay);
          }
        }
      }
    }

    /** Records still kept invisible. */
    public int pending() {
      return queues.values().stream().mapToInt(q -> q.pending().size()).sum();
    }

    /** Ends the extensions, then backs off the failed records. */
    @Override
    public void close() {
      tasks.forEach(t -> t.cancel(false));
      Map<String, Map<String, Duration>> due;
      synchronized (this) {
        closed = true;
        queues.values().forEach(q -> q.pending().clear());
      }
      synchronized (backoffs) {
        due = new LinkedHashMap<>(backoffs);
        backoffs.clear();
      }
      due.forEach((queueArn, delays) -> keeper.backOff(queueArn, delays));
    }
  }
}
