package dev.enrich.client.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.contract.ContractException;
import dev.enrich.contract.MessageCodec;

/**
 * What a DLQ listing shows of a message body: catalog, batch and product count, or why the body is
 * not a batch. Read leniently (any schema version), because a message in the DLQ may be there
 * precisely for being unreadable.
 */
record BodySummary(String catalogId, String batchId, Integer productCount, String problem) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MessageCodec CODEC = new MessageCodec();

  static BodySummary of(String body) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new BodySummary(null, null, null, "not JSON");
    }
    if (tree == null || !tree.isObject()) {
      return new BodySummary(null, null, null, "not a JSON object");
    }
    String catalog = text(tree, "catalog_id");
    String batch = text(tree, "batch_id");
    JsonNode products = tree.get("products");
    Integer count = products != null && products.isArray() ? products.size() : null;
    String problem = null;
    if (catalog == null || batch == null || count == null) {
      problem = "not a batch: catalog_id, batch_id or products missing";
    } else {
      try {
        CODEC.read(body);
      } catch (ContractException e) {
        problem = e.getMessage(); // the consumer's own verdict, e.g. an unknown schema version
      }
    }
    return new BodySummary(catalog, batch, count, problem);
  }

  private static String text(JsonNode tree, String field) {
    JsonNode v = tree.get(field);
    return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
  }
}
