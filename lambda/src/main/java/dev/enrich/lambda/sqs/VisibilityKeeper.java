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

  public VisibilityKeeper(Queues queues, Consumer<String> warn) {
    this.queues = queues;
    this.warn = warn;
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
    Lease lease = new Lease();
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
      lease.pending.add(pending);
      lease.tasks.add(TIMER.scheduleAtFixedRate(
          () -> extend(queue.getKey(), pending, timeout), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }
    return lease;
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

  /** The records of one invocation; {@link #release} the ones that failed. */
  public static final class Lease implements AutoCloseable {
    private final List<Map<String, String>> pending = new ArrayList<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    private Lease() {}

    /** A lease over nothing. */
    public static Lease none() {
      return new Lease();
    }

    /** Stops keeping one record invisible: it failed, and may return to the queue when it is visible. */
    public void release(String messageId) {
      for (Map<String, String> queue : pending) {
        queue.remove(messageId);
      }
    }

    /** Records still kept invisible. */
    public int pending() {
      return pending.stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
      tasks.forEach(t -> t.cancel(false));
      pending.forEach(Map::clear);
    }
  }
}
