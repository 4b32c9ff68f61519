package dev.enrich.lambda.sqs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * An SQS client that answers the consumer's calls from memory and records its visibility changes
 * (every other call is the interface's default: UnsupportedOperationException).
 */
public final class FakeSqs implements SqsClient {
  public final List<ChangeMessageVisibilityBatchRequest> visibilityCalls = Collections.synchronizedList(new ArrayList<>());
  public final List<SendMessageRequest> sent = Collections.synchronizedList(new ArrayList<>());
  private final int visibilityTimeoutSeconds;
  /** What the next visibility changes do: succeed, reject every entry, or throw. */
  public volatile Mode mode = Mode.OK;

  public enum Mode { OK, ENTRIES_FAIL, THROWS }

  public FakeSqs(int visibilityTimeoutSeconds) {
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
  }

  @Override
  public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
    return GetQueueUrlResponse.builder().queueUrl("https://sqs.local/123456789012/" + request.queueName()).build();
  }

  @Override
  public SendMessageResponse sendMessage(SendMessageRequest request) {
    sent.add(request);
    return SendMessageResponse.builder().messageId("copy-" + sent.size()).build();
  }

  @Override
  public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
    return GetQueueAttributesResponse.builder()
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds))).build();
  }

  @Override
  public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest request) {
    visibilityCalls.add(request);
    if (mode == Mode.THROWS) {
      throw SqsException.builder().message("SQS is unreachable").build();
    }
    if (mode == Mode.ENTRIES_FAIL) {
      return ChangeMessageVisibilityBatchResponse.builder().failed(request.entries().stream()
          .map(e -> BatchResultErrorEntry.builder().id(e.id()).code("ReceiptHandleIsInvalid").senderFault(true).build())
          .toList()).build();
    }
    return ChangeMessageVisibilityBatchResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "sqs";
  }

  @Override
  public void close() {}
}
