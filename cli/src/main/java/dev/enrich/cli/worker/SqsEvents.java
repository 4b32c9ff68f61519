package dev.enrich.cli.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/** Builds the {@link SQSEvent} the Lambda SQS event source would deliver for received messages. */
final class SqsEvents {
  private SqsEvents() {}

  static SQSEvent of(List<Message> messages, String queueArn, String region) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setMd5OfBody(m.md5OfBody());
      r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
      r.setEventSource("aws:sqs");
      r.setEventSourceArn(queueArn);
      r.setAwsRegion(region);
      Map<String, String> attributes = new HashMap<>(m.attributesAsStrings());
      r.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
      m.messageAttributes().forEach((name, value) -> {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(value.dataType());
        a.setStringValue(value.stringValue());
        messageAttributes.put(name, a);
      });
      r.setMessageAttributes(messageAttributes);
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }
}
