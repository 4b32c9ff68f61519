package dev.enrich.lambda.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQS event and the partial batch response in the JSON the Lambda service sends and expects
 * (field names such as {@code Records} and {@code eventSourceARN} differ from the bean properties,
 * so the event classes are not bound by reflection).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Using Lambda with Amazon SQS</a>
 */
public final class SqsEventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SqsEventJson() {}

  /** Reads an event; a document that is not one is an {@link IllegalArgumentException} saying where. */
  public static SQSEvent read(InputStream in) throws IOException {
    JsonNode root = JSON.readTree(in);
    if (root == null || !root.path("Records").isArray()) {
      throw new IllegalArgumentException("not an SQS event: expected an object with a \"Records\" array");
    }
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    int index = 0;
    for (JsonNode r : root.path("Records")) {
      String where = "Records[" + index++ + "]";
      if (!r.isObject()) {
        throw new IllegalArgumentException(where + ": expected an object");
      }
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(required(r, "messageId", where));
      m.setBody(required(r, "body", where));
      m.setReceiptHandle(text(r, "receiptHandle"));
      m.setMd5OfBody(text(r, "md5OfBody"));
      m.setMd5OfMessageAttributes(text(r, "md5OfMessageAttributes"));
      m.setEventSource(text(r, "eventSource"));
      m.setEventSourceArn(text(r, "eventSourceARN"));
      m.setAwsRegion(text(r, "awsRegion"));
      Map<String, String> attributes = new LinkedHashMap<>();
      r.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      m.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
      r.path("messageAttributes").fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(text(v, "dataType"));
        a.setStringValue(text(v, "stringValue"));
        if (v.hasNonNull("binaryValue")) {
          a.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(v.get("binaryValue").asText())));
        }
        messageAttributes.put(e.getKey(), a);
      });
      m.setMessageAttributes(messageAttributes);
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  /** Writes an event as Lambda delivers it (used to make fixtures). */
  public static String write(SQSEvent event) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode records = root.putArray("Records");
    for (SQSEvent.SQSMessage m : event.getRecords()) {
      ObjectNode r = records.addObject();
      r.put("messageId", m.getMessageId());
      r.put("receiptHandle", m.getReceiptHandle());
      r.put("body", m.getBody());
      ObjectNode attributes = r.putObject("attributes");
      if (m.getAttributes() != null) {
        m.getAttributes().forEach(attributes::put);
      }
      ObjectNode messageAttributes = r.putObject("messageAttributes");
      if (m.getMessageAttributes() != null) {
        m.getMessageAttributes().forEach((name, a) -> {
          ObjectNode v = messageAttributes.putObject(name);
          v.put("stringValue", a.getStringValue());
          v.putNull("binaryValue");
          v.putArray("stringListValues");
          v.putArray("binaryListValues");
          v.put("dataType", a.getDataType());
        });
      }
      r.put("md5OfBody", m.getMd5OfBody());
      r.put("eventSource", m.getEventSource());
      r.put("eventSourceARN", m.getEventSourceArn());
      r.put("awsRegion", m.getAwsRegion());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /** The partial batch response as the Lambda service reads it. */
  public static String write(SQSBatchResponse response) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode failures = root.putArray("batchItemFailures");
    if (response.getBatchItemFailures() != null) {
      response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
    }
    return root.toString();
  }

  private static String required(JsonNode record, String field, String where) {
    JsonNode v = record.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(where + "." + field + ": missing or not a string");
    }
    return v.asText();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
