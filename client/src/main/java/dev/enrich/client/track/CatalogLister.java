package dev.enrich.client.track;

import static dev.enrich.contract.StatusTable.BY_USER_INDEX;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.CREATED_AT;
import static dev.enrich.contract.StatusTable.USER_ID;

import dev.enrich.client.aws.StatusItems;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A user's catalogs, newest first, from the {@code by_user} index (docs/architecture.md section 3). The
 * index is sparse, only catalog items carry {@code user_id} and {@code created_at}, so each entry is
 * a catalog, never a batch. Pages are followed through {@code LastEvaluatedKey} until the limit is
 * reached; the table is never scanned. Progress then comes from {@link StatusReader}, one
 * O(shards) query per listed catalog, so the cost is bounded by the limit.
 *
 * <p>Index reads are eventually consistent (a GSI has no consistent reads:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Reading): a catalog
 * submitted a moment ago may be missing, and one replaced or removed since may still be listed. The
 * ids are therefore de-duplicated, and one whose catalog item is gone is left out.
 */
public final class CatalogLister {
  /** Entries one index query returns at most; a query also stops at what the limit still needs. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  private final DynamoDbClient dynamo;
  private final String table;
  private final int pageSize;
  private final StatusReader status;
  private final Clock clock;

  public CatalogLister(DynamoDbClient dynamo, String table, int pageSize, Clock clock) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be at least 1, not " + pageSize);
    }
    this.dynamo = dynamo;
    this.table = table;
    this.pageSize = pageSize;
    this.status = new StatusReader(dynamo, table);
    this.clock = clock;
  }

  /**
   * The newest {@code limit} catalogs of {@code userId}, submitted within {@code since} of now if given.
   */
  public CatalogListing list(String userId, Optional<Duration> since, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    Instant notBefore = since.map(d -> clock.instant().minus(d)).orElse(null);
    // One id beyond the limit tells whether there are more, without trusting a LastEvaluatedKey,
    // which DynamoDB may return even when no further entry exists.
    List<String> ids = newestIds(userId, notBefore, limit + 1);
    List<CatalogStatus> catalogs = new ArrayList<>();
    for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
      status.find(id).ifPresent(catalogs::add);
    }
    return new CatalogListing(userId, notBefore, limit, List.copyOf(catalogs), ids.size() > limit);
  }

  private List<String> newestIds(String userId, Instant notBefore, int wanted) {
    Map<String, String> names = new HashMap<>(Map.of("#u", USER_ID, "#c", CATALOG_ID));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":u", StatusItems.s(userId)));
    String condition = "#u = :u";
    if (notBefore != null) {
      condition += " AND #at >= :since";
      names.put("#at", CREATED_AT);
      values.put(":since", StatusItems.s(StatusTable.sortableTime(notBefore)));
    }
    Set<String> ids = new LinkedHashSet<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder query = QueryRequest.builder()
          .tableName(table)
          .indexName(BY_USER_INDEX)
          .keyConditionExpression(condition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .projectionExpression("#c")
          .scanIndexForward(false)
          .limit(Math.min(pageSize, wanted - ids.size()));
      if (start != null) {
        query.exclusiveStartKey(start);
      }
      QueryResponse page = dynamo.query(query.build());
      for (Map<String, AttributeValue> item : page.items()) {
        ids.add(item.get(CATALOG_ID).s());
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null && ids.size() < wanted);
    return new ArrayList<>(ids).subList(0, Math.min(wanted, ids.size()));
  }
}
