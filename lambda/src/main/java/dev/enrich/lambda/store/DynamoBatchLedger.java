package dev.enrich.lambda.store;

import static dev.enrich.contract.StatusTable.ATTEMPTS;
import static dev.enrich.contract.StatusTable.BATCHES_DONE;
import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.BUDGET_CLAIMS;
import static dev.enrich.contract.StatusTable.CANCELLED;
import static dev.enrich.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.contract.StatusTable.COMPLETED_AT;
import static dev.enrich.contract.StatusTable.COMPLETION_STATE;
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
import static dev.enrich.contract.StatusTable.STOPPED_REASON;
import static dev.enrich.contract.StatusTable.SUCCEEDED;
import static dev.enrich.contract.StatusTable.TOKENS_CLAIMED;
import static dev.enrich.contract.StatusTable.TOKENS_SPENT;
import static dev.enrich.contract.StatusTable.TOTAL_BATCHES;
import static dev.enrich.contract.StatusTable.TOTAL_PRODUCTS;
import static dev.enrich.contract.StatusTable.UPDATED_AT;
import static dev.enrich.lambda.store.Attributes.key;
import static dev.enrich.lambda.store.Attributes.n;
import static dev.enrich.lambda.store.Attributes.s;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.StatusTable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
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
            .projectionExpression("#s, #c, #at, #stop, #tp, #tb")
            .expressionAttributeNames(Map.of("#s", SHARD_COUNT, "#c", CANCELLED, "#at", CREATED_AT,
                "#stop", STOPPED_REASON, "#tp", TOTAL_PRODUCTS, "#tb", TOTAL_BATCHES))));
    if (!got.hasItem() || got.item().isEmpty()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = got.item();
    int shards = item.containsKey(SHARD_COUNT) ? Integer.parseInt(item.get(SHARD_COUNT).n()) : 1;
    return Optional.of(new CatalogView(catalogId, shards, flag(item, CANCELLED), instant(item, CREATED_AT),
        item.containsKey(STOPPED_REASON), number(item, TOTAL_PRODUCTS), (int) number(item, TOTAL_BATCHES)));
  }

  @Override
  public Optional<CatalogTally> tally(String catalogId) {
    QueryRequest head = QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("#c = :c AND #b < :batches")
        .expressionAttributeNames(Map.of("#c", StatusTable.CATALOG_ID, "#b", BATCH_ID))
        .expressionAttributeValues(Map.of(":c", s(catalogId), ":batches", s(StatusTable.BATCH_PREFIX)))
        .build();
    Map<String, AttributeValue> catalog = null;
    long succeeded = 0;
    long failed = 0;
    long tokens = 0;
    Instant started = null;
    BatchCounts.Builder batches = new BatchCounts.Builder();
    for (Map<String, AttributeValue> item : call("read catalog " + catalogId,
        () -> dynamo.queryPaginator(head).items().stream().toList())) {
      String sortKey = item.get(BATCH_ID).s();
      if (CATALOG_ITEM.equals(sortKey)) {
        catalog = item;
      } else if (sortKey.startsWith(StatusTable.SHARD_PREFIX)) {
        succeeded += number(item, SUCCEEDED);
        failed += number(item, FAILED);
        tokens += number(item, TOKENS_SPENT);
        Instant first = instant(item, StatusTable.FIRST_STARTED_AT);
        started = started == null || (first != null && first.isBefore(started)) ? first : started;
        batches.add(set(item, COUNTED), set(item, PROCESSING_SET), set(item, FAILING_SET), set(item, SKIPPED_SET));
      }
    }
    if (catalog == null) {
      return Optional.empty();
    }
    long totalBatches = number(catalog, TOTAL_BATCHES);
    AttributeValue options = catalog.get(StatusTable.OPTIONS);
    AttributeValue maxFailures = options == null || !options.hasM() ? null
        : options.m().get(StatusTable.MAX_FAILURES_OPTION);
    return Optional.of(new CatalogTally(catalogId, text(catalog, StatusTable.USER_ID),
        text(catalog, StatusTable.SOURCE_NAME), instant(catalog, CREATED_AT), number(catalog, TOTAL_PRODUCTS),
        number(catalog, StatusTable.INVALID_PRODUCTS), totalBatches,
        StatusTable.SUBMIT_SENT.equals(text(catalog, StatusTable.SUBMIT_STATE)), flag(catalog, CANCELLED),
        maxFailures == null ? null : maxFailures.s(), text(catalog, STOPPED_REASON), succeeded, failed, tokens,
        started, batches.build(totalBatches), text(catalog, COMPLETION_STATE),
        (int) number(catalog, StatusTable.RETRY_ROUND)));
  }

  @Override
  public boolean shardSettled(String catalogId, String batchId, int shardCount, int totalBatches) {
    int shard = StatusTable.shardOf(batchId, shardCount);
    GetItemResponse got = call("read shard of batch " + batchId, () -> dynamo.getItem(b -> b.tableName(table)
        .key(key(catalogId, StatusTable.shardId(shard))).consistentRead(true)
        .projectionExpression("#counted, #proc, #failing, #skipped")
        .expressionAttributeNames(Map.of("#counted", COUNTED, "#proc", PROCESSING_SET, "#failing", FAILING_SET,
            "#skipped", SKIPPED_SET))));
    Map<String, AttributeValue> item = got.hasItem() ? got.item() : Map.of();
    BatchCounts.Builder sets = new BatchCounts.Builder();
    sets.add(set(item, COUNTED), set(item, PROCESSING_SET), set(item, FAILING_SET), set(item, SKIPPED_SET));
    int expected = StatusTable.batchesInShard(shard, shardCount, totalBatches);
    BatchCounts counts = sets.build(expected);
    return counts.completed() + counts.cancelled() >= expected;
  }

  @Override
  public boolean stop(String catalogId, Instant createdAt, String reason, Instant now) {
    try {
      call("stop catalog " + catalogId, () -> dynamo.updateItem(b -> b.tableName(table)
          .key(key(catalogId, CATALOG_ITEM))
          .updateExpression("SET #stop = :reason, #stopAt = :now, #upd = :now")
          .conditionExpression("#at = :at AND attribute_not_exists(#stop)")
          .expressionAttributeNames(Map.of("#stop", STOPPED_REASON, "#stopAt", StatusTable.STOPPED_AT,
              "#upd", UPDATED_AT, "#at", CREATED_AT))
          .expressionAttributeValues(Map.of(":reason", s(trim(reason)), ":now", s(now.toString()),
              ":at", s(StatusTable.sortableTime(createdAt))))));
      return true;
    } catch (ConditionalCheckFailedException stoppedOrReplaced) {
      return false;
    }
  }

  @Override
  public Claim claimCompletion(String catalogId, Instant createdAt, String batchId, String state, Instant now,
      Duration lease) {
    try {
      call("claim the completion event of " + catalogId, () -> dynamo.updateItem(b -> b.tableName(table)
          .key(key(catalogId, CATALOG_ITEM))
          .updateExpression("SET #state = :state, #by = :batch, #claimedAt = :now, #until = :until")
          .conditionExpression("#at = :at AND (attribute_not_exists(#state)"
              + " OR (attribute_not_exists(#published) AND #until < :nowMs))")
          .expressionAttributeNames(Map.of("#state", COMPLETION_STATE, "#by", StatusTable.COMPLETION_CLAIMED_BY,
              "#claimedAt", StatusTable.COMPLETION_CLAIMED_AT, "#until", StatusTable.COMPLETION_CLAIM_UNTIL,
              "#published", StatusTable.COMPLETION_PUBLISHED_AT, "#at", CREATED_AT))
          .expressionAttributeValues(Map.of(":state", s(state), ":batch", s(batchId), ":now", s(now.toString()),
              ":until", n(now.plus(lease).toEpochMilli()), ":nowMs", n(now.toEpochMilli()),
              ":at", s(StatusTable.sortableTime(createdAt))))));
      return Claim.WON;
    } catch (ConditionalCheckFailedException claimedOrReplaced) {
      GetItemResponse got = call("read the completion claim of " + catalogId, () -> dynamo.getItem(b -> b
          .tableName(table).key(key(catalogId, CATALOG_ITEM)).consistentRead(true)
          .projectionExpression("#at, #by, #published")
          .expressionAttributeNames(Map.of("#at", CREATED_AT, "#by", StatusTable.COMPLETION_CLAIMED_BY,
              "#published", StatusTable.COMPLETION_PUBLISHED_AT))));
      Map<String, AttributeValue> item = got.hasItem() ? got.item() : Map.of();
      boolean mineUnpublished = createdAt.equals(instant(item, CREATED_AT))
          && batchId.equals(text(item, StatusTable.COMPLETION_CLAIMED_BY))
          && !item.containsKey(StatusTable.COMPLETION_PUBLISHED_AT);
      return mineUnpublished ? Claim.PENDING : Claim.TAKEN;
    }
  }

  @Override
  public void releaseCompletion(String catalogId, String batchId) {
    try {
      call("release the completion claim of " + catalogId, () -> dynamo.updateItem(b -> b.tableName(table)
          .key(key(catalogId, CATALOG_ITEM))
          .updateExpression("REMOVE #state, #by, #claimedAt, #until")
          .conditionExpression("#by = :batch AND attribute_not_exists(#published)")
          .expressionAttributeNames(Map.of("#state", COMPLETION_STATE, "#by", StatusTable.COMPLETION_CLAIMED_BY,
              "#claimedAt", StatusTable.COMPLETION_CLAIMED_AT, "#until", StatusTable.COMPLETION_CLAIM_UNTIL,
              "#published", StatusTable.COMPLETION_PUBLISHED_AT))
          .expressionAttributeValues(Map.of(":batch", s(batchId)))));
    } catch (ConditionalCheckFailedException notMine) {
      // Published after all, or not this batch's claim: nothing to give back.
    }
  }

  @Override
  public void completionPublished(String catalogId, Instant now) {
    call("record the completion event of " + catalogId, () -> dynamo.updateItem(b -> b.tableName(table)
        .key(key(catalogId, CATALOG_ITEM))
        .updateExpression("SET #published = :now")
        .conditionExpression("attribute_exists(#c)")
        .expressionAttributeNames(Map.of("#published", StatusTable.COMPLETION_PUBLISHED_AT,
            "#c", StatusTable.CATALOG_ID))
        .expressionAttributeValues(Map.of(":now", s(now.toString())))));
  }

  private static String trim(String text) {
    return text.length() > StatusTable.MAX_ERROR_LENGTH ? text.substring(0, StatusTable.MAX_ERROR_LENGTH) : text;
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String v = text(item, name);
    return v == null ? null : Instant.parse(v);
  }

  private static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  private static Set<String> set(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || !v.hasSs() ? Set.of() : Set.copyOf(v.ss());
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
    count(catalogId, batchId, shardCount, succeeded, failed, tokens, succeeded + failed, succeeded, failed, now);
  }

  @Override
  public void completeRetry(String catalogId, String batchId, int shardCount, int succeeded, int failed, long tokens,
      Instant now) {
    // ADD takes negative numbers: the products that now succeed leave the failed count.
    count(catalogId, batchId, shardCount, succeeded, failed, tokens, 0, succeeded, -succeeded, now);
  }

  /** Counts a batch in its shard once ({@code addDone}, {@code addOk}, {@code addKo}), then marks it COMPLETED. */
  private void count(String catalogId, String batchId, int shardCount, int succeeded, int failed, long tokens,
      long addDone, long addOk, long addKo, Instant now) {
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
                ":n", n(addDone), ":ok", n(addOk), ":ko", n(addKo), ":one", n(1), ":tk", n(tokens),
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
    String trimmed = trim(error);
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
