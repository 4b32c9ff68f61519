package dev.enrich.client.dlq;

import dev.enrich.contract.output.BatchRef;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One message received from the dead-letter queue. Catalog and batch come from the message
 * attributes (docs/architecture.md section 2), else from the body; both are null for a body that is
 * not a batch at all.
 *
 * @param attributes the message attributes as received, sent on unchanged by a redrive
 * @param productCount the number of products in the body, null when the body is not a batch
 * @param bodyProblem why the body is not a readable batch, null when it is
 * @param receiveCount SQS's ApproximateReceiveCount, this receive included (every look at a DLQ
 *     message is a receive)
 * @param sentAt SQS's SentTimestamp: for a standard queue, when the message was first sent to the
 *     batch queue (a move to the DLQ keeps it)
 */
public record DlqMessage(
    String messageId,
    String receiptHandle,
    String body,
    Map<String, MessageAttributeValue> attributes,
    String catalogId,
    String batchId,
    Integer productCount,
    String bodyProblem,
    int receiveCount,
    Instant sentAt) {

  public DlqMessage {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** The same message as received again, under a new receipt handle. */
  public DlqMessage withReceipt(String receipt) {
    return new DlqMessage(messageId, receipt, body, attributes, catalogId, batchId, productCount, bodyProblem,
        receiveCount, sentAt);
  }

  /** The batch this message carries, or null when it names none. */
  public BatchRef batch() {
    return catalogId == null || batchId == null ? null : new BatchRef(catalogId, batchId);
  }
}
