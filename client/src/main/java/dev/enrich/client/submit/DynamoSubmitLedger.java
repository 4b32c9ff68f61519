package dev.enrich.client.submit;

import static dev.enrich.client.aws.StatusItems.key;
import static dev.enrich.client.aws.StatusItems.n;
import static dev.enrich.client.aws.StatusItems.s;
import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.BATCH_PREFIX;
import static dev.enrich.contract.StatusTable.BATCH_SIZE;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.contract.StatusTable.CONTENT_HASH;
import static dev.enrich.contract.StatusTable.CREATED_AT;
import static dev.enrich.contract.StatusTable.INVALID_PRODUCTS;
import static dev.enrich.contract.StatusTable.MARKETPLACES;
import static dev.enrich.contract.StatusTable.OPTIONS;
import static dev.enrich.contract.StatusTable.PRODUCT_COUNT;
import static dev.enrich.contract.StatusTable.QUEUED_AT;
import static dev.enrich.contract.StatusTable.SHARD_COUNT;
import static dev.enrich.contract.StatusTable.SOURCE_NAME;
import static dev.enrich.contract.StatusTable.STATUS;
import static dev.enrich.contract.StatusTable.SUBMIT_STATE;
import static dev.enrich.contract.StatusTable.TOTAL_BATCHES;
import static dev.enrich.contract.StatusTable.TOTAL_PRODUCTS;
import static dev.enrich.contract.StatusTable.UPDATED_AT;
import static dev.enrich.contract.StatusTable.USER_ID;

import dev.enrich.contract.BatchState;
import dev.enrich.contract.StatusTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link SubmitLedger} on DynamoDB; conditional writes only, so it runs on dynalite too. */
public final class DynamoSubmitLedger implements SubmitLedger {
  /** BatchWriteItem takes at most 25 puts per call. */
  private static final int WRITE_BATCH = 25;

  public static final String SUBMIT_SENDING = "SENDING";
  public static final String SUBMIT_SENT = StatusTable.SUBMIT_SENT;
  /** Sort-key prefix of send receipts; after the batches' "B#", so a status query never reads them. */
  public static final String RECEIPT_PREFIX = "S#";
  static final String SENT_BATCHES = "sent_batches";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoSubmitLedger(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Optional<Existing> register(CatalogRegistration r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(CATALOG_ID, s(r.catalogId()));
    item.put(BATCH_ID, s(CATALOG_ITEM));
    item.put(USER_ID, s(r.userId()));
    item.put(CREATED_AT, s(StatusTable.sortableTime(r.createdAt())));
    item.put(UPDATED_AT, s(r.createdAt().toString()));
    item.put(SOURCE_NAME, s(r.sourceName()));
    item.put(CONTENT_HASH, s(r.contentHash()));
    item.put(TOTAL_PRODUCTS, n(r.totalProducts()));
    item.put(INVALID_PRODUCTS, n(r.invalidProducts()));
    item.put(TOTAL_BATCHES, n(r.totalBatches()));
    item.put(BATCH_SIZE, n(r.batchSize()));
    item.put(SHARD_COUNT, n(r.shardCount()));
    item.put(SUBMIT_STATE, s(SUBMIT_SENDING));
    if (r.unchangedProducts() != null) {
      item.put(StatusTable.UNCHANGED_PRODUCTS, n(r.unchangedProducts()));
    }
    if (r.removedProducts() != null) {
      item.put(StatusTable.REMOVED_PRODUCTS, n(r.removedProducts()));
    }
    Map<String, AttributeValue> options = new HashMap<>();
    r.options().forEach((k, v) -> options.put(k, s(v)));
    item.put(OPTIONS, AttributeValue.builder().m(options).build());
    if (!r.marketplaces().isEmpty()) {
      item.put(MARKETPLACES, AttributeValue.builder().l(r.marketplaces().stream().map(m -> s(m)).toList()).build());
    }
    try {
      dynamo.putItem(b -> b.tableName(table).item(item)
          .conditionExpression("attribute_not_exists(#c)")
          .expressionAttributeNames(Map.of("#c", CATALOG_ID)));
      return Optional.empty();
    } catch (ConditionalCheckFailedException exists) {
      GetItemResponse got = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
          .key(key(r.catalogId(), CATALOG_ITEM)));
      Map<String, AttributeValue> old = got.item();
      return Optional.of(new Existing(
          old.get(CONTENT_HASH).s(),
          Integer.parseInt(old.get(TOTAL_BATCHES).n()),
          Integer.parseInt(old.get(BATCH_SIZE).n()),
          Integer.parseInt(old.get(SHARD_COUNT).n()),
          Instant.parse(old.get(CREATED_AT).s())));
    }
  }

