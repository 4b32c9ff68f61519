package dev.enrich.contract;

/**
 * SQS message attributes that repeat the routing fields of the body, so that DLQ tools can filter
 * messages without parsing bodies.
 */
public final class MessageAttributeNames {
  public static final String CATALOG_ID = "catalog_id";
  public static final String BATCH_ID = "batch_id";
  public static final String SCHEMA_VERSION = "schema_version";

  private MessageAttributeNames() {}
}
