package dev.enrich.client.track;

import static dev.enrich.contract.StatusTable.CANCELLED;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.contract.StatusTable.UPDATED_AT;

import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.StatusItems;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Sets a catalog's cancel flag. The consumer reads the flag before each batch and marks the
 * catalog's remaining batches CANCELLED without enriching them, so their messages leave the queue
 * and spend no provider tokens (docs/architecture.md section 5). A batch already being processed when
 * the flag is set finishes and is counted.
 *
 * <pre>{@code
 * CatalogCanceller.Cancellation c = client.cancel("spring-2026");
 * // c.outcome(): CANCELLED, ALREADY_CANCELLED or ALREADY_COMPLETED; c.status(): the catalog as it stands
 * }</pre>
 */
public final class CatalogCanceller {
  /** What a cancel did. */
  public enum Outcome {
    /** The flag is now set. */
    CANCELLED,
    /** An earlier cancel set it: nothing changed. */
    ALREADY_CANCELLED,
    /** Every batch had completed: nothing left to cancel, nothing changed. */
    ALREADY_COMPLETED
  }

  /** The outcome and the catalog's status right after it. */
  public record Cancellation(Outcome outcome, CatalogStatus status) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final StatusReader reader;
  private final Clock clock;

  public CatalogCanceller(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.reader = new StatusReader(dynamo, table);
    this.clock = clock;
  }

  /** Cancels the catalog unless it completed; unknown catalogs are a not-found error. */
  public Cancellation cancel(String catalogId) {
    CatalogStatus before = reader.read(catalogId);
    switch (before.state()) {
      case COMPLETED, COMPLETED_WITH_FAILURES, FAILED:
        // A FAILED catalog is already being drained: the cancel would change nothing.
        return new Cancellation(Outcome.ALREADY_COMPLETED, before);
      case CANCELLED:
        return new Cancellation(Outcome.ALREADY_CANCELLED, before);
      default:
        break;
    }
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(StatusItems.key(catalogId, CATALOG_ITEM))
          .updateExpression("SET #x = :true, #upd = :now")
          .conditionExpression("attribute_exists(#c)")
          .expressionAttributeNames(Map.of("#x", CANCELLED, "#upd", UPDATED_AT, "#c", CATALOG_ID))
          .expressionAttributeValues(Map.of(
              ":true", AttributeValue.fromBool(true),
              ":now", StatusItems.s(clock.instant().toString()))));
    } catch (ConditionalCheckFailedException gone) {
      // Without the condition, an update would create a catalog item out of nothing.
      throw EnrichException.notFound("catalog " + catalogId + " not found in table " + table
          + " (it was removed while being cancelled)");
    }
    // Read after the write: what completed before the consumer could see the flag is counted here.
    CatalogStatus after = reader.read(catalogId);
    // The last batch can complete between the read and the write; the status then says COMPLETED.
    Outcome outcome = after.state() == CatalogState.CANCELLED ? Outcome.CANCELLED : Outcome.ALREADY_COMPLETED;
    return new Cancellation(outcome, after);
  }
}
