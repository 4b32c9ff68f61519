package dev.enrich.lambda.store;

import static dev.enrich.contract.StatusTable.ATTEMPTS;
import static dev.enrich.contract.StatusTable.BATCHES_DONE;
import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.BUDGET_CLAIMS;
import static dev.enrich.contract.StatusTable.CANCELLED;
import static dev.enrich.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.contract.StatusTable.COMPLETED_AT;
import static dev.enrich.contract.StatusTable.COUNTED;
import static dev.enrich.contract.StatusTable.CREATED_AT;
import static dev.enrich.contract.StatusTable.FAILED;
import static dev.enrich.contract.StatusTable.FAILING_SET;
import static dev.enrich.contract.StatusTable.LAST_ERROR;
import static dev.enrich.contract.StatusTable.PROCESSING_SET;
import static dev.enrich.contract.StatusTable.PRODUCTS_DONE;
import static dev.enrich.contract.StatusTable.SHARD;
import static dev.enrich.contract.StatusTable.SHARD_COUNT;
import static dev.enrich.contract.StatusTable.SKIPPED_SET;
import static dev.enrich.contract.StatusTable.STARTED_AT;
import static dev.enrich.contract.StatusTable.STATUS;
import static dev.enrich.contract.StatusTable.SUCCEEDED;
import static dev.enrich.contract.StatusTable.TOKENS_CLAIMED;
import static dev.enrich.contract.StatusTable.TOKENS_SPENT;
import static dev.enrich.contract.StatusTable.UPDATED_AT;
import static dev.enrich.lambda.store.Attributes.key;
import static dev.enrich.lambda.store.Attributes.n;
import static dev.enrich.lambda.store.Attributes.s;

import dev.enrich.contract.BatchState;
import dev.enrich.contract.StatusTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link BatchLedger} on DynamoDB with conditional writes only: no transactions, which the local
 * server (dynalite) lacks. See docs/architecture.md sections 3 and 5.
 */
