package dev.enrich.client.dlq;

import dev.enrich.client.RemoteServiceException;
import dev.enrich.client.submit.Backoff;
import dev.enrich.contract.MessageAttributeNames;
import dev.enrich.contract.output.MoveTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@link DeadLetterQueue} on SQS. The DLQ is the one the source queue's {@code RedrivePolicy}
 * names ({@link RedrivePolicyLocator}), so the tools never need to be told where it is.
 */
public final class SqsDeadLetterQueue implements DeadLetterQueue {
  /** SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch take 10 entries a call. */
  private static final int MAX_ENTRIES = 10;
  /** SendMessageBatch takes 1 MiB of bodies and attributes a call. */
  private static final int MAX_CALL_BYTES = 1024 * 1024;

  private final SqsClient sqs;
  private final QueuePair queues;

  /** The DLQ of {@code queue} (a name or URL), found from its RedrivePolicy. */
  public static SqsDeadLetterQueue of(SqsClient sqs, String queue) {
    return new SqsDeadLetterQueue(sqs, RedrivePolicyLocator.locate(sqs, queue));
  }

  SqsDeadLetterQueue(SqsClient sqs, QueuePair queues) {
    this.sqs = sqs;
    this.queues = queues;
  }

  @Override
  public QueuePair queues() {
    return queues;
  }

