package dev.enrich.lambda.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The keeper's SQS calls. A record names its queue by ARN ({@code arn:aws:sqs:REGION:ACCOUNT:NAME});
 * the URL comes from GetQueueUrl and the timeout from GetQueueAttributes, each once per queue and
 * container.
 */
public final class SqsQueues implements VisibilityKeeper.Queues {
  /** ChangeMessageVisibilityBatch takes at most 10 entries. */
  private static final int MAX_ENTRIES = 10;
  /** ChangeMessageVisibility's largest VisibilityTimeout. */
  private static final long MAX_SECONDS = Backoff.MAX.toSeconds();

  private final SqsClient sqs;
  private final Map<String, String> urls = new ConcurrentHashMap<>();
  private final Map<String, Duration> timeouts = new ConcurrentHashMap<>();

  public SqsQueues(SqsClient sqs) {
    this.sqs = sqs;
  }

  @Override
  public Duration visibilityTimeout(String queueArn) {
    return timeouts.computeIfAbsent(queueArn, arn -> Duration.ofSeconds(Long.parseLong(
        sqs.getQueueAttributes(b -> b.queueUrl(url(arn)).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
            .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT))));
  }

  @Override
  public int extend(String queueArn, List<String> receiptHandles, Duration timeout) {
    Map<String, Duration> timeouts = new LinkedHashMap<>();
    receiptHandles.forEach(h -> timeouts.put(h, timeout));
    return changeVisibility(queueArn, timeouts);
  }

  /** ChangeMessageVisibilityBatch, ten entries a call, each with its own timeout (at most 12 hours). */
  @Override
  public int changeVisibility(String queueArn, Map<String, Duration> timeoutByReceiptHandle) {
    String url = url(queueArn);
    List<Map.Entry<String, Duration>> all = new ArrayList<>(timeoutByReceiptHandle.entrySet());
    int failed = 0;
    for (int from = 0; from < all.size(); from += MAX_ENTRIES) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(all.size(), from + MAX_ENTRIES); i++) {
        int seconds = (int) Math.min(MAX_SECONDS, all.get(i).getValue().toSeconds());
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
            .id(Integer.toString(i - from)).receiptHandle(all.get(i).getKey()).visibilityTimeout(seconds).build());
      }
      ChangeMessageVisibilityBatchResponse response =
          sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
      failed += response.failed().size();
    }
    return failed;
  }

  /** SendMessage with DelaySeconds and the record's message attributes. */
  @Override
  public void sendAgain(String queueArn, SQSEvent.SQSMessage record, Duration delay) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    if (record.getMessageAttributes() != null) {
      record.getMessageAttributes().forEach((name, a) -> {
        MessageAttributeValue.Builder value = MessageAttributeValue.builder().dataType(a.getDataType());
        if (a.getStringValue() != null) {
          value.stringValue(a.getStringValue());
        } else if (a.getBinaryValue() != null) {
          value.binaryValue(SdkBytes.fromByteBuffer(a.getBinaryValue()));
        }
        attributes.put(name, value.build());
      });
    }
    // VisibilityKeeper.sendAgain has bounded the delay to what DelaySeconds takes. Whole seconds,
    // rounded up: a copy that came back before the refill it waits for would only be deferred again.
    int seconds = (int) Math.min(VisibilityKeeper.MAX_DELAY.toSeconds(), (delay.toMillis() + 999) / 1000);
    sqs.sendMessage(b -> b.queueUrl(url(queueArn)).messageBody(record.getBody()).messageAttributes(attributes)
        .delaySeconds(seconds));
  }

  private String url(String queueArn) {
    return urls.computeIfAbsent(queueArn, arn -> {
      String[] parts = arn.split(":", 6);
      if (parts.length != 6 || !"sqs".equals(parts[2])) {
        throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
      }
      String account = parts[4];
      return sqs.getQueueUrl(b -> {
        b.queueName(parts[5]);
        if (!account.isBlank()) {
          b.queueOwnerAWSAccountId(account);
        }
      }).queueUrl();
    });
  }
}
