package dev.enrich.lambda.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsEventJsonTest {
  /** The shape of the example event in the Lambda developer guide. */
  private static final String EVENT = """
      {"Records": [{
        "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
        "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
        "body": "test",
        "attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1545082649183"},
        "messageAttributes": {"catalog_id": {"stringValue": "c-1", "binaryValue": null,
          "stringListValues": [], "binaryListValues": [], "dataType": "String"}},
        "md5OfBody": "098f6bcd4621d373cade4e832627b4f6",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue",
        "awsRegion": "us-east-2"}]}
      """;

  private static SQSEvent read(String json) throws Exception {
    return SqsEventJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsLambdasFieldNames_andWritesThemBack() throws Exception {
    SQSEvent event = read(EVENT);
    SQSEvent.SQSMessage m = event.getRecords().get(0);
    assertEquals("059f36b4-87a3-44ab-83d2-661975830a7d", m.getMessageId());
    assertEquals("arn:aws:sqs:us-east-2:123456789012:my-queue", m.getEventSourceArn());
    assertEquals("2", m.getAttributes().get("ApproximateReceiveCount"));
    assertEquals("c-1", m.getMessageAttributes().get("catalog_id").getStringValue());
    assertNull(m.getMessageAttributes().get("catalog_id").getBinaryValue());

    SQSEvent again = read(SqsEventJson.write(event));
    SQSEvent.SQSMessage n = again.getRecords().get(0);
    assertEquals(m.getBody(), n.getBody());
    assertEquals(m.getEventSourceArn(), n.getEventSourceArn());
    assertEquals(m.getMd5OfBody(), n.getMd5OfBody());
    assertEquals(m.getAttributes(), n.getAttributes());
  }

  @Test
  void somethingElse_isRefusedWithWhere() {
    IllegalArgumentException noRecords = assertThrows(IllegalArgumentException.class, () -> read("{\"records\":[]}"));
    assertTrue(noRecords.getMessage().contains("Records"), noRecords.getMessage());
    IllegalArgumentException noBody = assertThrows(IllegalArgumentException.class,
        () -> read("{\"Records\":[{\"messageId\":\"a\"}]}"));
    assertEquals("Records[0].body: missing or not a string", noBody.getMessage());
  }

  @Test
  void theResponse_isWhatLambdaReads() {
    SQSBatchResponse response = SQSBatchResponse.builder().withBatchItemFailures(List.of(
        SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m-2").build())).build();
    assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}", SqsEventJson.write(response));
  }
}
