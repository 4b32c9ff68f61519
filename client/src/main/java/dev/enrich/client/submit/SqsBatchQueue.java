package dev.enrich.client.submit;

import dev.enrich.client.RemoteServiceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends with {@code SendMessageBatch}: at most 10 entries and 1 MiB of bodies and attributes per
 * call. Entries that fail with a server-side (sender fault = false) error are retried with backoff.
 */
public final class SqsBatchQueue implements BatchQueue {
  static final int MAX_ENTRIES = 10;
  static final int MAX_CALL_BYTES = 1024 * 1024;

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsBatchQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public Map<String, String> send(List<OutgoingMessage> messages) {
    Map<String, String> sent = new HashMap<>();
    List<OutgoingMessage> call = new ArrayList<>();
    int callBytes = 0;
    for (OutgoingMessage m : messages) {
      int size = size(m);
      if (!call.isEmpty() && (call.size() == MAX_ENTRIES || callBytes + size > MAX_CALL_BYTES)) {
        sendCall(call, sent);
        call = new ArrayList<>();
        callBytes = 0;
      }
      call.add(m);
      callBytes += size;
    }
    if (!call.isEmpty()) {
      sendCall(call, sent);
    }
    return sent;
  }

  private void sendCall(List<OutgoingMessage> call, Map<String, String> sent) {
    Map<String, OutgoingMessage> pending = new HashMap<>();
    call.forEach(m -> pending.put(entryId(m.batchId()), m));
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        Backoff.sleep(attempt);
      }
      List<SendMessageBatchRequestEntry> entries = pending.values().stream().map(SqsBatchQueue::entry).toList();
      SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      response.successful().forEach(ok -> {
        OutgoingMessage done = pending.remove(ok.id());
        sent.put(done.batchId(), ok.messageId());
      });
      for (BatchResultErrorEntry failed : response.failed()) {
        if (Boolean.TRUE.equals(failed.senderFault()) || attempt >= Backoff.MAX_ATTEMPTS) {
          throw new RemoteServiceException("SQS refused batch " + pending.get(failed.id()).batchId() + ": " + failed.code() + " " + failed.message());
        }
      }
    }
  }

  private static SendMessageBatchRequestEntry entry(OutgoingMessage m) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    m.attributes().forEach((k, v) ->
        attributes.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
    // Entry ids allow only alphanumerics, '-' and '_': the batch id's '#' is replaced.
    return SendMessageBatchRequestEntry.builder()
        .id(entryId(m.batchId()))
        .messageBody(m.body())
        .messageAttributes(attributes)
        .build();
  }

  static String entryId(String batchId) {
    return batchId.replace('#', '_');
  }

  private static int size(OutgoingMessage m) {
    int bytes = m.body().getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, String> a : m.attributes().entrySet()) {
      bytes += a.getKey().length() + "String".length() + a.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }
}