  @Override
  public Map<String, BatchState> batchStates(String catalogId) {
    QueryRequest query = QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("#c = :c AND begins_with(#b, :prefix)")
        .projectionExpression("#b, #st")
        .expressionAttributeNames(Map.of("#c", CATALOG_ID, "#b", BATCH_ID, "#st", STATUS))
        .expressionAttributeValues(Map.of(":c", s(catalogId), ":prefix", s(BATCH_PREFIX)))
        .build();
    Map<String, BatchState> states = new HashMap<>();
    dynamo.queryPaginator(query).items().forEach(item ->
        states.put(item.get(BATCH_ID).s(), BatchState.valueOf(item.get(STATUS).s())));
    return states;
  }

  @Override
  public void addPending(String catalogId, Map<String, Integer> productCountByBatch, Instant now) {
    List<WriteRequest> writes = new ArrayList<>();
    productCountByBatch.forEach((batchId, count) -> writes.add(WriteRequest.builder()
        .putRequest(PutRequest.builder().item(Map.of(
            CATALOG_ID, s(catalogId),
            BATCH_ID, s(batchId),
            STATUS, s(BatchState.PENDING.name()),
            PRODUCT_COUNT, n(count),
            CREATED_AT, s(now.toString()),
            UPDATED_AT, s(now.toString()))).build())
        .build()));
    for (int from = 0; from < writes.size(); from += WRITE_BATCH) {
      writeAll(writes.subList(from, Math.min(writes.size(), from + WRITE_BATCH)));
    }
  }

  /** BatchWriteItem may leave items unprocessed under load: retry those with backoff. */
  private void writeAll(List<WriteRequest> writes) {
    Map<String, List<WriteRequest>> pending = Map.of(table, writes);
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        Backoff.sleep(attempt);
      }
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      if (attempt >= Backoff.MAX_ATTEMPTS && !pending.isEmpty()) {
        throw new IllegalStateException("DynamoDB left " + pending.get(table).size()
            + " batch items unwritten after " + attempt + " retries");
      }
    }
  }

  @Override
  public Set<String> sentBatches(String catalogId) {
    QueryRequest query = QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("#c = :c AND begins_with(#b, :prefix)")
        .projectionExpression("#sent")
        .expressionAttributeNames(Map.of("#c", CATALOG_ID, "#b", BATCH_ID, "#sent", SENT_BATCHES))
        .expressionAttributeValues(Map.of(":c", s(catalogId), ":prefix", s(RECEIPT_PREFIX)))
        .build();
    Set<String> sent = new HashSet<>();
    dynamo.queryPaginator(query).items().forEach(item -> sent.addAll(item.get(SENT_BATCHES).m().keySet()));
    return sent;
  }

  @Override
  public void recordSent(String catalogId, Map<String, String> messageIdByBatch, Instant now) {
    if (messageIdByBatch.isEmpty()) {
      return;
    }
    String first = new TreeMap<>(messageIdByBatch).firstKey();
    Map<String, AttributeValue> sent = new HashMap<>();
    messageIdByBatch.forEach((batch, messageId) -> sent.put(batch, s(messageId)));
    // Keyed by its first batch id: a resumed run re-sends only batches no receipt lists, so no two
    // receipts start with the same batch, and a retried put rewrites the same content.
    dynamo.putItem(b -> b.tableName(table).item(Map.of(
        CATALOG_ID, s(catalogId),
        BATCH_ID, s(RECEIPT_PREFIX + first.substring(BATCH_PREFIX.length())),
        SENT_BATCHES, AttributeValue.builder().m(sent).build(),
        QUEUED_AT, s(now.toString()))));
  }

  @Override
  public void reset(String catalogId) {
    QueryRequest query = QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("#c = :c")
        .projectionExpression("#c, #b")
        .expressionAttributeNames(Map.of("#c", CATALOG_ID, "#b", BATCH_ID))
        .expressionAttributeValues(Map.of(":c", s(catalogId)))
        .build();
    List<WriteRequest> deletes = new ArrayList<>();
    dynamo.queryPaginator(query).items().forEach(item -> deletes.add(WriteRequest.builder()
        .deleteRequest(DeleteRequest.builder().key(key(catalogId, item.get(BATCH_ID).s())).build()).build()));
    for (int from = 0; from < deletes.size(); from += WRITE_BATCH) {
      writeAll(deletes.subList(from, Math.min(deletes.size(), from + WRITE_BATCH)));
    }
  }

  @Override
  public void markSent(String catalogId, Instant now) {
    dynamo.updateItem(b -> b.tableName(table)
        .key(key(catalogId, CATALOG_ITEM))
        .updateExpression("SET #ss = :sent, #upd = :now")
        .expressionAttributeNames(Map.of("#ss", SUBMIT_STATE, "#upd", UPDATED_AT))
        .expressionAttributeValues(Map.of(":sent", s(SUBMIT_SENT), ":now", s(now.toString()))));
  }
}
