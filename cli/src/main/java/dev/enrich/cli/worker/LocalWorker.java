package dev.enrich.cli.worker;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.client.config.Redaction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Emulates the Lambda SQS event source mapping against any SQS endpoint: {@code concurrency}
 * pollers long-poll up to {@code batchSize} records, invoke the real handler with a real
 * {@link SQSEvent}, delete the records that succeeded and leave the reported
 * {@code batchItemFailures} to reappear after the visibility timeout (and reach the DLQ after
 * maxReceiveCount). A handler that throws fails the whole invocation, as on Lambda.
 */
public final class LocalWorker implements AutoCloseable {
  /** The process's Keepa key and MongoDB password, cut from the errors it logs. */
  private static final Redaction REDACTION = Redaction.fromEnvironment(System.getenv());
  /** Counts since start; read by tests and the summary line. */
  public record Stats(long invocations, long records, long failedRecords, long handlerErrors) {}

  private final SqsClient sqs;
  private final String queueUrl;
  private final String region;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final WorkerSettings settings;
  private final PrintStream log;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> pollers = new ArrayList<>();
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong failedRecords = new AtomicLong();
  private final AtomicLong handlerErrors = new AtomicLong();
  private volatile String queueArn;

  public LocalWorker(SqsClient sqs, String queueUrl, String region,
      RequestHandler<SQSEvent, SQSBatchResponse> handler, WorkerSettings settings, PrintStream log) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.region = region;
    this.handler = handler;
    this.settings = settings;
    this.log = log;
  }

  public synchronized void start() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    for (int i = 0; i < settings.concurrency(); i++) {
      Thread t = new Thread(this::poll, "enrich-poller-" + i);
      pollers.add(t);
      t.start();
    }
  }

  /**
   * Stops polling and waits for in-flight invocations to finish (a receive already waiting ends
   * within the poll wait). Past {@code grace}, pollers are interrupted: their records are not
   * deleted and come back after the visibility timeout, so nothing is lost.
   */
  public synchronized void stop(Duration grace) {
    running.set(false);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread t : pollers) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (t.isAlive()) {
          t.interrupt();
          t.join(1_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    pollers.clear();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(settings.pollWaitSeconds() + 30L));
  }

  public Stats stats() {
    return new Stats(invocations.get(), records.get(), failedRecords.get(), handlerErrors.get());
  }

  private void poll() {
    int errors = 0;
    while (running.get()) {
      List<Message> messages;
      try {
        messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
            .maxNumberOfMessages(settings.recordsPerInvocation())
            .waitTimeSeconds(settings.pollWaitSeconds())
            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
            .messageAttributeNames("All")).messages();
        errors = 0;
      } catch (SdkException e) {
        if (!running.get()) {
          return;
        }
        errors++;
        log.println("worker: cannot receive from SQS: " + REDACTION.apply(e.getMessage()));
        if (!pause(Math.min(5_000, 200L << Math.min(errors, 5)))) {
          return;
        }
        continue;
      }
      if (!messages.isEmpty()) {
        invoke(messages);
      }
    }
  }

  private void invoke(List<Message> messages) {
    invocations.incrementAndGet();
    records.addAndGet(messages.size());
    SQSEvent event = SqsEvents.of(messages, queueArn, region);
    Set<String> failed = new HashSet<>();
    try {
      SQSBatchResponse response = handler.handleRequest(event,
          new LocalLambdaContext(settings.functionTimeoutSeconds() * 1000, log));
      if (response != null && response.getBatchItemFailures() != null) {
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
      }
    } catch (RuntimeException e) {
      // On Lambda an invocation error returns every record of the batch to the queue.
      handlerErrors.incrementAndGet();
      failedRecords.addAndGet(messages.size());
      log.println("worker: handler failed, " + messages.size() + " records return to the queue: "
          + REDACTION.apply(String.valueOf(e.getMessage())));
      return;
    }
    failedRecords.addAndGet(failed.size());
    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        deletes.add(DeleteMessageBatchRequestEntry.builder()
            .id(Integer.toString(deletes.size())).receiptHandle(m.receiptHandle()).build());
      }
    }
    if (!deletes.isEmpty()) {
      try {
        var result = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
        if (!result.failed().isEmpty()) {
          log.println("worker: " + result.failed().size() + " processed records could not be deleted;"
              + " they will be delivered again and absorbed as duplicates");
        }
      } catch (SdkException e) {
        log.println("worker: cannot delete processed records (they will be delivered again): "
            + REDACTION.apply(e.getMessage()));
      }
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