  @Override
  public List<DlqMessage> receive(int max, Duration visibility, Duration wait) {
    return sqs.receiveMessage(b -> b.queueUrl(queues.dlqUrl())
            .maxNumberOfMessages(max)
            .visibilityTimeout((int) visibility.toSeconds())
            .waitTimeSeconds((int) wait.toSeconds())
            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                MessageSystemAttributeName.SENT_TIMESTAMP)
            .messageAttributeNames("All"))
        .messages().stream().map(SqsDeadLetterQueue::message).toList();
  }

  @Override
  public void changeVisibility(List<DlqMessage> messages, Duration visibility) {
    for (List<DlqMessage> call : chunks(messages)) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < call.size(); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(call.get(i).receiptHandle()).visibilityTimeout((int) visibility.toSeconds()).build());
      }
      // An entry that fails (its receipt expired, say) is a message already visible again: nothing to do.
      sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queues.dlqUrl()).entries(entries));
    }
  }

  @Override
  public List<DlqMessage> sendToSource(List<DlqMessage> messages) {
    List<DlqMessage> sent = new ArrayList<>();
    List<DlqMessage> call = new ArrayList<>();
    int callBytes = 0;
    for (DlqMessage m : messages) {
      int size = size(m);
      if (!call.isEmpty() && (call.size() == MAX_ENTRIES || callBytes + size > MAX_CALL_BYTES)) {
        sent.addAll(sendCall(call));
        call = new ArrayList<>();
        callBytes = 0;
      }
      call.add(m);
      callBytes += size;
    }
    if (!call.isEmpty()) {
      sent.addAll(sendCall(call));
    }
    return sent;
  }

  /** One SendMessageBatch, retrying entries SQS failed on its side; returns what SQS confirmed. */
  private List<DlqMessage> sendCall(List<DlqMessage> call) {
    Map<String, DlqMessage> pending = new LinkedHashMap<>();
    for (int i = 0; i < call.size(); i++) {
      pending.put(Integer.toString(i), call.get(i));
    }
    List<DlqMessage> confirmed = new ArrayList<>();
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        Backoff.sleep(attempt);
      }
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      pending.forEach((id, m) -> entries.add(SendMessageBatchRequestEntry.builder().id(id)
          .messageBody(m.body()).messageAttributes(m.attributes()).build()));
      SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queues.sourceUrl()).entries(entries));
      response.successful().forEach(ok -> confirmed.add(pending.remove(ok.id())));
      for (BatchResultErrorEntry failed : response.failed()) {
        if (Boolean.TRUE.equals(failed.senderFault()) || attempt >= Backoff.MAX_ATTEMPTS) {
          // What was confirmed so far is returned by the caller's next step; this one stays in the DLQ.
          throw new RemoteServiceException("SQS refused to send DLQ message "
              + pending.get(failed.id()).messageId() + " to " + queues.sourceName() + ": " + failed.code() + " "
              + failed.message() + "; it stays in the DLQ");
        }
      }
    }
    return confirmed;
  }

  @Override
  public List<DlqMessage> delete(List<DlqMessage> messages) {
    List<DlqMessage> notDeleted = new ArrayList<>();
    for (List<DlqMessage> call : chunks(messages)) {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < call.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(call.get(i).receiptHandle()).build());
      }
      sqs.deleteMessageBatch(b -> b.queueUrl(queues.dlqUrl()).entries(entries))
          .failed().forEach(f -> notDeleted.add(call.get(Integer.parseInt(f.id()))));
    }
    return notDeleted;
  }

  @Override
  public List<MoveTask> moveTasks() {
    // AWS answers with the most recent task only unless asked for more (at most 10).
    return sqs.listMessageMoveTasks(b -> b.sourceArn(queues.dlqArn()).maxResults(10)).results().stream()
        .map(SqsDeadLetterQueue::task).toList();
  }

  @Override
  public String startMoveTask(Integer maxPerSecond) {
    // The destination is named although AWS defaults to "each message's original source": ElasticMQ
    // picks the first queue whose RedrivePolicy names the DLQ, which need not be this one.
    return sqs.startMessageMoveTask(b -> b.sourceArn(queues.dlqArn()).destinationArn(queues.sourceArn())
        .maxNumberOfMessagesPerSecond(maxPerSecond)).taskHandle();
  }

  @Override
  public long cancelMoveTask(String taskHandle) {
    Long moved = sqs.cancelMessageMoveTask(b -> b.taskHandle(taskHandle)).approximateNumberOfMessagesMoved();
    return moved == null ? 0 : moved;
  }

  @Override
  public QueueDepth depth(String queueUrl) {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return new QueueDepth(number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
        number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
        number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
  }

  @Override
  public Optional<Instant> oldestSentSample(String queueUrl) {
    return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(0)
            .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
        .messages().stream()
        .map(m -> m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
        .filter(s -> s != null && !s.isBlank())
        .map(s -> Instant.ofEpochMilli(Long.parseLong(s)))
        .min(Instant::compareTo);
  }

  @Override
  public boolean hasRedrivePolicy(String queueUrl) {
    String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
        .attributes().get(QueueAttributeName.REDRIVE_POLICY);
    return policy != null && !policy.isBlank();
  }

  private static MoveTask task(ListMessageMoveTasksResultEntry e) {
    return new MoveTask(e.taskHandle(), e.status(),
        e.approximateNumberOfMessagesMoved() == null ? 0 : e.approximateNumberOfMessagesMoved(),
        e.approximateNumberOfMessagesToMove() == null ? 0 : e.approximateNumberOfMessagesToMove(),
        e.maxNumberOfMessagesPerSecond(),
        e.startedTimestamp() == null ? null : Instant.ofEpochMilli(e.startedTimestamp()),
        e.failureReason());
  }

  static DlqMessage message(Message m) {
    Map<String, MessageAttributeValue> attributes = m.hasMessageAttributes() ? m.messageAttributes() : Map.of();
    BodySummary body = BodySummary.of(m.body());
    String catalog = text(attributes.get(MessageAttributeNames.CATALOG_ID));
    String batch = text(attributes.get(MessageAttributeNames.BATCH_ID));
    String receives = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    return new DlqMessage(m.messageId(), m.receiptHandle(), m.body(), attributes,
        catalog != null ? catalog : body.catalogId(), batch != null ? batch : body.batchId(),
        body.productCount(), body.problem(),
        receives == null ? 0 : Integer.parseInt(receives),
        sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)));
  }

  private static String text(MessageAttributeValue v) {
    return v == null || v.stringValue() == null || v.stringValue().isBlank() ? null : v.stringValue();
  }

  private static int size(DlqMessage m) {
    int bytes = m.body().getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, MessageAttributeValue> a : m.attributes().entrySet()) {
      MessageAttributeValue v = a.getValue();
      bytes += a.getKey().length() + (v.dataType() == null ? 0 : v.dataType().length())
          + (v.stringValue() == null ? 0 : v.stringValue().getBytes(StandardCharsets.UTF_8).length)
          + (v.binaryValue() == null ? 0 : v.binaryValue().asByteArray().length);
    }
    return bytes;
  }

  private static long number(String value) {
    return value == null || value.isBlank() ? 0 : Long.parseLong(value);
  }

  private static List<List<DlqMessage>> chunks(List<DlqMessage> messages) {
    List<List<DlqMessage>> chunks = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += MAX_ENTRIES) {
      chunks.add(messages.subList(from, Math.min(messages.size(), from + MAX_ENTRIES)));
    }
    return chunks;
  }
}