public final class DynamoBatchLedger implements BatchLedger {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoBatchLedger(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Optional<CatalogView> catalog(String catalogId) {
    GetItemResponse got =
        call("read catalog " + catalogId, () -> dynamo.getItem(b -> b.tableName(table)
            .key(key(catalogId, CATALOG_ITEM))
            // Strongly consistent: a cancel or a submit --force must stop work at once, not after
            // the replicas catch up (half a read unit more per batch).
            .consistentRead(true)
            .projectionExpression("#s, #c, #at")
            .expressionAttributeNames(Map.of("#s", SHARD_COUNT, "#c", CANCELLED, "#at", CREATED_AT))));
    if (!got.hasItem() || got.item().isEmpty()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = got.item();
    int shards = item.containsKey(SHARD_COUNT) ? Integer.parseInt(item.get(SHARD_COUNT).n()) : 1;
    boolean cancelled = item.containsKey(CANCELLED) && Boolean.TRUE.equals(item.get(CANCELLED).bool());
    Instant createdAt = item.containsKey(CREATED_AT) ? Instant.parse(item.get(CREATED_AT).s()) : null;
    return Optional.of(new CatalogView(catalogId, shards, cancelled, createdAt));
  }

  @Override
  public Start start(String catalogId, String batchId, int shardCount, Instant now) {
    UpdateItemRequest request =
        UpdateItemRequest.builder()
            .tableName(table)
            .key(key(catalogId, batchId))
            .updateExpression("SET #st = :processing, #started = :now, #upd = :now"
                + " ADD #attempts :one")
            .conditionExpression("attribute_exists(#bid) AND #st <> :completed")
            .expressionAttributeNames(Map.of(
                "#st", STATUS, "#started", STARTED_AT, "#upd", UPDATED_AT,
                "#attempts", ATTEMPTS, "#bid", BATCH_ID))
            .expressionAttributeValues(Map.of(
                ":processing", s(BatchState.PROCESSING.name()),
                ":completed", s(BatchState.COMPLETED.name()),
                ":now", s(now.toString()),
                ":one", n(1)))
            .build();
    try {
      call("start batch " + batchId, () -> dynamo.updateItem(request));
    } catch (ConditionalCheckFailedException e) {
      GetItemResponse got = call("read batch " + batchId, () -> dynamo.getItem(b -> b.tableName(table)
          .key(key(catalogId, batchId)).consistentRead(true)));
      return got.hasItem() && !got.item().isEmpty() ? Start.ALREADY_COMPLETED : Start.UNKNOWN_BATCH;
    }
    moveInShard(catalogId, batchId, shardCount, PROCESSING_SET, List.of(FAILING_SET), now);
    return Start.STARTED;
  }

  /** Moves the batch between its shard's id sets ({@link ShardSets}); nothing when the shards are unknown. */
  private void moveInShard(String catalogId, String batchId, int shardCount, String into, List<String> outOf,
      Instant now) {
    if (shardCount >= 1) {
      UpdateItemRequest move = ShardSets.move(table, catalogId, batchId, shardCount, into, outOf, now);
      call("update shard of batch " + batchId, () -> dynamo.updateItem(move));
    }
  }

  @Override
  public void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, Instant now) {
    complete(catalogId, batchId, shardCount, succeeded, failed, 0, now);
  }

  /** The tokens are added with the counts, under the same once-only condition, so they stay exact too. */
  @Override
  public void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, long tokens,
      Instant now) {
    int shard = StatusTable.shardOf(batchId, shardCount);
    UpdateItemRequest count =
        UpdateItemRequest.builder()
            .tableName(table)
            .key(key(catalogId, StatusTable.shardId(shard)))
            .updateExpression("ADD #pd :n, #ok :ok, #ko :ko, #bd :one, #tk :tk, #counted :ids SET #upd = :now"
                + " DELETE #proc :ids, #failing :ids")
            .conditionExpression("NOT contains(#counted, :id)")
            .expressionAttributeNames(Map.of(
                "#pd", PRODUCTS_DONE, "#ok", SUCCEEDED, "#ko", FAILED, "#bd", BATCHES_DONE, "#tk", TOKENS_SPENT,
                "#counted", COUNTED, "#upd", UPDATED_AT, "#proc", PROCESSING_SET, "#failing", FAILING_SET))
            .expressionAttributeValues(Map.of(
                ":n", n(succeeded + failed), ":ok", n(succeeded), ":ko", n(failed), ":one", n(1), ":tk", n(tokens),
                ":ids", AttributeValue.builder().ss(batchId).build(),
                ":id", s(batchId),
                ":now", s(now.toString())))
            .build();
    try {
      call("count batch " + batchId, () -> dynamo.updateItem(count));
    } catch (ConditionalCheckFailedException alreadyCounted) {
      // An earlier delivery counted this batch; counting it again would break exactness. This
      // delivery's own start listed it as processing again: take it out.
      moveInShard(catalogId, batchId, shardCount, null, List.of(PROCESSING_SET, FAILING_SET), now);
    }
    call("complete batch " + batchId, () -> dynamo.updateItem(b -> b.tableName(table)
        .key(key(catalogId, batchId))
        .updateExpression("SET #st = :completed, #ok = :ok, #ko = :ko, #done = :now, #upd = :now,"
            + " #shard = :shard REMOVE #err")
        .expressionAttributeNames(Map.of(
            "#st", STATUS, "#ok", SUCCEEDED, "#ko", FAILED, "#done", COMPLETED_AT,
            "#upd", UPDATED_AT, "#shard", SHARD, "#err", LAST_ERROR))
        .expressionAttributeValues(Map.of(
            ":completed", s(BatchState.COMPLETED.name()), ":ok", n(succeeded), ":ko", n(failed),
            ":now", s(now.toString()), ":shard", n(shard)))));
  }

