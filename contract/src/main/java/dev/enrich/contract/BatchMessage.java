package dev.enrich.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The SQS message body: one batch of products, which is also one batch item in the status table.
 * See docs/architecture.md section 2.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BatchMessage(
    String schemaVersion,
    String catalogId,
    String batchId,
    String userId,
    Instant submittedAt,
    Map<String, String> options,
    List<Product> products) {

  /** Major 1, minor 0. Readers accept any minor of a major they know. */
  public static final String SCHEMA_VERSION = "1.0";

  public BatchMessage {
    options = options == null ? Map.of() : Map.copyOf(options);
    products = products == null ? List.of() : List.copyOf(products);
  }

  public static BatchMessage of(
      String catalogId, String batchId, String userId, Instant submittedAt,
      Map<String, String> options, List<Product> products) {
    return new BatchMessage(SCHEMA_VERSION, catalogId, batchId, userId, submittedAt, options, products);
  }
}
