package dev.enrich.client.submit;

import java.util.Map;

/** One message to send: the batch id doubles as the SendMessageBatch entry id. */
public record OutgoingMessage(String batchId, String body, Map<String, String> attributes) {}