  /**
   * One conditional update of the catalog item: it adds the batch's tokens and id only while the
   * claimed total stays within the budget (DynamoDB conditions have no arithmetic, so the limit is
   * passed as budget minus this claim), and only once per batch.
   */
  @Override
  public boolean claimTokens(String catalogId, String batchId, long tokens, long budget) {
    if (tokens > budget) {
      return alreadyClaimed(catalogId, batchId);
    }
    UpdateItemRequest claim = UpdateItemRequest.builder()
        .tableName(table)
        .key(key(catalogId, CATALOG_ITEM))
        .updateExpression("ADD #claimed :tokens, #claims :ids")
        .conditionExpression("attribute_exists(#cid) AND NOT contains(#claims, :id)"
            + " AND (attribute_not_exists(#claimed) OR #claimed <= :limit)")
        .expressionAttributeNames(Map.of("#claimed", TOKENS_CLAIMED, "#claims", BUDGET_CLAIMS,
            "#cid", StatusTable.CATALOG_ID))
        .expressionAttributeValues(Map.of(":tokens", n(tokens), ":limit", n(budget - tokens),
            ":ids", AttributeValue.builder().ss(batchId).build(), ":id", s(batchId)))
        .build();
    try {
      call("claim tokens for batch " + batchId, () -> dynamo.updateItem(claim));
      return true;
    } catch (ConditionalCheckFailedException refused) {
      return alreadyClaimed(catalogId, batchId);
    }
  }

  private boolean alreadyClaimed(String catalogId, String batchId) {
    GetItemResponse got = call("read token claims of " + catalogId, () -> dynamo.getItem(b -> b.tableName(table)
        .key(key(catalogId, CATALOG_ITEM)).consistentRead(true)
        .projectionExpression("#claims").expressionAttributeNames(Map.of("#claims", BUDGET_CLAIMS))));
    AttributeValue claims = got.hasItem() ? got.item().get(BUDGET_CLAIMS) : null;
    return claims != null && claims.hasSs() && claims.ss().contains(batchId);
  }

  @Override
  public void cancel(String catalogId, String batchId, int shardCount, Instant now) {
    if (setStateUnlessCompleted(catalogId, batchId, BatchState.CANCELLED, null, now)) {
      moveInShard(catalogId, batchId, shardCount, SKIPPED_SET, List.of(PROCESSING_SET, FAILING_SET), now);
    }
  }

  @Override
  public void fail(String catalogId, String batchId, int shardCount, String error, Instant now) {
    String trimmed = error.length() > StatusTable.MAX_ERROR_LENGTH
        ? error.substring(0, StatusTable.MAX_ERROR_LENGTH) : error;
    if (setStateUnlessCompleted(catalogId, batchId, BatchState.FAILED, trimmed, now)) {
      moveInShard(catalogId, batchId, shardCount, FAILING_SET, List.of(PROCESSING_SET), now);
    }
  }

  /** Returns false when the batch is completed or unknown, and then changes nothing. */
  private boolean setStateUnlessCompleted(
      String catalogId, String batchId, BatchState state, String error, Instant now) {
    StringBuilder update = new StringBuilder("SET #st = :state, #upd = :now");
    Map<String, String> names = new HashMap<>(Map.of(
        "#st", STATUS, "#upd", UPDATED_AT, "#bid", BATCH_ID));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":state", s(state.name()), ":now", s(now.toString()),
        ":completed", s(BatchState.COMPLETED.name())));
    if (error != null) {
      update.append(", #err = :err");
      names.put("#err", LAST_ERROR);
      values.put(":err", s(error));
    }
    try {
      call("mark batch " + batchId + " " + state, () -> dynamo.updateItem(b -> b.tableName(table)
          .key(key(catalogId, batchId))
          .updateExpression(update.toString())
          .conditionExpression("attribute_exists(#bid) AND #st <> :completed")
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)));
      return true;
    } catch (ConditionalCheckFailedException completedOrUnknown) {
      // A completed batch stays completed; an unknown one has nothing to mark.
      return false;
    }
  }

  /** Runs a DynamoDB call; conditional failures pass through, everything else means "unavailable". */
  private static <T> T call(String what, java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (SdkException e) {
      throw new StoreUnavailableException("DynamoDB: cannot " + what + ": " + e.getMessage(), e);
    }
  }
}
