package dev.enrich.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.sqs.Backoff;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Lambda entry point for the SQS event source. Each record is one batch; records that must be
 * retried are reported as {@code batchItemFailures} so SQS redelivers only those (partial batch
 * response, which needs {@code ReportBatchItemFailures} on the event source mapping:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
public final class EnrichmentHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final BatchProcessor processor;
  private final EventLog log;
  private final VisibilityKeeper visibility;

  /** Used by the Lambda runtime: clients are built once per container from the environment. */
  public EnrichmentHandler() {
    this(ConsumerWiring.fromEnvironment(System.getenv()));
  }

  private EnrichmentHandler(ConsumerWiring wiring) {
    this(wiring.processor(), wiring.log(), wiring.visibility());
  }

  /** A handler that leaves visibility alone (events made by hand, unit tests). */
  public EnrichmentHandler(BatchProcessor processor, EventLog log) {
    this(processor, log, null);
  }

  /** {@code visibility} may be null: records are then not kept invisible while they run. */
  public EnrichmentHandler(BatchProcessor processor, EventLog log, VisibilityKeeper visibility) {
    this.processor = processor;
    this.log = log;
    this.visibility = visibility;
  }

  /** Time kept back from each record's work for writing its results before the invocation ends. */
  static final long RESULT_MARGIN_MILLIS = 10_000;

  /** The invocation's remaining time less the margin; no limit outside Lambda (tests). */
  private static Deadline deadline(Context context) {
    if (context == null) {
      return Deadline.NONE;
    }
    return Deadline.in(Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis() - RESULT_MARGIN_MILLIS)));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    String requestId = context == null ? null : context.getAwsRequestId();
    List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
    // Closing the lease backs off the records to retry (one ChangeMessageVisibilityBatch per queue)
    // before the invocation answers.
    try (VisibilityKeeper.Lease lease = visibility == null ? VisibilityKeeper.Lease.none() : visibility.watch(records)) {
      for (SQSEvent.SQSMessage record : records) {
        BatchProcessor.Result result = handle(record, requestId, context, failures);
        BatchProcessor.Outcome outcome = result.outcome();
        // A failed record returns to the queue (reported below). A finished one stays invisible
        // until the invocation answers: only then is it deleted, so releasing it earlier would
        // deliver it again, or move it to the DLQ.
        // A deferred record not sent again must come back as a retry (a receive toward the DLQ).
        boolean retry = outcome == BatchProcessor.Outcome.RETRY
            || outcome == BatchProcessor.Outcome.DEFERRED && !deferred(record, result.retryAfter(), failures);
        if (retry) {
          lease.retryLater(record.getMessageId(), Backoff.receiveCount(record.getAttributes()));
        } else if (outcome.isFailure()) {
          // Rejected: it fails the same way on every delivery, so trying it sooner gains nothing.
          lease.release(record.getMessageId());
        }
      }
    }
    log.invocation(requestId, records.size(), failures.size());
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  /**
   * Sends a deferred record again with a delay, so that the original succeeds (no receive counted
   * toward the DLQ, no status written); true when sent. When it cannot be sent it is reported as a
   * failure instead.
   */
  private boolean deferred(SQSEvent.SQSMessage record, Duration retryAfter,
      List<SQSBatchResponse.BatchItemFailure> failures) {
    // A little jitter, so the batches deferred together do not all come back in the same second.
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, retryAfter.toMillis() / 10) + 1);
    Duration delay = retryAfter.plusMillis(jitter);
    if (visibility != null && visibility.sendAgain(record, delay)) {
      return true;
    }
    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
    return false;
  }

  /** The record's result; a failure is added to {@code failures}. */
  private BatchProcessor.Result handle(SQSEvent.SQSMessage record, String requestId, Context context,
      List<SQSBatchResponse.BatchItemFailure> failures) {
    long started = System.nanoTime();
    BatchProcessor.Result result;
    try {
      result = processor.process(record.getBody(), deadline(context));
    } catch (RuntimeException e) {
      // A bug or an unforeseen failure in one record must not fail the others of the invocation:
      // this record alone returns to the queue (and reaches the DLQ if it keeps failing).
      result = new BatchProcessor.Result(BatchProcessor.Outcome.RETRY, null, null, 0, 0,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    log.batch(requestId, result, (System.nanoTime() - started) / 1_000_000, processor.lastUsage());
    if (result.outcome().isFailure()) {
      failures.add(SQSBatchResponse.BatchItemFailure.builder()
          .withItemIdentifier(record.getMessageId()).build());
    }
    return result;
  }
}
